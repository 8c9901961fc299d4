"""nginx in front of a Vouch server with the production recipe (deploy/nginx.conf),
rewritten only where a test run must differ: its port, the app's port, and folders
of its own. Needs Debian's ``nginx`` package."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.servers import ROOT, free_port, stop, wait_until_up

RECIPE = ROOT / "deploy" / "nginx.conf"
CACHE_RULES = ROOT / "deploy" / "vouch-cache.conf"


def binary() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None
    )


def recipe_for(app_port: int, port: int, folder: Path, extra: str = "") -> str:
    """The recipe with this run's ports and cache folder; ``extra`` goes into the
    server block."""
    text = RECIPE.read_text()
    for production, here in (
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("listen 80 default_server;", f"listen 127.0.0.1:{port} default_server;"),
        ("listen 80;", f"listen 127.0.0.1:{port};\n    {extra}"),
        ("server_name reviews.example.com;", "server_name 127.0.0.1;"),
        ("/var/cache/nginx/vouch", str(folder / "cache")),
    ):
        assert production in text, production
        text = text.replace(production, here)
    return text


@contextmanager
def nginx(app_url: str, extra: str = "", workers: int = 1) -> Iterator[str]:
    """Serve the recipe in front of ``app_url``; yield nginx's base URL."""
    app_port = int(app_url.rsplit(":", 1)[1])
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="vouch-nginx-") as name:
        folder = Path(name)
        os.chmod(folder, 0o755)
        (folder / "vouch.conf").write_text(recipe_for(app_port, port, folder, extra))
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
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url + "/healthz", seconds=15)
            yield url
        finally:
            stop(process, signal.SIGQUIT, seconds=15)
            log.close()
