"""Panel pages for collecting reviews: settings, QR codes and visitors' reports."""

from __future__ import annotations

import io
import json
import re

import pytest
import segno

from tests.builders import (
    csrf_from,
    make_api_key,
    make_business,
    make_review,
    post_action,
    queue_page,
    written_review,
)

SETTINGS = "/admin/b/bakery/settings"


def save_settings(client, **fields):
    page = client.get(SETTINGS).get_data(as_text=True)
    data = {
        "csrf_token": csrf_from(page),
        "name": "Bakery",
        "moderation_policy": "manual",
        "default_locale": "en",
        **fields,
    }
    return client.post(SETTINGS, data=data)


def test_settings_change_collection_and_the_disclosure_follows(signed_in, owner):
    response = save_settings(
        signed_in,
        moderation_policy="auto_verified",
        require_confirmation="yes",
        proof_of_work="yes",
        allowed_origins="https://www.bakery.example/\nhttp://localhost:8000",
        blocklist="Casino\ncheap pills\ncasino",
        default_locale="nl",
    )
    assert response.status_code == 303
    page = signed_in.get(SETTINGS).get_data(as_text=True)
    assert "https://www.bakery.example\nhttp://localhost:8000" in page
    assert "casino\ncheap pills" in page
    widget = signed_in.get("/api/v1/businesses/bakery/widget").get_json()
    assert "Alleen reviews van een bevestigd e-mailadres" in widget["disclosure"]
    assert "Reviews van geverifieerde klanten worden meteen" in widget["disclosure"]
    form = signed_in.get("/api/v1/businesses/bakery/form").get_json()
    assert form["challenge"] is not None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"allowed_origins": "bakery.example"}, "Not a site address"),
        ({"allowed_origins": "https://bakery.example/path"}, "Not a site address"),
        ({"blocklist": "x" * 61}, "at most 60 characters"),
        ({"moderation_policy": "by_rating"}, "Choose one of the moderation policies."),
        ({"default_locale": "es"}, "Must be one of: en, nl, de, fr."),
    ],
)
def test_bad_settings_are_explained_and_nothing_changes(
    signed_in, owner, fields, message
):
    response = save_settings(signed_in, **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    widget = signed_in.get("/api/v1/businesses/bakery/widget").get_json()
    assert "Every review is read by Bakery" in widget["disclosure"]


def test_moderators_cannot_change_settings(app, client, owner):
    from tests.admin.conftest import PASSWORD
    from tests.builders import login, make_user

    make_user(app, "mod@bakery.example", PASSWORD, "bakery", role="moderator")
    login(client, "mod@bakery.example", PASSWORD)
    assert client.get(SETTINGS).status_code == 404


@pytest.mark.parametrize("kind", ["svg", "png"])
def test_qr_code_of_the_hosted_page(app, signed_in, owner, kind):
    app.config["PUBLIC_URL"] = "https://reviews.bakery.example"
    response = signed_in.get(f"/admin/b/bakery/qr.{kind}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    expected = io.BytesIO()
    segno.make("https://reviews.bakery.example/r/bakery", error="m").save(
        expected,
        kind=kind,
        **(
            {"scale": 8, "border": 2, "title": "Review Bakery"}
            if kind == "svg"
            else {"scale": 12, "border": 2}
        ),
    )
    assert response.data == expected.getvalue()
    if kind == "png":
        assert response.data.startswith(b"\x89PNG")
    else:
        assert response.mimetype == "image/svg+xml" and b"<svg" in response.data


def report(client, review_id, **body):
    return client.post(
        f"/api/v1/businesses/bakery/reviews/{review_id}/reports",
        json={"reason": "abusive", **body},
    )


def test_visitor_reports_appear_in_the_queue_and_can_be_closed(signed_in, owner):
    review_id = make_review(signed_in, owner, body="You are all idiots.")
    response = report(signed_in, review_id, note="Insults staff", email="v@example.com")
    assert response.status_code == 201
    page = queue_page(signed_in, "reported").get_data(as_text=True)
    assert 'data-status="reported">1<' in page
    assert "You are all idiots." in page
    assert "It is abusive, hateful or harassing" in page and "Insults staff" in page
    kept = post_action(signed_in, review_id, "keep", "reported")
    assert kept.status_code == 303
    page = queue_page(signed_in, "reported").get_data(as_text=True)
    assert 'data-status="reported">0<' in page
    assert "reports closed: 1" in page


def test_unpublishing_a_reported_review_answers_its_reports(signed_in, owner):
    review_id = make_review(signed_in, owner)
    report(signed_in, review_id)
    post_action(
        signed_in, review_id, "moderate", "reported", action="reject", reason="abusive"
    )
    page = queue_page(signed_in, "reported").get_data(as_text=True)
    assert 'data-status="reported">0<' in page


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": "i_dislike_it"}, "reason"),
        ({"reason": None}, "reason"),
        ({"reason": "other", "email": "nope"}, "email"),
        ({"reason": "other", "note": "x" * 1001}, "note"),
        ({"reason": "other", "extra": 1}, "extra"),
    ],
)
def test_bad_reports_get_field_messages(client, owner, body, field):
    review_id = make_review(client, owner)
    response = client.post(
        f"/api/v1/businesses/bakery/reviews/{review_id}/reports", json=body
    )
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_only_published_reviews_can_be_reported(client, owner):
    pending = make_review(client, owner, publish=False)
    assert report(client, pending).status_code == 404
    assert report(client, 10**12).status_code == 404


