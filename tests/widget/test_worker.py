"""The background round: each job in its own guarded step."""

from __future__ import annotations

import logging
from datetime import timedelta

from tests.builders import make_api_key, make_business, submit
from widget.extensions import db
from widget.models import Invitation, utcnow


def test_a_failing_job_is_named_and_the_others_still_run(
    make_app, mailbox, receiver, caplog
):
    app = make_app(**mailbox.config(), WEBHOOK_ALLOW_PRIVATE=True)
    make_business(app)
    key = make_api_key(app)
    client = app.test_client()
    runner = app.test_cli_runner()
    added = client.post(
        "/api/v1/businesses/bakery/webhooks",
        json={"url": receiver.url, "events": ["review.submitted"]},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert added.status_code == 201
    invited = runner.invoke(
        args=["invite", "bakery", "--name", "Grace", "--email", "grace@example.com"]
    )
    assert invited.exit_code == 0, invited.output
    # A damaged row (a language no catalog knows) makes the reminders job fail.
    with app.app_context():
        invitation = db.session.scalars(db.select(Invitation)).one()
        invitation.locale = "zz"
        invitation.reminder_due_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert submit(client).status_code == 201
    with caplog.at_level(logging.ERROR, logger="widget.worker"):
        result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 1
    assert "Failed: reminders" in result.output
    assert any("'reminders' failed" in r.getMessage() for r in caplog.records)
    # The jobs after it ran all the same: the mail and the webhook event went out.
    assert "delivered 2 e-mail(s), 0 failed" in result.output
    assert len(mailbox.wait_for(2)) == 2
    assert len(receiver.requests) == 1
    assert b'"review.submitted"' in receiver.requests[0][1]
