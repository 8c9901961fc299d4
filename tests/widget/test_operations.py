"""Health checks for load balancers, request ids and the structured request log."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest

from bench import databases, servers
from tests.builders import make_business
from tests.conftest import app_config, build_app
from tests.deploy.http import call
from widget import create_app
from widget.extensions import db


def test_healthz_and_readyz_answer_when_all_is_well(client):
    for path in ("/healthz", "/readyz"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.json["status"] == "ok"
        assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/readyz").json["database"] == "ok"


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent-folder/vouch.sqlite",
        # Nothing listens on port 1; the connect timeout bounds the wait.
        "postgresql+psycopg://postgres@127.0.0.1:1/vouch",
    ],
)
def test_readyz_says_503_when_the_database_is_unreachable(url):
    app = create_app(app_config(url, DATABASE_CONNECT_TIMEOUT=1))
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert response.json["database"] == "OperationalError"
    assert response.headers["Retry-After"] == "5"


def test_every_response_carries_a_request_id(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/api/v1/businesses/nobody/widget").headers["X-Request-ID"]
    assert len(first) == 32 and first != second
    # A proxy's id is kept, so one id follows the request through every log.
    given = client.get("/healthz", headers={"X-Request-ID": "edge-42.a:b"})
    assert given.headers["X-Request-ID"] == "edge-42.a:b"
    # Anything else is replaced, never echoed.
    for bad in ("has space", "x" * 129, "<script>", ""):
        answered = client.get("/healthz", headers={"X-Request-ID": bad})
        assert answered.headers["X-Request-ID"] != bad
        assert len(answered.headers["X-Request-ID"]) == 32


def test_each_request_is_one_json_log_line_with_its_id(client, request_lines):
    ok = client.get("/healthz", headers={"X-Request-ID": "abc123"})
    missing = client.get("/api/v1/businesses/nobody/widget")
    lines = request_lines()
    assert [line["status"] for line in lines] == [200, 404]
    first, second = lines
    assert first["request_id"] == "abc123" == ok.headers["X-Request-ID"]
    assert second["request_id"] == missing.headers["X-Request-ID"]
    assert second["path"] == "/api/v1/businesses/nobody/widget"
    assert second["method"] == "GET"
    assert second["level"] == "info" and second["logger"] == "vouch.requests"
    assert isinstance(second["duration_ms"], float) and second["duration_ms"] >= 0
    assert first["time"].endswith("Z")


def test_each_line_has_the_time_of_its_request_across_seconds(client, request_lines):
    """Lines written 0.4 s apart, so that some fall in the next second, each carry
    the UTC time at which their request ended, to the millisecond."""
    spans = []
    for _ in range(4):
        before = time.time()
        client.get("/healthz")
        spans.append((before, time.time()))
        time.sleep(0.4)
    for line, (before, after) in zip(request_lines(), spans, strict=True):
        stamp = datetime.strptime(line["time"], "%Y-%m-%dT%H:%M:%S.%fZ")
        written = stamp.replace(tzinfo=UTC).timestamp()
        assert before - 0.001 <= written <= after, (line["time"], before, after)


def test_the_request_log_can_be_turned_off(make_app, request_lines):
    app = make_app(REQUEST_LOG=False)
    response = app.test_client().get("/healthz")
    assert response.headers["X-Request-ID"]
    assert request_lines() == []


def test_a_served_app_writes_each_request_as_a_json_line_on_standard_error(
    tmp_path,
):
    """Under gunicorn with the production settings, one whole JSON object per line
    on standard error for each request, the fast path's answers included, each with
    the id its answer carried."""
    database = f"sqlite:///{tmp_path / 'served.sqlite'}"
    app = build_app(database)
    make_business(app)
    with app.app_context():
        db.engine.dispose()
    output = tmp_path / "server.log"
    widget = "/api/v1/businesses/bakery/widget"
    env = databases.server_env(database) | {"VOUCH_MAIL_WORKER": "false"}
    with servers.gunicorn("wsgi:app", env, workers=1, threads=2, log=output) as up:
        sent = time.time()
        status, headers, _ = call(up.url + "/healthz", headers={"X-Request-ID": "e-7"})
        assert status == 200
        # The second answer comes from the fast path, without Flask.
        answers = [call(up.url + widget) for _ in range(2)]
        missing = call(up.url + "/api/v1/businesses/nobody/widget")
    lines = [
        json.loads(line)
        for line in output.read_text().splitlines()
        if line.startswith("{") and '"logger": "vouch.requests"' in line
    ]
    # The server's own readiness checks come before this test's requests.
    asked = [n for n in lines if n["path"] != "/healthz" or n["request_id"] == "e-7"]
    assert [(line["path"], line["status"]) for line in asked] == [
        ("/healthz", 200),
        (widget, 200),
        (widget, 200),
        ("/api/v1/businesses/nobody/widget", 404),
    ]
    ids = [answer[1]["X-Request-ID"] for answer in [*answers, missing]]
    assert headers["X-Request-ID"] == "e-7"
    assert [line["request_id"] for line in asked] == ["e-7", *ids]
    for line in asked:
        assert line["level"] == "info" and line["method"] == "GET"
        assert line["message"] == f"GET {line['path']} {line['status']}"
        assert line["remote"] == "127.0.0.1"
        assert line["duration_ms"] >= 0
        stamp = datetime.strptime(line["time"], "%Y-%m-%dT%H:%M:%S.%fZ")
        assert abs(stamp.replace(tzinfo=UTC).timestamp() - sent) < 30
