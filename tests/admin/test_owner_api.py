"""The owner API: API keys scoped to one business."""

from __future__ import annotations

import pytest

from tests.builders import make_api_key, make_business, make_review, moderate, submit


def auth(key):
    return {"Authorization": f"Bearer {key}"}


def listing(client, key, status, slug="bakery"):
    return client.get(
        f"/api/v1/businesses/{slug}/reviews?status={status}", headers=auth(key)
    )


@pytest.mark.parametrize("status", ["pending", "rejected", "spam"])
@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer wrong", "Bearer vouch_wrong", "Basic abc", "vouch_x"],
)
def test_hidden_statuses_need_a_valid_key(client, bakery, status, header):
    headers = {"Authorization": header} if header else {}
    response = client.get(
        f"/api/v1/businesses/bakery/reviews?status={status}", headers=headers
    )
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_key_for_another_business_gets_404_everywhere(app, client, bakery):
    make_business(app, "florist", "Florist")
    other_key = make_api_key(app, "florist")
    review_id = make_review(client, bakery, publish=False)
    assert listing(client, other_key, "pending").status_code == 404
    assert listing(client, other_key, "published").status_code == 404
    assert moderate(client, other_key, review_id, "publish").status_code == 404
    url = f"/api/v1/businesses/bakery/reviews/{review_id}"
    assert (
        client.put(
            f"{url}/reply", json={"body": "x"}, headers=auth(other_key)
        ).status_code
        == 404
    )
    assert client.delete(url, headers=auth(other_key)).status_code == 404
    assert (
        listing(client, bakery, "pending").get_json()["reviews"][0]["id"] == review_id
    )


def test_review_of_another_business_is_404_even_with_own_slug(app, client, bakery):
    make_business(app, "florist", "Florist")
    florist_key = make_api_key(app, "florist")
    review_id = make_review(client, bakery, publish=False)
    response = moderate(client, florist_key, review_id, "publish", slug="florist")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/businesses/bakery/reviews/1/moderation",
        "/api/v1/businesses/bakery/reviews/1/reply",
    ],
)
def test_write_endpoints_need_a_key(client, bakery, path):
    method = client.put if path.endswith("reply") else client.post
    assert method(path, json={"action": "publish", "body": "x"}).status_code == 401


def test_owner_lists_each_status_with_private_fields(client, bakery):
    pending = make_review(client, bakery, publish=False)
    spam = make_review(client, bakery, publish=False)
    moderate(client, bakery, spam, "spam")
    pending_page = listing(client, bakery, "pending").get_json()
    assert [r["id"] for r in pending_page["reviews"]] == [pending]
    review = pending_page["reviews"][0]
    assert review["author_email"] == "ada@example.com"
    assert review["status"] == "pending"
    assert (
        listing(client, bakery, "spam").get_json()["reviews"][0]["rejection_reason"]
        == "spam"
    )
    assert (
        listing(client, bakery, "published").headers["Cache-Control"]
        == "private, no-store"
    )


def test_moderation_moves_a_review_through_its_states(client, bakery):
    review_id = make_review(client, bakery, publish=False)
    steps = [
        ("publish", {}, "published", 1),
        ("reject", {"reason": "abusive"}, "rejected", 0),
        ("publish", {}, "published", 1),
        ("spam", {}, "spam", 0),
        ("reject", {"reason": "other", "note": "Written by staff"}, "rejected", 0),
        ("spam", {}, "spam", 0),
        ("publish", {}, "published", 1),
    ]
    for action, extra, status, count in steps:
        response = moderate(client, bakery, review_id, action, **extra)
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["status"] == status
        summary = client.get("/api/v1/businesses/bakery/widget").get_json()["summary"]
        assert summary["count"] == count


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "reject"}, "reason"),
        ({"action": "reject", "reason": "negative"}, "reason"),
        ({"action": "reject", "reason": "low_rating"}, "reason"),
        ({"action": "reject", "reason": "other"}, "note"),
        ({"action": "approve"}, "action"),
        ({}, "action"),
        ({"action": "publish", "extra": 1}, "extra"),
        ({"action": "reject", "reason": "spam", "note": "n" * 501}, "note"),
    ],
)
def test_bad_moderation_is_422_and_changes_nothing(client, bakery, body, field):
    review_id = make_review(client, bakery, publish=False)
    response = client.post(
        f"/api/v1/businesses/bakery/reviews/{review_id}/moderation",
        json=body,
        headers=auth(bakery),
    )
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    assert (
        listing(client, bakery, "pending").get_json()["reviews"][0]["id"] == review_id
    )