def test_hosted_page_report_form(client, owner):
    review_id = make_review(client, owner)
    path = f"/r/bakery/reviews/{review_id}/report"
    page = client.get(path).get_data(as_text=True)
    assert 'name="reason"' in page and "<script" not in page
    empty = client.post(path, data={})
    assert empty.status_code == 422
    assert "Choose why you report this review." in empty.get_data(as_text=True)
    done = client.post(path, data={"reason": "fake", "note": "Not a customer"})
    assert done.status_code == 200
    assert "will look at this review" in done.get_data(as_text=True)


def test_reports_through_either_door_share_one_limit(make_app):
    app = make_app(REPORT_RATE_LIMIT="2 per hour")
    make_business(app)
    key = make_api_key(app)
    client = app.test_client()
    review_id = make_review(client, key)
    path = f"/r/bakery/reviews/{review_id}/report"
    assert report(client, review_id).status_code == 201
    assert client.post(path, data={"reason": "fake"}).status_code == 200
    assert report(client, review_id).status_code == 429
    refused = client.post(path, data={"reason": "fake"})
    assert refused.status_code == 429
    assert "Too many reports" in refused.get_data(as_text=True)


def test_one_client_reporting_a_review_again_is_counted_once(signed_in, owner):
    review_id = make_review(signed_in, owner)
    first = report(signed_in, review_id, note="first")
    again = report(signed_in, review_id, note="again")
    hosted = signed_in.post(
        f"/r/bakery/reviews/{review_id}/report", data={"reason": "fake"}
    )
    assert first.status_code == again.status_code == 201
    assert hosted.status_code == 200
    assert again.get_json()["id"] == first.get_json()["id"]
    other = signed_in.post(
        f"/api/v1/businesses/bakery/reviews/{review_id}/reports",
        json={"reason": "fake", "note": "someone else"},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
    assert other.status_code == 201
    page = queue_page(signed_in, "reported").get_data(as_text=True)
    assert page.count('class="report"') == 2
    assert "someone else" in page and "again" not in page


def test_audit_log_page_shows_who_did_what_and_why_a_page_at_a_time(signed_in, owner):
    review_id = make_review(signed_in, owner, publish=False)
    post_action(
        signed_in, review_id, "moderate", action="reject", reason="other", note="Ad"
    )
    page = signed_in.get("/admin/b/bakery/audit").get_data(as_text=True)
    assert "<td>user:owner@bakery.example</td>" in page
    assert "Other (explained in the note) — Ad" in page
    assert "pending → rejected" in page
    assert f"#{review_id}" in page
    for _ in range(60):
        make_review(signed_in, owner, publish=False)
    first = signed_in.get("/admin/b/bakery/audit").get_data(as_text=True)
    assert first.count("<tr>") == 51  # a header and 50 entries
    cursor = re.search(r"cursor=([\w-]+)", first).group(1)
    second = signed_in.get(f"/admin/b/bakery/audit?cursor={cursor}")
    assert second.get_data(as_text=True).count("<tr>") == 1 + 62 - 50
    bad = signed_in.get("/admin/b/bakery/audit?cursor=nonsense")
    assert bad.status_code == 422


def test_profile_incentives_and_retention_settings(signed_in, owner):
    response = save_settings(
        signed_in,
        name="Corner Bakery",
        website_url="https://bakery.example",
        incentives="a free coffee on the next visit",
        retention_days="30",
    )
    assert response.status_code == 303
    widget = signed_in.get("/api/v1/businesses/bakery/widget").get_json()
    assert widget["business"] == {
        "slug": "bakery",
        "name": "Corner Bakery",
        "url": "https://bakery.example",
    }
    assert (
        "Reviewers may receive: a free coffee on the next visit."
        in widget["disclosure"]
    )
    cleared = save_settings(signed_in, name="Corner Bakery")
    assert cleared.status_code == 303
    disclosure = signed_in.get("/api/v1/businesses/bakery/widget").get_json()[
        "disclosure"
    ]
    assert "Corner Bakery gives nothing in return for reviews." in disclosure


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "Give a name of 1-120 characters."),
        ({"website_url": "bakery"}, "Give the full address"),
        ({"incentives": "x" * 301}, "Use at most 300 characters."),
        ({"retention_days": "0"}, "from 1 to 3650"),
        ({"retention_days": "soon"}, "Give a whole number of days."),
    ],
)
def test_bad_profile_settings(signed_in, owner, fields, message):
    response = save_settings(signed_in, **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_retention_erases_old_e_mail_addresses_and_logs_it(app, signed_in, owner):
    from datetime import timedelta

    from widget.extensions import db
    from widget.models import Review, utcnow

    forty_days_ago = utcnow() - timedelta(days=40)
    old = written_review(app, now=forty_days_ago, author_email="old@example.com")
    new = make_review(signed_in, owner, author_email="new@example.com")
    with app.app_context():
        assert db.session.get(Review, old).ip_hash is not None
    save_settings(signed_in, retention_days="30")
    result = app.test_cli_runner().invoke(args=["purge-personal-data"])
    assert "of 1 review(s)" in result.output
    emails = {
        review["id"]: review["author_email"]
        for review in signed_in.get(
            "/api/v1/businesses/bakery/reviews?status=published",
            headers={"Authorization": f"Bearer {owner}"},
        ).get_json()["reviews"]
    }
    assert emails == {old: "", new: "new@example.com"}
    with app.app_context():
        from widget.models import AuditEvent

        ip_hashes = dict(db.session.execute(db.select(Review.id, Review.ip_hash)).all())
        assert ip_hashes[old] is None and ip_hashes[new]
        note = db.session.scalar(
            db.select(AuditEvent.note).where(AuditEvent.action == "erase_personal_data")
        )
    assert "1 review(s) older than 30 days" in note
    again = app.test_cli_runner().invoke(args=["purge-personal-data"])
    assert "of 0 review(s)" in again.output


def test_a_reviewers_data_can_be_found_exported_anonymised_or_erased(
    app, signed_in, owner
):
    kept = make_review(signed_in, owner, rating=5, author_email="Eve@Example.com")
    gone = make_review(signed_in, owner, rating=1, author_email="eve@example.com")
    other = make_review(signed_in, owner, rating=3, author_email="bob@example.com")
    page = signed_in.get("/admin/b/bakery/privacy?email=eve@example.com")
    assert "Reviews: 2, invitations: 0, reports: 0" in page.get_data(as_text=True)
    export = signed_in.get("/admin/b/bakery/privacy?email=eve@example.com&format=json")
    assert "attachment" in export.headers["Content-Disposition"]
    data = export.get_json()
    assert sorted(review["id"] for review in data["reviews"]) == [kept, gone]
    assert "author_email" not in json.dumps(data["reviews"])

    token = csrf_from(page.get_data(as_text=True))
    signed_in.post(
        "/admin/b/bakery/privacy",
        data={"csrf_token": token, "email": "eve@example.com", "action": "anonymise"},
    )
    widget = signed_in.get("/api/v1/businesses/bakery/widget?limit=10").get_json()
    assert widget["summary"]["count"] == 3  # ratings stay when anonymised
    anonymised = [r for r in widget["reviews"] if r["id"] in (kept, gone)]
    assert {r["author_name"] for r in anonymised} == {"Anonymous"}
    assert {r["body"] for r in anonymised} == {"(Removed at the author's request.)"}
    again = signed_in.get("/admin/b/bakery/privacy?email=eve@example.com")
    assert "Reviews: 0," in again.get_data(as_text=True)

    token = csrf_from(again.get_data(as_text=True))
    signed_in.post(
        "/admin/b/bakery/privacy",
        data={"csrf_token": token, "email": "bob@example.com", "action": "erase"},
    )
    widget = signed_in.get("/api/v1/businesses/bakery/widget?limit=10").get_json()
    assert widget["summary"]["count"] == 2
    assert other not in [r["id"] for r in widget["reviews"]]
    log = signed_in.get("/admin/b/bakery/audit").get_data(as_text=True)
    assert "anonymise person" in log and "erase person" in log


def test_moderators_cannot_reach_reviewers_data(app, client, owner):
    from tests.admin.conftest import PASSWORD
    from tests.builders import login, make_user

    make_user(app, "mod@bakery.example", PASSWORD, "bakery", role="moderator")
    login(client, "mod@bakery.example", PASSWORD)
    assert client.get("/admin/b/bakery/privacy").status_code == 404
