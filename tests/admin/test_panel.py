"""The admin panel, through HTTP as a browser would use it."""

from __future__ import annotations

import re

import pytest

from tests.admin.conftest import PASSWORD
from tests.builders import (
    csrf_from,
    login,
    make_business,
    make_review,
    make_user,
    post_action,
    queue_page,
    submit,
)


def test_login_page_and_bad_credentials_get_a_generic_error(client, owner):
    assert client.get("/admin/login").status_code == 200
    wrong_password = login(client, "owner@bakery.example", "wrong password")
    unknown_user = login(client, "nobody@bakery.example", PASSWORD)
    for response in (wrong_password, unknown_user):
        assert response.status_code == 401
        assert "do not match an account" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "form", [{"email": "", "password": ""}, {"email": "x" * 300, "password": "p"}]
)
def test_login_rejects_bad_form_input(client, owner, form):
    token = csrf_from(client.get("/admin/login").get_data(as_text=True))
    response = client.post("/admin/login", data={**form, "csrf_token": token})
    assert response.status_code == 422


def test_login_without_csrf_token_is_refused(client, owner):
    response = client.post(
        "/admin/login", data={"email": "owner@bakery.example", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/x",
        "/ /evil.example",
        "/\x00",
        "javascript:alert(1)",
        "/%09/evil.example",
    ],
)
def test_login_redirects_only_to_a_path_on_this_site(make_app, target):
    app = make_app()
    make_business(app)
    make_user(app, "owner@bakery.example", PASSWORD, "bakery")
    for via_query in (False, True):
        client = app.test_client()
        page = client.get("/admin/login", query_string={"next": target})
        assert page.status_code == 200
        token = csrf_from(page.get_data(as_text=True))
        data = {
            "email": "owner@bakery.example",
            "password": PASSWORD,
            "csrf_token": token,
            "next": target,
        }
        url = "/admin/login" + ("?next=" + target if via_query else "")
        response = client.post(url, data=data)
        assert response.status_code in (302, 303)
        assert response.headers["Location"] in ("/admin/", "/admin/b/bakery/")


def test_login_follows_a_path_on_this_site(client, owner):
    token = csrf_from(client.get("/admin/login").get_data(as_text=True))
    data = {"email": "owner@bakery.example", "password": PASSWORD, "csrf_token": token}
    response = client.post(
        "/admin/login", data={**data, "next": "/admin/b/bakery/settings?x=1"}
    )
    assert response.headers["Location"] == "/admin/b/bakery/settings?x=1"


