"""Live servers and a real headless Chromium for browser tests.

The Vouch service and the host page run on different origins (127.0.0.1 and localhost,
different ports), as they do when a business embeds the widget on its own site.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.chromium import CHROMIUM, LAUNCH_ARGS
from tests.conftest import CHROMIUM_VERSION, build_app
from widget.background import stop_worker
from widget.extensions import db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results" / "browser"
# A host name that Chromium resolves to 127.0.0.1: a page from it over http:// is not
# a secure context (unlike localhost), as on a business site without HTTPS.
PLAIN_HTTP_SITE = "shop.example"
RESOLVE_PLAIN_HTTP_SITE = f"--host-resolver-rules=MAP {PLAIN_HTTP_SITE} 127.0.0.1"


class _Thread:
    def __init__(self, server) -> None:
        self.server = server
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def make_live_app(tmp_path) -> Iterator:
    """Start the Vouch app (with extra settings) on SQLite, on 127.0.0.1."""
    started = []

    def start(**overrides):
        app = build_app(f"sqlite:///{tmp_path / 'browser.sqlite'}", **overrides)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        started.append((app, _Thread(server)))
        app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
        # Links in e-mails lead to this server (read at request time).
        app.config["PUBLIC_URL"] = app.config["LIVE_URL"]
        return app

    yield start
    for app, running in started:
        running.stop()
        stop_worker(app)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def live_app(make_live_app):
    """The Vouch app on SQLite, served by a threaded server on 127.0.0.1."""
    return make_live_app()


@dataclass
class HostSite:
    """A plain web page on another origin that embeds the widget."""

    pages: dict[str, str] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    url: str = ""


@pytest.fixture
def host_site() -> Iterator[HostSite]:
    site = HostSite()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = site.pages.get(self.path.split("?")[0])
            if body is None:
                self.send_error(404)
                return
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in site.headers.get(self.path.split("?")[0], {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.url = f"http://localhost:{server.server_port}"
    running = _Thread(server)
    yield site
    running.stop()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM_VERSION:
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[*LAUNCH_ARGS, RESOLVE_PLAIN_HTTP_SITE],
        )
        yield browser
        browser.close()


def watch(page) -> list[str]:
    """Collect every console error and uncaught exception of ``page``."""
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a screenshot for a reviewer to look at under test-results/browser/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, service: str, email: str, password: str) -> None:
    """Sign in to the admin panel through its login form."""
    page.goto(service + "/admin/login")
    # By the fields' ids: the form is in the browser's language.
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main button[type=submit]").click()
    # The panel's script is deferred: keys pressed before it ran would be lost.
    page.wait_for_load_state()
