"""No bad input gets a 500 or a trace; errors are JSON on /api/, HTML elsewhere."""

from __future__ import annotations

import pytest

from tests.builders import csrf_from, login, make_user, review_payload

HUGE_ID = 10**20

CASES = [
    ("GET", "/api/v1/nothing", {}),
    ("GET", "/api/v1/businesses/bakery", {}),
    ("PUT", "/api/v1/businesses/bakery/widget", {}),
    ("DELETE", "/api/v1/businesses/bakery/reviews", {}),
    ("GET", "/api/v1/businesses/" + "x" * 5000 + "/widget", {}),
    ("GET", "/api/v1/businesses/%00/widget", {}),
    ("GET", "/api/v1/businesses/caf%C3%A9/widget", {}),
    ("GET", "/api/v1/businesses/bakery/reviews?per_page=%00", {}),
    ("GET", "/api/v1/businesses/bakery/reviews?cursor=%00%00", {}),
    ("GET", "/api/v1/businesses/bakery/reviews?rating=99999999999999999999", {}),
    (
        "POST",
        f"/api/v1/businesses/bakery/reviews/{HUGE_ID}/moderation",
        {"json": {"action": "publish"}},
    ),
    (
        "PUT",
        f"/api/v1/businesses/bakery/reviews/{HUGE_ID}/reply",
        {"json": {"body": "x"}},
    ),
    ("DELETE", f"/api/v1/businesses/bakery/reviews/{HUGE_ID}", {}),
    (
        "POST",
        "/api/v1/businesses/bakery/reviews/0/moderation",
        {"json": {"action": "publish"}},
    ),
    (
        "POST",
        "/api/v1/businesses/bakery/reviews",
        {"json": review_payload(author_email="a\x00@b.c")},
    ),
    (
        "POST",
        "/api/v1/businesses/bakery/reviews",
        {"json": review_payload(author_name="\x00")},
    ),
    (
        "POST",
        "/api/v1/businesses/bakery/reviews",
        {"json": review_payload(title=["a"])},
    ),
    (
        "POST",
        "/api/v1/businesses/bakery/reviews",
        {"json": review_payload(body={"a": 1})},
    ),
    (
        "POST",
        "/api/v1/businesses/bakery/reviews",
        {"json": review_payload(rating=10**100)},
    ),
    (
        "POST",
        "/api/v1/businesses/bakery/reviews",
        {"data": b"\xff\xfe", "content_type": "application/json"},
    ),
    (
        "POST",
        "/api/v1/businesses/bakery/reviews",
        {"data": "[" * 10000, "content_type": "application/json"},
    ),
    (
        "POST",
        "/api/v1/businesses/bakery/reviews",
        {"data": "", "content_type": "application/json"},
    ),
    (
        "POST",
        "/api/v1/businesses/bakery/reviews",
        {"json": review_payload(), "headers": {"Idempotency-Key": "\x00"}},
    ),
    ("GET", "/nowhere", {}),
    ("GET", "/admin/b/%00/", {}),
    ("POST", "/admin/login", {"data": {"email": "\x00", "password": "\x00"}}),
    ("GET", "/demo/../../etc/passwd", {}),
]


@pytest.mark.parametrize(("method", "path", "kwargs"), CASES)
def test_bad_requests_never_give_a_server_error(client, bakery, method, path, kwargs):
    response = client.open(path, method=method, **kwargs)
    assert response.status_code < 500, (
        path,
        response.status_code,
        response.get_data()[:300],
    )
    text = response.get_data(as_text=True)
    assert "Traceback" not in text
    if path.startswith("/api/"):
        body = response.get_json()
        assert body["error"] and body["message"]
    elif response.status_code >= 400:
        assert response.mimetype == "text/html"


def test_html_error_page_is_friendly(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "We couldn't find that page" in html
    assert 'href="/"' in html


def test_json_error_has_code_message_and_allowed_methods(client, bakery):
    response = client.put("/api/v1/businesses/bakery/widget")
    assert response.status_code == 405
    assert response.get_json()["error"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


def test_signed_in_user_with_nul_in_form_gets_no_500(app, client, bakery):
    make_user(app, "owner@bakery.example", "a long password", "bakery")
    login(client, "owner@bakery.example", "a long password")
    token = csrf_from(client.get("/admin/b/bakery/").get_data(as_text=True))
    response = client.post(
        "/admin/b/bakery/reviews/1/moderate",
        data={
            "csrf_token": token,
            "action": "reject",
            "reason": "\x00",
            "note": "\x00",
        },
    )
    assert response.status_code in (303, 404)