def test_session_cookie_is_secure_httponly_lax_in_production(make_app):
    app = make_app(SESSION_COOKIE_SECURE=True)
    make_business(app)
    make_user(app, "o@bakery.example", PASSWORD, "bakery")
    client = app.test_client()
    response = login(client, "o@bakery.example", PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_signed_out_visitors_are_sent_to_login(client, owner):
    response = client.get("/admin/b/bakery/")
    assert response.status_code == 302
    assert "/admin/login" in response.headers["Location"]


def test_single_business_owner_lands_on_its_queue(signed_in):
    response = signed_in.get("/admin/")
    assert response.headers["Location"].endswith("/admin/b/bakery/")


def test_queue_shows_counts_reviews_and_the_way_to_the_embed_code(signed_in, owner):
    make_review(signed_in, owner, publish=False, body="Pending one <3")
    make_review(signed_in, owner, body="Published one")
    html = queue_page(signed_in).get_data(as_text=True)
    assert 'data-status="pending">1<' in html
    assert 'data-status="published">1<' in html
    assert "Pending one &lt;3" in html
    assert "Published one" not in html
    assert 'href="/admin/b/bakery/embed"' in html
    assert 'href="/r/bakery"' in html


def test_publish_reject_spam_and_reply_from_the_panel(signed_in, owner):
    review_id = make_review(signed_in, owner, publish=False)
    response = post_action(signed_in, review_id, "moderate", action="publish")
    assert response.status_code == 303
    assert (
        signed_in.get("/api/v1/businesses/bakery/widget").get_json()["summary"]["count"]
        == 1
    )
    post_action(
        signed_in, review_id, "reply", status="published", body="Thanks <b>Ada</b>!"
    )
    widget = signed_in.get("/api/v1/businesses/bakery/widget").get_json()
    assert widget["reviews"][0]["reply"]["body"] == "Thanks Ada!"
    post_action(
        signed_in,
        review_id,
        "moderate",
        status="published",
        action="reject",
        reason="off_topic",
    )
    html = queue_page(signed_in, "rejected").get_data(as_text=True)
    assert "Not about this business" in html
    post_action(signed_in, review_id, "moderate", status="rejected", action="spam")
    assert 'data-status="spam">1<' in queue_page(signed_in, "spam").get_data(
        as_text=True
    )


def test_reject_without_reason_shows_a_clear_error(signed_in, owner):
    review_id = make_review(signed_in, owner, publish=False)
    response = post_action(signed_in, review_id, "moderate", action="reject")
    follow = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "A rejection needs a reason" in follow
    assert 'data-status="pending">1<' in follow


def test_delete_from_the_panel(signed_in, owner):
    review_id = make_review(signed_in, owner, publish=False)
    post_action(signed_in, review_id, "delete")
    assert 'data-status="pending">0<' in queue_page(signed_in).get_data(as_text=True)


def test_panel_post_without_csrf_is_refused(signed_in, owner):
    review_id = make_review(signed_in, owner, publish=False)
    response = signed_in.post(
        f"/admin/b/bakery/reviews/{review_id}/moderate", data={"action": "publish"}
    )
    assert response.status_code == 400
    assert (
        signed_in.get("/api/v1/businesses/bakery/widget").get_json()["summary"]["count"]
        == 0
    )


def test_logout_ends_the_session(signed_in):
    token = csrf_from(queue_page(signed_in).get_data(as_text=True))
    signed_in.post("/admin/logout", data={"csrf_token": token})
    assert signed_in.get("/admin/b/bakery/").status_code == 302


def test_panel_sends_security_headers(signed_in):
    headers = queue_page(signed_in).headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("query", ["?status=bogus", "?cursor=garbage"])
def test_queue_handles_bad_query(signed_in, query):
    response = signed_in.get(f"/admin/b/bakery/{query}")
    assert response.status_code in (302, 422)


def _admin_routes(app, with_endpoint=False):
    """Every admin route that names a business, with sample values filled in."""
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin/") or "slug" not in rule.arguments:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            url = rule.rule.replace("<slug>", "bakery")
            url = re.sub(r"<int:review_id>", "{review_id}", url)
            url = re.sub(r"<int:\w+>", "1", url)
            url = re.sub(r"<any\(([^,)]+)[^>]*>", r"\1", url)
            assert "<" not in url, url
            yield (method, url, rule.endpoint) if with_endpoint else (method, url)


# What only owners may do; moderators moderate and reply.
MANAGE_ONLY = {
    "admin.settings",
    "admin.save_settings",
    "admin.save_logo",
    "admin.webhooks_page",
    "admin.add_webhook",
    "admin.api_keys_page",
    "admin.create_api_key",
    "admin.revoke_api_key",
    "admin.webhook_test",
    "admin.webhook_delete",
    "admin.team",
    "admin.invite_member",
    "admin.remove_member",
    "admin.resend_invitation",
    "admin.cancel_invitation",
    "admin.privacy_page",
    "admin.forget",
    "admin.import_page",
    "admin.import_upload",
    "admin.import_batch",
    "admin.import_run",
    "admin.import_cancel",
}


def test_every_admin_route_as_a_moderator(app, client, owner):
    make_user(app, "mod@bakery.example", PASSWORD, "bakery", role="moderator")
    review_id = make_review(client, owner, publish=False)
    assert login(client, "mod@bakery.example", PASSWORD).status_code == 302
    token = csrf_from(client.get("/admin/b/bakery/").get_data(as_text=True))
    for method, url, endpoint in _admin_routes(app, with_endpoint=True):
        url = url.format(review_id=review_id)
        data = {"csrf_token": token, "body": "hi"}
        response = client.open(
            url, method=method, data=data if method == "POST" else None
        )
        refused = response.status_code == 404
        assert refused == (endpoint in MANAGE_ONLY), (method, url, response.status_code)


def test_every_admin_route_refuses_members_of_other_businesses(app, client, owner):
    make_business(app, "florist", "Florist")
    make_user(app, "florist@example.com", PASSWORD, "florist")
    review_id = make_review(client, owner, publish=False)
    assert login(client, "florist@example.com", PASSWORD).status_code == 302
    token = csrf_from(client.get("/admin/b/florist/").get_data(as_text=True))
    routes = list(_admin_routes(app))
    assert len(routes) >= 4
    for method, url in routes:
        url = url.format(review_id=review_id)
        data = {"csrf_token": token, "action": "publish", "body": "hi"}
        response = client.open(
            url, method=method, data=data if method == "POST" else None
        )
        assert response.status_code == 404, (method, url, response.status_code)
    # Nothing happened to the bakery's review.
    listing = client.get(
        "/api/v1/businesses/bakery/reviews?status=pending",
        headers={"Authorization": f"Bearer {owner}"},
    )
    assert [r["id"] for r in listing.get_json()["reviews"]] == [review_id]
    assert "Bakery" not in client.get("/admin/").get_data(as_text=True)


def test_moderators_can_moderate(app, client, owner):
    make_user(app, "mod@bakery.example", PASSWORD, "bakery", role="moderator")
    review_id = submit(client).get_json()["id"]
    login(client, "mod@bakery.example", PASSWORD)
    post_action(client, review_id, "moderate", action="publish")
    assert (
        client.get("/api/v1/businesses/bakery/widget").get_json()["summary"]["count"]
        == 1
    )


def test_login_attempts_are_rate_limited(make_app):
    app = make_app(LOGIN_RATE_LIMIT="3 per minute")
    make_business(app)
    client = app.test_client()
    statuses = [
        login(client, "x@y.example", "wrong password").status_code for _ in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
