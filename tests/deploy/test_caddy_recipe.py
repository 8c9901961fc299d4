"""The Caddy recipe, run: deploy/Caddyfile in front of gunicorn, with Caddy's own
internal CA where the public one would sign (the run's only differences: ports,
folders, the host name ``localhost``). Plain HTTP redirects to HTTPS, the app's HSTS
comes through once, other host names get nothing, and the app sees HTTPS."""

from __future__ import annotations

import shutil
import signal
import socket
import ssl
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench import databases, servers
from tests.conftest import IN_CI
from tests.deploy.http import call

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / "deploy" / "Caddyfile"

pytestmark = pytest.mark.skipif(
    shutil.which("caddy") is None and not IN_CI, reason="caddy is not installed here"
)


def recipe_for(app_port: int, http: int, https: int, folder: Path) -> str:
    text = RECIPE.read_text()
    for production, here in (
        (
            "\temail admin@example.com\n",
            "\tadmin off\n\tlocal_certs\n\tskip_install_trust\n"
            f"\thttp_port {http}\n\thttps_port {https}\n"
            f"\tstorage file_system {{\n\t\troot {folder / 'data'}\n\t}}\n",
        ),
        ("reviews.example.com {", "localhost {"),
        ("reverse_proxy 127.0.0.1:8000", f"reverse_proxy 127.0.0.1:{app_port}"),
        ("/var/log/caddy/vouch-access.log", str(folder / "access.log")),
    ):
        assert production in text, production
        text = text.replace(production, here)
    return text


@contextmanager
def caddy(app_url: str, folder: Path):
    http, https = servers.free_port(), servers.free_port()
    app_port = int(app_url.rsplit(":", 1)[1])
    (folder / "Caddyfile").write_text(recipe_for(app_port, http, https, folder))
    log = open(folder / "caddy.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        ["caddy", "run", "--config", "Caddyfile", "--adapter", "caddyfile"],
        cwd=folder,
        env={"HOME": str(folder), "PATH": "/usr/bin:/bin"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # Caddy's internal CA is made at start, then signs the site's certificate.
        root = folder / "data" / "pki" / "authorities" / "local" / "root.crt"
        deadline = time.monotonic() + 30
        while not root.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        tls = ssl.create_default_context(cafile=str(root))
        servers.wait_until_up(f"https://localhost:{https}/healthz", 30, context=tls)
        yield f"http://localhost:{http}", f"https://localhost:{https}", tls
    finally:
        servers.stop(process, signal.SIGTERM, seconds=15)
        log.close()


@pytest.fixture
def behind_caddy(tmp_path):
    url = f"sqlite:///{tmp_path}/vouch.sqlite"
    app = databases.app_for(url)
    with app.app_context():
        from widget.businesses import create_business

        create_business("bakery", "Bakery")
    databases.dispose(app)
    env = {**databases.server_env(url), "VOUCH_PROXY_COUNT": "1"}
    with (
        servers.gunicorn("wsgi:app", env, workers=1, threads=2) as app_server,
        caddy(app_server.url, tmp_path) as front,
    ):
        yield front


def test_caddy_serves_vouch_over_https_and_nothing_else(behind_caddy):
    http, https, tls = behind_caddy
    status, headers, _ = call(http + "/admin/login")
    assert status == 308 and headers["Location"].startswith("https://localhost")

    status, headers, body = call(
        https + "/api/v1/businesses/bakery/widget", context=tls
    )
    assert status == 200 and b'"Bakery"' in body
    assert headers.get_all("Strict-Transport-Security") == ["max-age=63072000"]
    # The app knows it is reached over HTTPS: its cookies are Secure-only.
    status, headers, _ = call(https + "/admin/login", context=tls)
    [session] = [c for c in headers.get_all("Set-Cookie") if c.startswith("session=")]
    assert status == 200 and "; Secure" in session

    with pytest.raises(OSError):
        call(http + "/healthz", headers={"Host": "evil.example"})
    port = int(https.rsplit(":", 1)[1])
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
        pytest.raises(ssl.SSLError),
    ):
        tls.wrap_socket(raw, server_hostname="evil.example")
