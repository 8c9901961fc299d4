"""The background round: each job in its own guarded step."""

from __future__ import annotations

import logging

from tests.builders import make_api_key, make_business, submit


def test_a_failing_job_is_named_and_the_others_still_run(
    make_app, mailbox, receiver, caplog
):
    app = make_app(**mailbox.config(), WEBHOOK_ALLOW_PRIVATE=True)
    make_business(app)
    key = make_api_key(app)
    client = app.test_client()
    added = client.post(
        "/api/v1/businesses/bakery/webhooks",
        json={"url": receiver.url, "events": ["review.submitted"]},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert added.status_code == 201
    # An address that the submission takes but SMTP cannot carry: sending its
    # confirmation fails inside the mail job.
    assert submit(client, author_email="üser@exämple.com").status_code == 201
    with caplog.at_level(logging.ERROR, logger="widget.worker"):
        result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 1
    assert "Failed: mail" in result.output
    assert any("'mail' failed" in record.getMessage() for record in caplog.records)
    # The webhook job ran all the same.
    assert len(receiver.requests) == 1
    assert b'"review.submitted"' in receiver.requests[0][1]
