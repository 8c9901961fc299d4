"""The widget endpoint answers from memory: bodies kept by ETag, whole answers given
again for WIDGET_RECHECK_SECONDS before Flask (embed.fast_path), and no cookies
anywhere on the APIs."""

from __future__ import annotations

import time

from embed.widget_cache import BodyCache
from tests.builders import make_api_key, make_business, make_review

WIDGET = "/api/v1/businesses/bakery/widget"


def test_a_cached_body_is_the_body_first_made(client, app):
    make_business(app)
    make_review(client, make_api_key(app))
    first = client.get(WIDGET)
    again = client.get(WIDGET)
    assert again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.json["summary"]["count"] == 1
    # Another query is another body, another ETag.
    other = client.get(WIDGET + "?limit=1")
    assert other.headers["ETag"] != first.headers["ETag"]
    assert len(other.json["reviews"]) == 1


def test_changes_show_once_the_recheck_interval_has_passed(make_app):
    app = make_app(WIDGET_RECHECK_SECONDS=3)
    client = app.test_client()
    make_business(app)
    key = make_api_key(app)
    before = client.get(WIDGET)
    make_review(client, key)
    # Within the interval this process answers from what it read before.
    assert client.get(WIDGET).headers["ETag"] == before.headers["ETag"]
    assert client.get(WIDGET).json["summary"]["count"] == 0
    # Past it, the change is there.
    time.sleep(3.1)
    fresh = client.get(WIDGET)
    assert fresh.headers["ETag"] != before.headers["ETag"]
    assert fresh.json["summary"]["count"] == 1


def test_repeats_are_answered_from_memory_with_their_own_request_ids(
    make_app, request_lines
):
    app = make_app(WIDGET_RECHECK_SECONDS=60)
    client = app.test_client()
    make_business(app)
    first = client.get(WIDGET)
    again = client.get(WIDGET)
    assert again.status_code == 200 and again.data == first.data
    same = {k: v for k, v in first.headers.items() if k != "X-Request-ID"}
    assert {k: v for k, v in again.headers.items() if k != "X-Request-ID"} == same
    assert again.headers["X-Request-ID"] != first.headers["X-Request-ID"]
    given = client.get(WIDGET, headers={"X-Request-ID": "edge-1"})
    assert given.headers["X-Request-ID"] == "edge-1"
    # A visitor holding the ETag gets a 304 without a body.
    cached = client.get(WIDGET, headers={"If-None-Match": first.headers["ETag"]})
    assert cached.status_code == 304 and cached.data == b""
    assert cached.headers["ETag"] == first.headers["ETag"]
    assert "Content-Type" not in cached.headers
    assert cached.headers["Access-Control-Allow-Origin"] == "*"
    other = client.get(WIDGET, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.data == first.data
    # Each answer, from memory or not, has its line in the request log.
    assert [(line["status"], line["request_id"]) for line in request_lines()] == [
        (200, first.headers["X-Request-ID"]),
        (200, again.headers["X-Request-ID"]),
        (200, "edge-1"),
        (304, cached.headers["X-Request-ID"]),
        (200, other.headers["X-Request-ID"]),
    ]


def test_a_revalidation_that_refills_memory_is_logged_as_the_304_it_gets(
    make_app, request_lines
):
    app = make_app(WIDGET_RECHECK_SECONDS=0.5)
    client = app.test_client()
    make_business(app)
    first = client.get(WIDGET)
    time.sleep(0.6)  # what was kept is too old: the next request goes through Flask
    again = client.get(WIDGET, headers={"If-None-Match": first.headers["ETag"]})
    missing = client.get("/api/v1/businesses/nobody/widget")
    assert again.status_code == 304 and missing.status_code == 404
    assert [(line["status"], line["request_id"]) for line in request_lines()] == [
        (200, first.headers["X-Request-ID"]),
        (304, again.headers["X-Request-ID"]),
        (404, missing.headers["X-Request-ID"]),
    ]


def test_only_whole_answers_are_kept_and_hosts_stay_apart(make_app):
    app = make_app(WIDGET_RECHECK_SECONDS=60, PROXY_COUNT=1)
    client = app.test_client()
    assert client.get(WIDGET).status_code == 404
    make_business(app)
    assert client.get(WIDGET).status_code == 200  # the 404 was not kept
    links = {
        host: client.get(WIDGET, headers={"X-Forwarded-Host": host}).json["links"]
        for host in ("a.example", "b.example")
    }
    assert links["a.example"]["reviews"].startswith("http://a.example/")
    assert links["b.example"]["reviews"].startswith("http://b.example/")
    bad = client.get(WIDGET + "?limit=abc")
    assert (
        bad.status_code == 422 and client.get(WIDGET + "?limit=abc").status_code == 422
    )


def test_the_body_cache_keeps_the_most_recently_used():
    cache = BodyCache(2)
    cache.put(("a", "h"), b"1")
    cache.put(("b", "h"), b"2")
    assert cache.get(("a", "h")) == b"1"  # a is now the most recent
    cache.put(("c", "h"), b"3")
    assert cache.get(("b", "h")) is None
    assert cache.get(("a", "h")) == b"1" and cache.get(("c", "h")) == b"3"
    assert len(cache) == 2
    nothing = BodyCache(0)
    nothing.put(("a", "h"), b"1")
    assert nothing.get(("a", "h")) is None


def test_the_apis_neither_read_nor_set_cookies(client, app):
    make_business(app)
    client.set_cookie("session", "not-a-valid-session")
    for path in (WIDGET, "/api/v1/businesses/bakery/reviews", "/healthz"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Cookie" not in response.headers.get("Vary", ""), path
        assert "Set-Cookie" not in response.headers, path
    # The panel still has its session.
    assert "Set-Cookie" in client.get("/admin/login").headers


def test_a_revalidation_keeps_the_answer_for_everyone(make_app):
    # Browsers always revalidate (If-None-Match). A revalidation that finds nothing
    # kept still has Flask make the whole answer, which is kept and used by the next
    # requests: here, one after the data changed, within the interval.
    app = make_app(WIDGET_RECHECK_SECONDS=2)
    client = app.test_client()
    make_business(app)
    key = make_api_key(app)
    etag = client.get(WIDGET).headers["ETag"]
    time.sleep(2.1)  # what was kept has expired
    revalidated = client.get(WIDGET, headers={"If-None-Match": etag})
    assert revalidated.status_code == 304 and revalidated.data == b""
    assert revalidated.headers["X-Request-ID"]
    make_review(client, key)
    kept = client.get(WIDGET)
    assert kept.headers["ETag"] == etag and kept.json["summary"]["count"] == 0
    time.sleep(2.1)
    assert client.get(WIDGET).json["summary"]["count"] == 1
