"""Shared fixtures: a fresh app per test on SQLite and, when reachable, PostgreSQL.

PostgreSQL: ``VOUCH_TEST_POSTGRES_URL`` (default: the local server on 127.0.0.1:5432).
When it cannot be reached the PostgreSQL half is skipped with the reason, except under
CI (``CI`` set), where a missing database or browser is an error, never a skip.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import secrets
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tests.builders import make_api_key, make_business
from tests.chromium import CHROMIUM
from widget import create_app
from widget.background import stop_worker
from widget.extensions import db

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
IN_CI = bool(os.environ.get("CI"))


def postgres_admin_url() -> str:
    return os.environ.get("VOUCH_TEST_POSTGRES_URL", DEFAULT_POSTGRES)


def _libpq(url: str) -> str:
    return (
        make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    )


def _postgres_problem() -> str | None:
    try:
        psycopg.connect(_libpq(postgres_admin_url()), connect_timeout=2).close()
    except psycopg.Error as error:
        return f"PostgreSQL not reachable at {postgres_admin_url()}: {error}".strip()
    return None


def redis_url() -> str:
    return os.environ.get("VOUCH_TEST_REDIS_URL", DEFAULT_REDIS)


def _redis_problem() -> str | None:
    import redis

    try:
        redis.Redis.from_url(redis_url(), socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis not reachable at {redis_url()}: {error}"
    return None


def _chromium_version() -> str | None:
    if not shutil.which(CHROMIUM):
        return None
    result = subprocess.run(
        [CHROMIUM, "--version"], capture_output=True, text=True, timeout=30
    )
    return result.stdout.strip() or "Chromium"


POSTGRES_PROBLEM = _postgres_problem()
REDIS_PROBLEM = _redis_problem()
CHROMIUM_VERSION = _chromium_version()


def pytest_configure(config: pytest.Config) -> None:
    if IN_CI and POSTGRES_PROBLEM:
        raise pytest.UsageError(f"CI must test PostgreSQL: {POSTGRES_PROBLEM}")
    if IN_CI and REDIS_PROBLEM:
        raise pytest.UsageError(f"CI must test shared rate limits: {REDIS_PROBLEM}")
    if IN_CI and not CHROMIUM_VERSION:
        raise pytest.UsageError(f"CI must run the browser tests: {CHROMIUM} is missing")


def pytest_report_header(config: pytest.Config) -> list[str]:
    shown = make_url(postgres_admin_url()).render_as_string(hide_password=True)
    databases = "sqlite" + (
        f", postgresql ({shown})"
        if not POSTGRES_PROBLEM
        else f" (postgresql SKIPPED: {POSTGRES_PROBLEM})"
    )
    browser = (
        f"{CHROMIUM_VERSION} ({CHROMIUM})"
        if CHROMIUM_VERSION
        else f"none ({CHROMIUM} missing: browser tests SKIPPED)"
    )
    redis = redis_url() if not REDIS_PROBLEM else f"SKIPPED: {REDIS_PROBLEM}"
    return [
        f"databases under test: {databases}",
        f"browser under test: {browser}",
        f"redis under test: {redis}",
    ]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A scratch PostgreSQL database for this session, migrated to the latest schema."""
    if POSTGRES_PROBLEM:
        pytest.skip(POSTGRES_PROBLEM)
    name = f"vouch_test_{secrets.token_hex(4)}"
    admin = _libpq(postgres_admin_url())
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = (
        make_url(postgres_admin_url())
        .set(database=name)
        .render_as_string(hide_password=False)
    )
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "MAIL_WORKER": False}
    )
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    yield url
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """The database a test runs on: every test taking ``app`` runs on both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'vouch.sqlite'}"
    return request.getfixturevalue("postgres_url")


def app_config(database_url: str, **overrides: Any) -> dict[str, Any]:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_STORAGE_URI": "memory://",
        "SUBMIT_RATE_LIMIT": "1000 per minute",
        "SUBMIT_BUSINESS_RATE_LIMIT": "1000 per minute",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        # People are slow; tests are not. Spam tests set their own minimum.
        "MIN_FILL_SECONDS": 0,
        # Tests deliver e-mail themselves (or start the worker) against their own SMTP.
        "MAIL_WORKER": False,
        # Widgets see every change at once (production rechecks once a second).
        "WIDGET_RECHECK_SECONDS": 0,
    }
    config.update(overrides)
    return config


def build_app(database_url: str, **overrides: Any) -> Flask:
    """Create an app on an empty schema (created on SQLite, truncated on PostgreSQL)."""
    app = create_app(app_config(database_url, **overrides))
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            db.create_all()
        else:
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
    return app


@pytest.fixture
def make_app(database_url: str) -> Iterator:
    """A factory for apps with extra settings; each is disposed of after the test."""
    apps: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        apps.append(build_app(database_url, **overrides))
        return apps[-1]

    yield factory
    for made in apps:
        stop_worker(made)
        with made.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def bakery(app: Flask) -> str:
    """A business 'bakery' with an owner API key; returns the key."""
    make_business(app)
    return make_api_key(app)


# ---------- e-mail ----------


@dataclass
class Mailbox:
    """What a real local SMTP server (aiosmtpd) received."""

    host: str
    port: int
    messages: list[EmailMessage]
    recipients: list[str] = field(default_factory=list)
    # Each message as it came over the wire.
    raw: list[bytes] = field(default_factory=list)
    # The (user, password) of each log-in, where the server asks for one.
    logins: list[tuple[str, str]] = field(default_factory=list)

    def wait_for(self, count: int, timeout: float = 15.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, f"{len(self.messages)} of {count} e-mails"
        return self.messages

    def config(self) -> dict[str, Any]:
        return {"MAIL_SERVER": self.host, "MAIL_PORT": self.port}


@contextlib.contextmanager
def smtp_server(
    *, smtputf8: bool = False, password: str | None = None
) -> Iterator[Mailbox]:
    """A real SMTP server on 127.0.0.1 that keeps what it accepts; with
    ``smtputf8`` it offers SMTPUTF8 (internationalised addresses), with
    ``password`` it takes mail only after a log-in with that password."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    received: list[EmailMessage] = []
    recipients: list[str] = []
    raw: list[bytes] = []

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, options):
            # Like a real server: unknown users are refused for good, a full
            # mailbox for now.
            if address.startswith("nobody@"):
                return "550 5.1.1 No such user here"
            if address.startswith("full@"):
                return "452 4.2.2 Mailbox full, try again later"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            message = message_from_bytes(envelope.content, policy=default_policy)
            recipients.extend(envelope.rcpt_tos)
            raw.append(envelope.original_content or envelope.content)
            received.append(message)
            return "250 Message accepted for delivery"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    logins: list[tuple[str, str]] = []

    def authenticator(server, session, envelope, mechanism, data):
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        logins.append((data.login.decode(), data.password.decode()))
        return AuthResult(success=data.password.decode() == password, handled=False)

    login = {"authenticator": authenticator, "auth_require_tls": False}
    controller = Controller(
        Handler(),
        hostname="127.0.0.1",
        port=port,
        enable_SMTPUTF8=smtputf8,
        **(login if password is not None else {}),
    )
    controller.start()
    try:
        yield Mailbox("127.0.0.1", port, received, recipients, raw, logins)
    finally:
        controller.stop()


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def request_lines():
    """The request log's lines, as dicts, written while the test runs."""
    from widget.operations import request_log

    request_log.stream = stream = io.StringIO()
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    request_log.stream = None


@dataclass
class Receiver:
    url: str
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    status: int = 200


@pytest.fixture
def receiver():
    """A plain HTTP server on 127.0.0.1 that records what it is sent."""
    found = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            found.requests.append((dict(self.headers), body))
            self.send_response(found.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    found.url = f"http://127.0.0.1:{server.server_port}/hooks/vouch?x=1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield found
    server.shutdown()
    server.server_close()
