"""A reviewer's data leaves for good: erasing or anonymising them, or the retention
period passing, leaves no trace of their address or words anywhere Vouch keeps data,
as a backup of the whole instance shows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.admin.conftest import PASSWORD
from tests.builders import (
    csrf_from,
    login,
    make_api_key,
    make_business,
    make_review,
    make_user,
)

ADDRESS = "erin.quist@example.com"
WORDS = "Erin's unmistakable sourdough story, number 4711"


@pytest.fixture
def shop(make_app, mailbox, receiver, tmp_path):
    """Erin reviewed the bakery, was invited, reported a review; every e-mail and
    webhook event about it went out."""
    app = make_app(**mailbox.config(), WEBHOOK_ALLOW_PRIVATE=True)
    app.config["TEST_BACKUP_FOLDER"] = tmp_path
    make_business(app)
    make_user(app, "owner@bakery.example", PASSWORD, "bakery")
    key = make_api_key(app)
    client = app.test_client()
    client.post(
        "/api/v1/businesses/bakery/webhooks",
        json={"url": receiver.url, "events": ["review.submitted", "review.published"]},
        headers={"Authorization": f"Bearer {key}"},
    )
    other = make_review(client, key, body="Someone else's review, kept.")
    make_review(client, key, body=WORDS, author_email=ADDRESS, author_name="Erin Q")
    client.post(
        f"/api/v1/businesses/bakery/reviews/{other}/reports",
        json={"reason": "fake", "email": ADDRESS},
    )
    runner = app.test_cli_runner()
    runner.invoke(args=["invite", "bakery", "--name", "Erin Q", "--email", ADDRESS])
    assert runner.invoke(args=["send-mail"]).exit_code == 0
    assert WORDS in backup(app, "before") and ADDRESS in backup(app, "before")
    return app


def backup(app, name: str) -> str:
    path = str(app.config["TEST_BACKUP_FOLDER"] / f"{name}.json")
    result = app.test_cli_runner().invoke(args=["backup", path])
    assert result.exit_code == 0, result.output
    with open(path, encoding="utf-8") as written:
        return written.read()


@pytest.mark.parametrize("action", ["erase", "anonymise"])
def test_erasing_a_reviewer_leaves_no_trace_in_a_backup(shop, action):
    app = shop
    owner = app.test_client()
    login(owner, "owner@bakery.example", PASSWORD)
    page = owner.get(f"/admin/b/bakery/privacy?email={ADDRESS}").get_data(as_text=True)
    done = owner.post(
        "/admin/b/bakery/privacy",
        data={"csrf_token": csrf_from(page), "email": ADDRESS, "action": action},
    )
    assert done.status_code == 303
    everything = backup(app, action)
    assert ADDRESS not in everything.lower()
    assert WORDS not in everything
    assert "Erin Q" not in everything
    assert "Someone else's review, kept." in everything


def test_the_retention_period_takes_addresses_from_everything(shop):
    from widget.businesses import find_business, update_settings
    from widget.models import utcnow
    from widget.reviews import forget_old_mail, purge_expired

    app = shop
    with app.app_context():
        update_settings(find_business("bakery"), {"retention_days": 30})
        later = utcnow() + timedelta(days=31)
        assert purge_expired(now=later) == 2
        forget_old_mail(now=later)
    everything = backup(app, "retention")
    assert ADDRESS not in everything.lower()
    assert WORDS in everything  # the review itself stays, without its author's address


def test_sent_mail_is_kept_for_the_panel_then_deleted(shop):
    from widget.extensions import db
    from widget.models import OutboxMessage, utcnow
    from widget.reviews import forget_old_mail

    app = shop
    with app.app_context():
        count = db.select(db.func.count()).select_from(OutboxMessage)
        sent = db.session.scalar(count)
        assert sent >= 3
        assert forget_old_mail(now=utcnow() + timedelta(days=29)) == 0
        assert forget_old_mail(now=utcnow() + timedelta(days=31)) == sent
        assert db.session.scalar(count) == 0
