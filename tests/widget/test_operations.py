"""Health checks for load balancers, request ids and the structured request log."""

from __future__ import annotations

import pytest

from tests.conftest import app_config
from widget import create_app


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


def test_the_request_log_can_be_turned_off(make_app, request_lines):
    app = make_app(REQUEST_LOG=False)
    response = app.test_client().get("/healthz")
    assert response.headers["X-Request-ID"]
    assert request_lines() == []
