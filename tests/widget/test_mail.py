"""E-mail through a real SMTP server: confirmation links, retries, the worker thread."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from tests.builders import (
    body_of,
    link_in,
    make_api_key,
    make_business,
    moderate,
    submit,
)
from widget.extensions import db
from widget.models import ModerationPolicy, OutboxMessage, utcnow


@pytest.fixture
def mail_app(make_app, mailbox):
    # Statements of reasons go at once here (the moment to undo is tested with the
    # panel's undo).
    app = make_app(
        **mailbox.config(), PUBLIC_URL="https://reviews.example", UNDO_SECONDS=0
    )
    make_business(app)
    return app


def send_mail(app) -> str:
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    return result.output


def path_of(link: str) -> str:
    parts = urlsplit(link)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_a_review_asks_its_author_to_confirm_and_the_link_verifies_it(
    mail_app, mailbox
):
    client = mail_app.test_client()
    review_id = submit(client, author_email="grace@example.com").get_json()["id"]
    assert "delivered 1 e-mail(s), 0 failed" in send_mail(mail_app)
    (message,) = mailbox.wait_for(1)
    assert message["To"] == "grace@example.com"
    assert message["Subject"] == "Please confirm your review of Bakery"
    assert "Confirm my review" in body_of(message, "html")
    link = link_in(message, "/c/")
    assert link.startswith("https://reviews.example/c/")

    page = client.get(path_of(link))
    assert page.status_code == 200
    assert "Your e-mail address is confirmed" in page.get_data(as_text=True)
    key = make_api_key(mail_app)
    review = client.get(
        "/api/v1/businesses/bakery/reviews?status=pending",
        headers={"Authorization": f"Bearer {key}"},
    ).get_json()["reviews"][0]
    assert (review["id"], review["verified"]) == (review_id, True)
    assert review["verification_method"] == "email_confirmed"
    # The link again changes nothing and still says so.
    assert client.get(path_of(link)).status_code == 200


def test_confirmation_publishes_when_the_policy_publishes_verified_reviews(
    make_app, mailbox
):
    app = make_app(**mailbox.config())
    make_business(app, moderation_policy=ModerationPolicy.AUTO_VERIFIED)
    client = app.test_client()
    assert submit(client).get_json()["status"] == "pending"
    send_mail(app)
    client.get(path_of(link_in(mailbox.wait_for(1)[0], "/c/")))
    widget = client.get("/api/v1/businesses/bakery/widget").get_json()
    assert widget["summary"]["count"] == 1
    assert widget["reviews"][0]["verification_method"] == "email_confirmed"


def test_business_that_requires_confirmation_cannot_publish_before_it(
    make_app, mailbox
):
    app = make_app(**mailbox.config())
    make_business(app)
    key = make_api_key(app)
    with app.app_context():
        from widget.businesses import find_business, update_settings

        update_settings(find_business("bakery"), {"require_confirmation": True})
    client = app.test_client()
    review_id = submit(client).get_json()["id"]
    refused = moderate(client, key, review_id, "publish")
    assert refused.status_code == 409
    assert "not confirmed yet" in refused.get_json()["message"]
    send_mail(app)
    client.get(path_of(link_in(mailbox.wait_for(1)[0], "/c/")))
    assert moderate(client, key, review_id, "publish").status_code == 200
    disclosure = client.get("/api/v1/businesses/bakery/widget").get_json()["disclosure"]
    assert "Only reviews from a confirmed address or invitation are published." in (
        disclosure
    )


@pytest.mark.parametrize("token", ["garbage", "eyJyIjoxfQ.aaaa.bbbb", "x" * 2000])
def test_bad_confirmation_links_get_a_clear_page(client, bakery, token):
    response = client.get(f"/c/{token}")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "This link is not valid" in response.get_data(as_text=True)


def test_confirmation_mail_is_in_the_reviewers_language(mail_app, mailbox):
    submit(mail_app.test_client(), language="nl")
    send_mail(mail_app)
    (message,) = mailbox.wait_for(1)
    assert message["Subject"] == "Bevestig je review van Bakery"
    assert "Bevestig dat dit je e-mailadres is" in body_of(message)


def test_spam_gets_no_confirmation_mail(mail_app, mailbox):
    client = mail_app.test_client()
    response = submit(client, website="http://spam.example")
    assert response.get_json()["status"] == "spam"
    assert "delivered 0 e-mail(s)" in send_mail(mail_app)


def test_an_address_the_server_refuses_for_good_is_not_tried_again(mail_app, mailbox):
    client = mail_app.test_client()
    assert submit(client, author_email="nobody@example.com").status_code == 201
    assert submit(client, author_email="full@example.com").status_code == 201
    result = mail_app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 1 and "delivered 0 e-mail(s), 2 failed" in result.output
    with mail_app.app_context():
        messages = {
            m.to_address: m for m in db.session.scalars(db.select(OutboxMessage))
        }
        refused, full = messages["nobody@example.com"], messages["full@example.com"]
        assert refused.failed_at is not None and refused.attempts == 1
        assert "No such user here" in refused.last_error
        # A full mailbox is a passing problem: tried again later.
        assert full.failed_at is None and full.next_attempt_at > utcnow()
        for message in (refused, full):
            message.next_attempt_at = utcnow() - timedelta(seconds=1)
        ids = refused.id, full.id
        db.session.commit()
    again = mail_app.test_cli_runner().invoke(args=["send-mail"])
    assert "delivered 0 e-mail(s), 1 failed" in again.output
    with mail_app.app_context():
        assert db.session.get(OutboxMessage, ids[1]).attempts == 2
        assert db.session.get(OutboxMessage, ids[0]).attempts == 1


def test_smtp_failures_are_retried_and_the_review_kept(make_app, mailbox):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=9, MAIL_TIMEOUT=2)
    make_business(app)
    client = app.test_client()
    assert submit(client).status_code == 201
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 1 and "1 failed" in result.output
    with app.app_context():
        message = db.session.scalar(db.select(OutboxMessage))
        assert message.attempts == 1 and message.sent_at is None
        assert "ConnectionRefusedError" in message.last_error
        assert message.next_attempt_at > utcnow()
        # Not due yet: nothing is tried.
        from widget.mail import deliver_due

        assert deliver_due() == (0, 0)
        # The server is back, and the wait is over.
        app.config.update(mailbox.config())
        assert deliver_due(now=utcnow() + timedelta(minutes=5)) == (1, 0)
        # Made at the first attempt and kept: the retry sent those very words.
        made = db.session.scalar(db.select(OutboxMessage)).text_body
    (message,) = mailbox.wait_for(1)
    assert link_in(message, "/c/") in made


def test_after_the_last_attempt_a_message_is_marked_failed(make_app):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=9, MAIL_MAX_ATTEMPTS=2)
    make_business(app)
    submit(app.test_client())
    with app.app_context():
        from widget.mail import deliver_due

        later = utcnow() + timedelta(days=2)
        assert deliver_due(now=later) == (0, 1)
        assert deliver_due(now=later) == (0, 1)
        assert deliver_due(now=later) == (0, 0)
        message = db.session.scalar(db.select(OutboxMessage))
        assert message.failed_at is not None and message.attempts == 2


def test_the_worker_thread_sends_without_any_command(make_app, mailbox):
    app = make_app(**mailbox.config(), MAIL_WORKER=True, MAIL_POLL_SECONDS=0.2)
    make_business(app)
    response = submit(app.test_client())
    assert response.status_code == 201
    (message,) = mailbox.wait_for(1)
    assert "/c/" in body_of(message)


def reject(app, review_id: int, **reason):
    client = app.test_client()
    response = moderate(client, make_api_key(app), review_id, "reject", **reason)
    assert response.status_code == 200, response.get_json()


def test_a_rejected_review_tells_its_author_why(mail_app, mailbox):
    client = mail_app.test_client()
    review_id = submit(
        client, author_email="grace@example.com", body="The garage fixed my car fast."
    ).get_json()["id"]
    send_mail(mail_app)  # the confirmation
    reject(mail_app, review_id, reason="off_topic", note="We bake bread; no cars here.")
    assert "delivered 1 e-mail(s)" in send_mail(mail_app)
    message = mailbox.wait_for(2)[1]
    assert message["To"] == "grace@example.com"
    assert message["Subject"] == "Your review of Bakery will not be shown"
    text = body_of(message)
    assert "Reason: Not about this business" in text
    assert "Explanation from Bakery: We bake bread; no cars here." in text
    assert "A person at Bakery decided this on" in text
    assert "no automated system did" in text
    assert "The garage fixed my car fast." in text
    assert "seek redress through the courts" in text
    assert "https://reviews.example/b/bakery/how-reviews-work" in text
    html = body_of(message, "html")
    assert "We bake bread; no cars here." in html and "Not about this business" in html


def test_the_statement_of_reasons_is_in_the_reviewers_language(mail_app, mailbox):
    client = mail_app.test_client()
    review_id = submit(client, language="nl").get_json()["id"]
    reject(mail_app, review_id, reason="abusive")
    send_mail(mail_app)
    statement = next(m for m in mailbox.wait_for(2) if "getoond" in m["Subject"])
    assert statement["Subject"] == "Je review van Bakery wordt niet getoond"
    text = body_of(statement)
    assert "Reden: Beledigend" in text
    assert "Uitleg van Bakery" not in text  # no note was given


def test_no_statement_for_spam_publishing_or_an_erased_address(mail_app, mailbox):
    client = mail_app.test_client()
    key = make_api_key(mail_app)
    spam = submit(client).get_json()["id"]
    published = submit(client).get_json()["id"]
    erased = submit(client, author_email="eve@example.com").get_json()["id"]
    send_mail(mail_app)  # three confirmations
    assert moderate(client, key, spam, "spam").status_code == 200
    assert moderate(client, key, published, "publish").status_code == 200
    with mail_app.app_context():
        from widget.actors import Actor
        from widget.businesses import find_business
        from widget.reviews import forget_subject

        forget_subject(
            find_business("bakery"), "eve@example.com", Actor.named("test"), erase=False
        )
    reject(mail_app, erased, reason="duplicate")
    assert "delivered 0 e-mail(s)" in send_mail(mail_app)
    with mail_app.app_context():
        kinds = set(db.session.scalars(db.select(OutboxMessage.kind)))
    assert kinds == {"confirmation"}
