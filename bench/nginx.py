"""nginx in front of a Vouch server with the production recipe (deploy/nginx.conf),
rewritten only where a test run must differ: its ports, the app's port, folders of its
own, and a certificate for ``localhost`` from a test CA made for the run (by
``openssl``) where certbot's would be. Needs Debian's ``nginx`` package."""

from __future__ import annotations

import os
import shutil
import signal
import ssl
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.servers import ROOT, free_port, stop, wait_until_up

RECIPE = ROOT / "deploy" / "nginx.conf"
CACHE_RULES = ROOT / "deploy" / "vouch-cache.conf"


def binary() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None
    )


def recipe_for(
    app_port: int, ports: tuple[int, int], folder: Path, extra: str = ""
) -> str:
    """The recipe with this run's ports (HTTP, HTTPS) on 127.0.0.1 only, the host
    name ``localhost``, a certificate from a test CA, and folders of its own;
    ``extra`` goes into the HTTPS server block."""
    http, https = ports
    text = RECIPE.read_text()
    for production, here in (
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("listen 80 default_server;", f"listen 127.0.0.1:{http} default_server;"),
        (
            "listen 443 ssl default_server;",
            f"listen 127.0.0.1:{https} ssl default_server;",
        ),
        ("listen 80;", f"listen 127.0.0.1:{http};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;\n    {extra}"),
        ("server_name reviews.example.com;", "server_name localhost;"),
        ("/etc/letsencrypt/live/reviews.example.com", str(folder)),
        ("/var/www/certbot", str(folder / "acme")),
        ("/var/cache/nginx/vouch", str(folder / "cache")),
    ):
        assert production in text, production
        text = text.replace(production, here)
    # This machine may have no IPv6.
    return "\n".join(line for line in text.splitlines() if "listen [::]" not in line)


def certificate(folder: Path) -> Path:
    """A test CA and a certificate for ``localhost`` signed by it, named as certbot
    names them (fullchain.pem, privkey.pem); return the CA's certificate."""

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl(
        "req",
        "-x509",
        *curve,
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Vouch test CA",
    )
    openssl(
        "req",
        *curve,
        "-keyout",
        "privkey.pem",
        "-out",
        "site.csr",
        "-subj",
        "/CN=localhost",
    )
    (folder / "site.ext").write_text(
        "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n"
    )
    openssl(
        "x509",
        "-req",
        "-in",
        "site.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "site.ext",
        "-out",
        "fullchain.pem",
    )
    return folder / "ca.pem"


@dataclass
class Front:
    """nginx as a test runs it: ``url`` is https://localhost:<port>, trusted by
    ``tls`` (a client context with the test CA); ``http_url`` is its port 80."""

    url: str
    http_url: str
    ca: Path

    @property
    def tls(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca))


@contextmanager
def nginx(app_url: str, extra: str = "", workers: int = 1) -> Iterator[Front]:
    """Serve the recipe in front of ``app_url``."""
    app_port = int(app_url.rsplit(":", 1)[1])
    ports = (free_port(), free_port())
    with tempfile.TemporaryDirectory(prefix="vouch-nginx-") as name:
        folder = Path(name)
        os.chmod(folder, 0o755)
        ca = certificate(folder)
        (folder / "vouch.conf").write_text(recipe_for(app_port, ports, folder, extra))
        shutil.copy(CACHE_RULES, folder / "vouch-cache.conf")
        temp = {
            kind: folder / kind
            for kind in ("body", "proxy", "fastcgi", "uwsgi", "scgi")
        }
        main = f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes {workers};
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    default_type application/octet-stream;
    include {folder}/vouch.conf;
}}
"""
        (folder / "nginx.conf").write_text(main)
        log = open(folder / "stderr.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(
            [
                binary(),
                "-p",
                str(folder),
                "-c",
                str(folder / "nginx.conf"),
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        front = Front(
            f"https://localhost:{ports[1]}", f"http://localhost:{ports[0]}", ca
        )
        try:
            wait_until_up(front.url + "/healthz", seconds=15, context=front.tls)
            yield front
        finally:
            stop(process, signal.SIGQUIT, seconds=15)
            log.close()
