"""POST /api/v1/businesses/<slug>/reviews — the submission contract."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import event

from tests.builders import make_business, review_payload, submit
from widget.extensions import db


def owner_view(client, key, review_id, status="pending"):
    response = client.get(
        f"/api/v1/businesses/bakery/reviews?status={status}",
        headers={"Authorization": f"Bearer {key}"},
    )
    return next(r for r in response.get_json()["reviews"] if r["id"] == review_id)


def test_submit_stores_a_pending_review_and_answers_201(client, bakery):
    response = submit(client)
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"id", "status"}
    assert body["status"] == "pending"
    stored = owner_view(client, bakery, body["id"])
    assert stored["rating"] == 4
    assert stored["author_email"] == "ada@example.com"
    assert stored["source"] == "widget"


def test_submit_to_unknown_business_is_404(client, bakery):
    response = submit(client, slug="nowhere")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


BAD_FIELDS = [
    ({"rating": 0}, "rating"),
    ({"rating": 6}, "rating"),
    ({"rating": 4.5}, "rating"),
    ({"rating": "5"}, "rating"),
    ({"rating": True}, "rating"),
    ({"rating": None}, "rating"),
    ({"rating": ...}, "rating"),
    ({"body": ""}, "body"),
    ({"body": "   \n  "}, "body"),
    ({"body": "<b></b>"}, "body"),
    ({"body": "x" * 5001}, "body"),
    ({"body": 42}, "body"),
    ({"body": ...}, "body"),
    ({"title": "t" * 121}, "title"),
    ({"author_name": ""}, "author_name"),
    ({"author_name": "n" * 81}, "author_name"),
    ({"author_name": ...}, "author_name"),
    ({"author_email": "not-an-email"}, "author_email"),
    ({"author_email": "a@"}, "author_email"),
    ({"author_email": ("a" * 250) + "@example.com"}, "author_email"),
    ({"author_email": ...}, "author_email"),
    ({"consent": False}, "consent"),
    ({"consent": "yes"}, "consent"),
    ({"consent": 1}, "consent"),
    ({"consent": ...}, "consent"),
    ({"language": "english please"}, "language"),
    ({"surprise": "field"}, "surprise"),
]


@pytest.mark.parametrize(("overrides", "field"), BAD_FIELDS)
def test_submit_rejects_bad_field_with_422_and_a_message(
    client, bakery, overrides, field
):
    response = submit(client, **overrides)
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "validation_failed"
    assert list(body["errors"]) == [field]
    assert all(isinstance(m, str) and m for m in body["errors"][field])


def test_submit_reports_every_bad_field_at_once(client, bakery):
    response = submit(client, rating=9, body="", author_email="x", consent=False)
    assert set(response.get_json()["errors"]) == {
        "rating",
        "body",
        "author_email",
        "consent",
    }


@pytest.mark.parametrize("body", [[], "a string", 5, None])
def test_submit_rejects_json_that_is_not_an_object(client, bakery, body):
    response = client.post(
        "/api/v1/businesses/bakery/reviews",
        data=json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code in (400, 422)
    assert response.get_json()["error"] in ("validation_failed", "bad_request")


def test_submit_rejects_malformed_json_with_400(client, bakery):
    response = client.post(
        "/api/v1/businesses/bakery/reviews",
        data='{"rating": 5,',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.get_json() == {
        "error": "bad_request",
        "message": "The request body is not valid JSON.",
    }


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", None]
)
def test_submit_rejects_non_json_with_415(client, bakery, content_type):
    kwargs = {"content_type": content_type} if content_type else {}
    response = client.post(
        "/api/v1/businesses/bakery/reviews", data="rating=5", **kwargs
    )
    assert response.status_code == 415
    assert response.get_json()["error"] == "unsupported_media_type"


def test_submit_over_the_size_limit_is_413(client, bakery):
    payload = review_payload(client, body="x" * 20_000)
    response = client.post("/api/v1/businesses/bakery/reviews", json=payload)
    assert response.status_code == 413
    assert response.get_json()["error"] == "request_entity_too_large"


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("I <3 it", "I <3 it"),
        ("a < b and c > d", "a < b and c > d"),
        ("<b>Great</b> bread", "Great bread"),
        ("Nice<script>alert(1)</script> place", "Nice place"),
        ('<img src=x onerror="alert(1)">Tasty', "Tasty"),
        ("Tom & Jerry", "Tom & Jerry"),
        ("Tom &amp; Jerry", "Tom &amp; Jerry"),
        (
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
        ),
        ("left \u202eright\u202c and \u2066isolated\u2069", "left right and isolated"),
        ("family 👨\u200d👩\u200d👧 stays", "family 👨\u200d👩\u200d👧 stays"),
        ("Line one\r\nLine two", "Line one\nLine two"),
        ("Zero\u0000width\u0007chars", "Zerowidthchars"),
        ("Cafe\u0301 au lait", "Café au lait"),
        ("  padded  ", "padded"),
        ("Emoji 🍞 and 中文", "Emoji 🍞 and 中文"),
    ],
)
def test_submit_stores_plain_text_as_the_reviewer_meant_it(client, bakery, raw, stored):
    response = submit(client, body=raw)
    assert response.status_code == 201
    assert owner_view(client, bakery, response.get_json()["id"])["body"] == stored


def test_submit_folds_line_breaks_in_names(client, bakery):
    response = submit(client, author_name="Ada\nLovelace", title="<i>Good</i>\ttitle")
    review = owner_view(client, bakery, response.get_json()["id"])
    assert review["author_name"] == "Ada Lovelace"
    assert review["title"] == "Good title"


def test_names_and_titles_cannot_pass_for_others(client, bakery):
    response = submit(
        client,
        author_name="Bakery\u200b \u202eowner\u202c",
        title="Re\u200dply\ufeff from \u2067us\u2069",
    )
    review = owner_view(client, bakery, response.get_json()["id"])
    assert review["author_name"] == "Bakery owner"
    assert review["title"] == "Reply from us"


def test_idempotency_key_replays_the_first_result(client, bakery):
    headers = {"Idempotency-Key": "order-123-attempt"}
    url = "/api/v1/businesses/bakery/reviews"
    payload = review_payload(client)
    first = client.post(url, json=payload, headers=headers)
    second = client.post(url, json=payload, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.get_json() == first.get_json()
    assert second.headers["Idempotent-Replayed"] == "true"
    listing = client.get(
        "/api/v1/businesses/bakery/reviews?status=pending",
        headers={"Authorization": f"Bearer {bakery}"},
    )
    assert len(listing.get_json()["reviews"]) == 1


def test_a_form_token_is_good_for_one_review(client, bakery):
    url = "/api/v1/businesses/bakery/reviews"
    payload = review_payload(client)
    assert client.post(url, json=payload).status_code == 201
    again = client.post(url, json={**payload, "body": "Another visit, same form."})
    assert again.status_code == 409
    assert list(again.get_json()["errors"]) == ["form_token"]
    listing = client.get(
        "/api/v1/businesses/bakery/reviews?status=pending",
        headers={"Authorization": f"Bearer {bakery}"},
    )
    assert len(listing.get_json()["reviews"]) == 1


# What storing a review asks of the database: its three reads (the business, the
# idempotency key, the same text), the review, its status count, and the rows that
# only record it (spent token, audit event, confirmation e-mail, idempotency record),
# which PostgreSQL takes in one statement. SQLite takes them one by one (each is a
# call within the process) and two BEGINs.
MOST_STATEMENTS = {"postgresql": 6, "sqlite": 11}
RECORDING_TABLES = ("used_tokens", "audit_events", "outbox", "idempotency_records")


def test_a_review_is_stored_in_few_statements(app, client, bakery):
    url = "/api/v1/businesses/bakery/reviews"
    submit(client)  # the first one fills the caches
    payload = review_payload(client)
    seen: list[str] = []
    with app.app_context():
        engine = db.engine
        dialect = engine.dialect.name

    def count(_connection, _cursor, statement, *_):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        answer = client.post(url, json=payload, headers={"Idempotency-Key": "k-1"})
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert answer.status_code == 201
    assert len(seen) <= MOST_STATEMENTS[dialect], seen
    # The business is read without its rating summary, which only Core updates touch.
    reads = [s for s in seen if s.lstrip().upper().startswith("SELECT")]
    assert not any("rating_summar" in s for s in reads), reads
    recording = [s for s in seen if any(f"INTO {t} " in s for t in RECORDING_TABLES)]
    if dialect == "postgresql":
        assert len(recording) == 1
        assert all(f"INTO {t} " in recording[0] for t in RECORDING_TABLES)
    else:
        assert len(recording) == len(RECORDING_TABLES)


def test_idempotency_key_reused_for_another_review_is_409(client, bakery):
    headers = {"Idempotency-Key": "same-key"}
    url = "/api/v1/businesses/bakery/reviews"
    assert (
        client.post(url, json=review_payload(client), headers=headers).status_code
        == 201
    )
    response = client.post(url, json=review_payload(client, rating=1), headers=headers)
    assert response.status_code == 409
    assert "Idempotency-Key" in response.get_json()["message"]


def test_idempotency_keys_are_forgotten_after_their_hours(app, client, bakery):
    from datetime import timedelta

    from widget.extensions import db
    from widget.models import IdempotencyRecord

    url = "/api/v1/businesses/bakery/reviews"
    old, recent = {"Idempotency-Key": "old-key"}, {"Idempotency-Key": "recent-key"}
    first = client.post(url, json=review_payload(client), headers=old).get_json()
    client.post(url, json=review_payload(client), headers=recent)
    hours = app.config["IDEMPOTENCY_KEY_HOURS"]
    with app.app_context():
        record = db.session.scalar(
            db.select(IdempotencyRecord).where(IdempotencyRecord.key == "old-key")
        )
        record.created_at -= timedelta(hours=hours, minutes=1)
        db.session.commit()
    # No mail server here: the confirmation e-mails fail, the clean-up runs anyway.
    assert "Queued" in app.test_cli_runner().invoke(args=["send-mail"]).output

    late = client.post(url, json=review_payload(client, rating=1), headers=old)
    assert late.status_code == 201
    assert late.get_json()["id"] != first["id"]
    assert "Idempotent-Replayed" not in late.headers
    kept = client.post(url, json=review_payload(client, rating=1), headers=recent)
    assert kept.status_code == 409


@pytest.mark.parametrize("key", ["", "x" * 256, "naïve-key", "tab\tkey"])
def test_bad_idempotency_key_is_422(client, bakery, key):
    response = client.post(
        "/api/v1/businesses/bakery/reviews",
        json=review_payload(client),
        headers={"Idempotency-Key": key},
    )
    assert response.status_code == 422
    assert "Idempotency-Key" in response.get_json()["errors"]


def test_submissions_past_the_rate_limit_get_429(make_app):
    app = make_app(SUBMIT_RATE_LIMIT="2 per minute")
    make_business(app)
    client = app.test_client()
    accepted = [submit(client), submit(client)]
    assert [a.status_code for a in accepted] == [201, 201]
    # What is left of the limit is told; "retry after" is not, on an accepted review.
    assert accepted[1].headers["X-RateLimit-Remaining"] == "0"
    assert "Retry-After" not in accepted[1].headers
    response = submit(client)
    assert response.status_code == 429
    assert response.get_json()["error"] == "too_many_requests"
    assert 0 < int(response.headers["Retry-After"]) <= 60


def test_auto_all_policy_publishes_on_arrival(make_app):
    from widget.models import ModerationPolicy

    app = make_app()
    make_business(app, moderation_policy=ModerationPolicy.AUTO_ALL)
    client = app.test_client()
    response = submit(client, rating=2)
    assert response.get_json()["status"] == "published"
    summary = client.get("/api/v1/businesses/bakery/widget").get_json()["summary"]
    assert summary["count"] == 1 and summary["distribution"]["2"] == 1


def test_auto_verified_policy_holds_unverified_reviews(make_app):
    from widget.models import ModerationPolicy

    app = make_app()
    make_business(app, moderation_policy=ModerationPolicy.AUTO_VERIFIED)
    response = submit(app.test_client())
    assert response.get_json()["status"] == "pending"


def test_preflight_allows_the_widget_to_post_from_any_origin(client, bakery):
    response = client.options(
        "/api/v1/businesses/bakery/reviews",
        headers={
            "Origin": "https://shop.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, idempotency-key",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "Idempotency-Key" in response.headers["Access-Control-Allow-Headers"]


def test_errors_are_readable_cross_origin(client, bakery):
    response = submit(client, rating=0)
    assert response.status_code == 422
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_ip_address_is_stored_only_as_a_keyed_hash(app, client, bakery):
    from widget.extensions import db
    from widget.models import Review

    submit(client)
    with app.app_context():
        review = db.session.scalars(db.select(Review)).one()
        assert review.ip_hash and len(review.ip_hash) == 64
        assert "127.0.0.1" not in review.ip_hash
