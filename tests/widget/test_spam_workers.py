"""Bots against four gunicorn workers sharing Redis: every defence holds across
processes, with the right status and a recorded reason; a person gets through."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.builders import make_api_key, make_business
from tests.conftest import REDIS_PROBLEM, build_app, redis_url
from widget.extensions import db

ROOT = Path(__file__).resolve().parents[2]
MIN_FILL = 1.5


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Visitor:
    """One client address (the server trusts one proxy's X-Forwarded-For)."""

    def __init__(self, base: str, address: str) -> None:
        self.base = base
        self.address = address

    def call(self, method: str, path: str, body: dict | None = None, headers=None):
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps(body).encode() if body is not None else None,
            headers={
                "Content-Type": "application/json",
                "X-Forwarded-For": self.address,
                **(headers or {}),
            },
            method=method,
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            with error:
                return error.code, json.loads(error.read() or b"null")

    def token(self) -> str:
        status, body = self.call("GET", "/api/v1/businesses/bakery/form")
        assert status == 200, body
        return body["form_token"]

    def post(self, token: str, **fields):
        review = {
            "rating": 4,
            "body": f"Lovely sourdough, visit {secrets.token_hex(4)}.",
            "author_name": "Al",
            "author_email": "al@example.com",
            "consent": True,
            "form_token": token,
            **fields,
        }
        return self.call("POST", "/api/v1/businesses/bakery/reviews", review)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn, four workers, Redis-backed limits: 4 per client, 20 per business."""
    if REDIS_PROBLEM:
        pytest.skip(REDIS_PROBLEM)
    folder = tmp_path_factory.mktemp("workers")
    database = f"sqlite:///{folder / 'workers.sqlite'}"
    app = build_app(database)
    make_business(app)
    key = make_api_key(app)
    with app.app_context():
        db.engine.dispose()
    port = _free_port()
    env = {
        **os.environ,
        "VOUCH_SECRET_KEY": secrets.token_hex(16),
        "VOUCH_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": database,
        "REDIS_URL": redis_url(),
        "VOUCH_RATELIMIT_KEY_PREFIX": f"test-{secrets.token_hex(4)}",
        "VOUCH_SUBMIT_RATE_LIMIT": "4 per minute",
        "VOUCH_SUBMIT_BUSINESS_RATE_LIMIT": "20 per minute",
        "VOUCH_MIN_FILL_SECONDS": str(MIN_FILL),
        "VOUCH_PROXY_COUNT": "1",
        "VOUCH_MAIL_WORKER": "false",
    }
    process = subprocess.Popen(
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
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/embed.js", timeout=2).close()
            break
        except OSError:
            time.sleep(0.2)
    yield base, key
    process.terminate()
    process.wait(timeout=30)
    process.stderr.close()


def held_as_spam(server, review_id: int) -> str:
    """The reason recorded for a review in the spam folder (via the owner API)."""
    base, key = server
    owner = Visitor(base, "10.9.9.9")
    status, body = owner.call(
        "GET",
        "/api/v1/businesses/bakery/reviews?status=spam&per_page=50",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert status == 200
    notes = {review["id"]: review["rejection_note"] for review in body["reviews"]}
    return notes[review_id]


def test_a_person_filling_in_the_form_gets_through(server):
    person = Visitor(server[0], "10.0.0.1")
    token = person.token()
    time.sleep(MIN_FILL + 0.2)  # reading the form and typing
    status, body = person.post(token)
    assert (status, body.get("status")) == (201, "pending"), body


def test_honeypot_filled_in_is_held_as_spam(server):
    bot = Visitor(server[0], "10.0.0.2")
    token = bot.token()
    time.sleep(MIN_FILL + 0.2)
    status, body = bot.post(token, website="http://cheap-pills.example")
    assert (status, body["status"]) == (201, "spam")
    assert "honeypot" in held_as_spam(server, body["id"])


def test_too_fast_is_held_as_spam(server):
    bot = Visitor(server[0], "10.0.0.3")
    status, body = bot.post(bot.token())
    assert (status, body["status"]) == (201, "spam")
    assert "after the form was shown" in held_as_spam(server, body["id"])


def test_replayed_form_token_is_refused_by_every_worker(server):
    bot = Visitor(server[0], "10.0.0.4")
    token = bot.token()
    time.sleep(MIN_FILL + 0.2)
    first, _ = bot.post(token)
    replays = [bot.post(token) for _ in range(3)]
    assert first == 201
    for status, body in replays:
        assert status == 409
        assert body["errors"] == {
            "form_token": [
                "This form was already sent. Reload the page to write another review."
            ]
        }


def test_a_retry_racing_its_first_try_gets_the_same_answer(server):
    """The same review sent three times at once with one Idempotency-Key (a client
    retrying before the first answer came): one review, three 201s naming it."""
    visitor = Visitor(server[0], "10.0.0.9")
    token = visitor.token()
    time.sleep(MIN_FILL + 0.2)
    review = {
        "rating": 5,
        "body": "Warm rolls at seven every morning.",
        "author_name": "Al",
        "author_email": "al@example.com",
        "consent": True,
        "form_token": token,
    }
    with ThreadPoolExecutor(3) as pool:
        answers = list(
            pool.map(
                lambda _: visitor.call(
                    "POST",
                    "/api/v1/businesses/bakery/reviews",
                    review,
                    {"Idempotency-Key": "retry-race"},
                ),
                range(3),
            )
        )
    assert [status for status, _ in answers] == [201, 201, 201], answers
    assert len({body["id"] for _, body in answers}) == 1


def test_forged_form_token_is_refused(server):
    bot = Visitor(server[0], "10.0.0.5")
    token = bot.token()
    status, body = bot.post(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert status == 422
    assert "form_token" in body["errors"]
    status, body = bot.post("")
    assert status == 422 and "form_token" in body["errors"]


def test_burst_from_one_client_is_limited_across_workers(server):
    bot = Visitor(server[0], "10.0.0.6")
    statuses = [bot.post(bot.token())[0] for _ in range(10)]
    assert statuses.count(201) == 4, statuses
    assert statuses.count(429) == 6, statuses


def test_flood_at_one_business_is_limited_across_clients(server):
    # Six fresh clients may send 24 between them; the business takes 20 a minute,
    # fewer still after the earlier tests.
    results = []
    for n in range(6):
        client = Visitor(server[0], f"10.1.0.{n}")
        results += [client.post(client.token()) for _ in range(4)]
    limited = [body for status, body in results if status == 429]
    assert limited, [status for status, _ in results]
    assert all("receiving too many reviews" in body["message"] for body in limited)
