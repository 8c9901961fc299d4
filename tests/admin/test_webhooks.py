"""Webhooks: signed deliveries to a real local HTTP server, retries, the owner API,
the panel page, and no server-side request forgery."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from tests.builders import csrf_from, make_review, submit
from widget.extensions import db
from widget.models import WebhookDelivery

API = "/api/v1/businesses/bakery/webhooks"


@pytest.fixture
def hook_app(make_app):
    app = make_app(WEBHOOK_ALLOW_PRIVATE=True)
    from tests.builders import make_api_key, make_business

    make_business(app)
    return app, make_api_key(app)


def add(client, key, url, events=("review.submitted", "review.published")):
    return client.post(
        API,
        json={"url": url, "events": list(events)},
        headers={"Authorization": f"Bearer {key}"},
    )


def deliver(app) -> str:
    return app.test_cli_runner().invoke(args=["send-mail"]).output


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    signed = headers["X-Vouch-Timestamp"].encode() + b"." + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers["X-Vouch-Signature"], "sha256=" + expected)


def test_events_arrive_signed_with_the_secret(hook_app, receiver):
    app, key = hook_app
    client = app.test_client()
    created = add(client, key, receiver.url)
    assert created.status_code == 201
    secret = created.get_json()["secret"]
    review_id = make_review(client, key, body="Signed and delivered.")
    assert "Delivered 2 webhook event(s), 0 failed." in deliver(app)
    events = []
    for headers, body in receiver.requests:
        assert verify(secret, headers, body)
        assert not verify("wrong secret", headers, body)
        payload = json.loads(body)
        events.append(payload["event"])
        assert headers["X-Vouch-Event"] == payload["event"]
        assert payload["review"]["id"] == review_id
        assert payload["review"]["body"] == "Signed and delivered."
        assert "author_email" not in payload["review"]
        assert "http" not in body.decode().replace("https://schema", "")
    assert events == ["review.submitted", "review.published"]


def test_only_chosen_events_are_sent(hook_app, receiver):
    app, key = hook_app
    client = app.test_client()
    add(client, key, receiver.url, events=["review.reported", "review.rejected"])
    review_id = make_review(client, key)
    client.post(
        f"/api/v1/businesses/bakery/reviews/{review_id}/reports",
        json={"reason": "fake"},
    )
    deliver(app)
    assert [json.loads(body)["event"] for _, body in receiver.requests] == [
        "review.reported"
    ]


def test_failed_deliveries_are_retried_later(hook_app, receiver):
    app, key = hook_app
    client = app.test_client()
    add(client, key, receiver.url, events=["review.submitted"])
    receiver.status = 500
    submit(client)
    assert "Delivered 0 webhook event(s), 1 failed." in deliver(app)
    with app.app_context():
        delivery = db.session.scalar(db.select(WebhookDelivery))
        assert (delivery.attempts, delivery.last_status) == (1, 500)
        assert delivery.delivered_at is None
        from datetime import timedelta

        from widget import webhooks
        from widget.models import utcnow

        receiver.status = 204
        assert webhooks.deliver_due(now=utcnow() + timedelta(minutes=5)) == (1, 0)
    assert len(receiver.requests) == 2
    # The retry carries the same body, freshly signed.
    assert receiver.requests[0][1] == receiver.requests[1][1]


def test_owner_api_lists_and_removes_webhooks(hook_app, receiver):
    app, key = hook_app
    client = app.test_client()
    auth = {"Authorization": f"Bearer {key}"}
    webhook_id = add(client, key, receiver.url).get_json()["id"]
    listed = client.get(API, headers=auth).get_json()["webhooks"]
    assert [hook["id"] for hook in listed] == [webhook_id]
    assert "secret" not in listed[0]
    assert client.delete(f"{API}/{webhook_id}", headers=auth).status_code == 204
    assert client.delete(f"{API}/{webhook_id}", headers=auth).status_code == 404
    assert client.get(API).status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://example.com", "events": ["review.submitted"]}, "url"),
        ({"url": "https://example.com", "events": []}, "events"),
        ({"url": "https://example.com", "events": ["review.deleted"]}, "events"),
        ({"url": "https://user:pw@example.com", "events": ["review.submitted"]}, "url"),
        (
            {"url": "https://no-such-host.invalid", "events": ["review.submitted"]},
            "url",
        ),
        ({"events": ["review.submitted"]}, "url"),
    ],
)
def test_bad_webhooks_get_field_messages(hook_app, body, field):
    app, key = hook_app
    response = app.test_client().post(
        API, json=body, headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/",
        "http://localhost/",
        "http://10.0.0.8/",
        "http://192.168.1.1/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        # The same addresses wrapped in IPv6: mapped, 6to4, Teredo, NAT64.
        "http://[::ffff:7f00:1]/",
        "http://[2002:7f00:1::]/",
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
        "http://[64:ff9b::7f00:1]/",
        "http://[64:ff9b::a00:8]/",
        # The rest of the special-purpose registries.
        "http://100.64.0.1/",
        "http://100.100.100.200/",
        "http://192.0.0.170/",
        "http://198.18.0.1/",
        "http://240.0.0.1/",
        "http://224.0.0.251/",
        "http://0.0.0.0/",
        "http://[::]/",
        "http://[fec0::1]/",
        "http://[fd12:3456::1]/",
        "http://[ff02::1]/",
        "http://[2001:db8::1]/",
        "http://[100::1]/",
    ],
)
def test_private_and_local_addresses_are_refused(make_app, url):
    app = make_app()
    from tests.builders import make_api_key, make_business

    make_business(app)
    key = make_api_key(app)
    response = add(app.test_client(), key, url)
    assert response.status_code == 422
    assert "webhooks" in response.get_json()["errors"]["url"][0]


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/",
        "http://[fe80::1]/",
        "http://100.100.100.200/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[2002:a9fe:a9fe::]/",
    ],
)
def test_link_local_is_refused_even_when_private_addresses_are_allowed(hook_app, url):
    app, key = hook_app
    response = add(app.test_client(), key, url)
    assert response.status_code == 422
    assert "link-local" in response.get_json()["errors"]["url"][0]


@pytest.mark.parametrize(
    "url",
    [
        "http://93.184.215.14/hook",
        "https://[2606:4700::1111]/",
        "http://[64:ff9b::5db8:d70e]/",
    ],
)
def test_public_addresses_are_accepted(make_app, url):
    app = make_app()
    from tests.builders import make_api_key, make_business

    make_business(app)
    key = make_api_key(app)
    assert add(app.test_client(), key, url).status_code == 201


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://example.com/a b", "spaces and control characters"),
        ("https://example.com/\x00", "spaces and control characters"),
        ("https://exa\tmple.com/", "spaces and control characters"),
        ("https://example.com:99999/", "port from 1 to 65535"),
        ("https://example.com:0/", "port from 1 to 65535"),
        ("https://example.com:http/", "port from 1 to 65535"),
    ],
)
def test_malformed_webhook_urls_are_refused_with_a_message(hook_app, url, message):
    app, key = hook_app
    response = add(app.test_client(), key, url)
    assert response.status_code == 422
    assert message in response.get_json()["errors"]["url"][0]


def test_addresses_are_checked_again_at_delivery(hook_app, receiver):
    app, key = hook_app
    client = app.test_client()
    add(client, key, receiver.url, events=["review.submitted"])
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False
    submit(client)
    assert "Delivered 0 webhook event(s), 1 failed." in deliver(app)
    assert receiver.requests == []
    with app.app_context():
        delivery = db.session.scalar(db.select(WebhookDelivery))
        assert "UnsafeAddress" in delivery.last_error


def test_panel_adds_a_webhook_shows_the_secret_once_and_sends_a_test(
    make_app, receiver
):
    from tests.admin.conftest import PASSWORD
    from tests.builders import login, make_api_key, make_business, make_user

    app = make_app(WEBHOOK_ALLOW_PRIVATE=True)
    make_business(app)
    make_api_key(app)
    make_user(app, "owner@bakery.example", PASSWORD, "bakery")
    client = app.test_client()
    login(client, "owner@bakery.example", PASSWORD)
    page = client.get("/admin/b/bakery/webhooks").get_data(as_text=True)
    bad = client.post(
        "/admin/b/bakery/webhooks",
        data={
            "csrf_token": csrf_from(page),
            "url": "http://169.254.169.254/",
            "events": ["review.submitted"],
        },
    )
    assert bad.status_code == 422
    assert "link-local" in bad.get_data(as_text=True)
    added = client.post(
        "/admin/b/bakery/webhooks",
        data={
            "csrf_token": csrf_from(page),
            "url": receiver.url,
            "events": ["review.submitted"],
        },
    )
    html = added.get_data(as_text=True)
    secret = html.split('<pre id="secret">')[1].split("</pre>")[0]
    assert len(secret) == 48
    assert secret not in client.get("/admin/b/bakery/webhooks").get_data(as_text=True)
    hook_id = int(html.split("/webhooks/")[1].split("/test")[0])
    sent = post_action_test(client, hook_id)
    assert sent.status_code == 303
    deliver(app)
    headers, body = receiver.requests[0]
    assert json.loads(body)["event"] == "ping" and verify(secret, headers, body)
    log = client.get("/admin/b/bakery/webhooks").get_data(as_text=True)
    assert "delivered (HTTP 200)" in log


def post_action_test(client, hook_id):
    page = client.get("/admin/b/bakery/webhooks").get_data(as_text=True)
    return client.post(
        f"/admin/b/bakery/webhooks/{hook_id}/test",
        data={"csrf_token": csrf_from(page)},
    )


def test_moderators_cannot_manage_webhooks(app, client, owner):
    from tests.admin.conftest import PASSWORD
    from tests.builders import login, make_user

    make_user(app, "mod@bakery.example", PASSWORD, "bakery", role="moderator")
    login(client, "mod@bakery.example", PASSWORD)
    assert client.get("/admin/b/bakery/webhooks").status_code == 404
