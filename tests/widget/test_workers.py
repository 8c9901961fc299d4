"""Several gunicorn workers share one rate limit through Redis (REDIS_URL)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REDIS_PROBLEM, build_app, make_business, redis_url
from widget.extensions import db

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _post(url: str, body: bytes) -> int:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def test_rate_limit_holds_across_gunicorn_workers(tmp_path):
    if REDIS_PROBLEM:
        pytest.skip(REDIS_PROBLEM)
    database = f"sqlite:///{tmp_path / 'workers.sqlite'}"
    app = build_app(database)
    make_business(app)
    with app.app_context():
        db.engine.dispose()
    port = _free_port()
    env = {
        **os.environ,
        "VOUCH_SECRET_KEY": secrets.token_hex(16),
        "DATABASE_URL": database,
        "REDIS_URL": redis_url(),
        "VOUCH_RATELIMIT_KEY_PREFIX": f"test-{secrets.token_hex(4)}",
        "VOUCH_SUBMIT_RATE_LIMIT": "4 per minute",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--reuse-port",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/embed.js", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        body = (
            b'{"rating": 5, "body": "Great", "author_name": "Al", '
            b'"author_email": "al@example.com", "consent": true}'
        )
        # New connections spread the requests over the workers.
        statuses = [
            _post(f"{base}/api/v1/businesses/bakery/reviews", body) for _ in range(10)
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()
    assert statuses.count(201) == 4, statuses
    assert statuses.count(429) == 6, statuses