def test_reasons_never_mention_rating_or_sentiment():
    from widget.reviews import REJECTION_REASONS

    words = " ".join(map(str, [*REJECTION_REASONS, *REJECTION_REASONS.values()]))
    words = words.lower()
    for banned in ("rating", "star", "negative", "positive", "bad review", "sentiment"):
        assert banned not in words


def test_same_state_moderation_is_409(client, bakery):
    review_id = make_review(client, bakery)
    response = moderate(client, bakery, review_id, "publish")
    assert response.status_code == 409
    assert response.get_json()["error"] == "invalid_transition"


def test_moderating_a_missing_review_is_404(client, bakery):
    assert moderate(client, bakery, 999999, "publish").status_code == 404


def test_reply_set_replace_and_remove(client, bakery):
    review_id = make_review(client, bakery)
    url = f"/api/v1/businesses/bakery/reviews/{review_id}/reply"
    response = client.put(url, json={"body": "<b>Thanks</b> Ada"}, headers=auth(bakery))
    assert response.status_code == 200
    assert response.get_json()["reply"]["body"] == "Thanks Ada"
    client.put(url, json={"body": "Updated"}, headers=auth(bakery))
    widget = client.get("/api/v1/businesses/bakery/widget").get_json()
    assert widget["reviews"][0]["reply"]["body"] == "Updated"
    client.put(url, json={"body": ""}, headers=auth(bakery))
    widget = client.get("/api/v1/businesses/bakery/widget").get_json()
    assert widget["reviews"][0]["reply"] is None


@pytest.mark.parametrize(
    "body", [{"body": "x" * 2001}, {"text": "hi"}, {}, {"body": 5}, ["body"]]
)
def test_bad_reply_is_422(client, bakery, body):
    review_id = make_review(client, bakery)
    response = client.put(
        f"/api/v1/businesses/bakery/reviews/{review_id}/reply",
        json=body,
        headers=auth(bakery),
    )
    assert response.status_code == 422


def test_delete_removes_the_review_and_its_count(client, bakery):
    review_id = make_review(client, bakery, rating=5)
    response = client.delete(
        f"/api/v1/businesses/bakery/reviews/{review_id}", headers=auth(bakery)
    )
    assert response.status_code == 204
    summary = client.get("/api/v1/businesses/bakery/widget").get_json()["summary"]
    assert summary["count"] == 0 and summary["distribution"]["5"] == 0
    again = client.delete(
        f"/api/v1/businesses/bakery/reviews/{review_id}", headers=auth(bakery)
    )
    assert again.status_code == 404


def test_every_action_is_audited(app, client, bakery):
    from widget.extensions import db
    from widget.models import AuditEvent

    review_id = submit(client).get_json()["id"]
    moderate(client, bakery, review_id, "publish")
    moderate(client, bakery, review_id, "reject", reason="duplicate", note="Same as #1")
    client.put(
        f"/api/v1/businesses/bakery/reviews/{review_id}/reply",
        json={"body": "Hi"},
        headers=auth(bakery),
    )
    client.delete(
        f"/api/v1/businesses/bakery/reviews/{review_id}", headers=auth(bakery)
    )
    with app.app_context():
        events = db.session.scalars(
            db.select(AuditEvent)
            .where(AuditEvent.review_id == review_id)
            .order_by(AuditEvent.id)
        ).all()
        trail = [(e.action, e.from_status, e.to_status, e.reason) for e in events]
        assert trail == [
            ("submit", None, "pending", None),
            ("publish", "pending", "published", None),
            ("reject", "published", "rejected", "duplicate"),
            ("reply", "rejected", "rejected", None),
            ("delete", "rejected", None, None),
        ]
        assert events[2].note == "Same as #1"
        assert events[0].actor == "reviewer"
        assert all(e.actor.startswith("api-key:") for e in events[1:])
        assert all(e.created_at is not None for e in events)
