"""E-mail addresses: one check at every door, the normalised form stored, and no
address that can stop delivery for anyone else."""

from __future__ import annotations

import pytest

from tests.builders import csrf_from, login, make_business, make_user, submit
from tests.conftest import smtp_server
from widget.extensions import db
from widget.models import Invitation, OutboxMessage, Review

POISON = [b'"a\\x0bb"@example.com'.decode("unicode_escape"), "a@b", "x y@z.com"]


def send_mail(app):
    return app.test_cli_runner().invoke(args=["send-mail"])


@pytest.mark.parametrize("address", POISON)
def test_bad_addresses_are_refused_at_every_door(make_app, address):
    app = make_app()
    make_business(app)
    make_user(app, "owner@bakery.example", "a long owner password", "bakery")
    client = app.test_client()
    review = submit(client, author_email=address)
    assert review.status_code == 422
    assert review.get_json()["errors"]["author_email"] == [
        "Give a valid e-mail address."
    ]
    runner = app.test_cli_runner()
    invited = runner.invoke(
        args=["invite", "bakery", "--name", "Grace", "--email", address]
    )
    assert invited.exit_code != 0 and "Traceback" not in invited.output
    account = runner.invoke(
        args=["create-user", address, "--business", "bakery", "--role", "owner"],
        env={"VOUCH_PASSWORD": "a long enough password"},
    )
    assert account.exit_code != 0 and "valid e-mail address" in account.output
    owner = app.test_client()
    login(owner, "owner@bakery.example", "a long owner password")
    page = owner.get("/admin/b/bakery/team").get_data(as_text=True)
    team = owner.post(
        "/admin/b/bakery/team",
        data={"csrf_token": csrf_from(page), "email": address, "role": "moderator"},
    )
    assert team.status_code == 422
    assert "Give a valid e-mail address." in team.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Review)) == 0
        count = db.select(db.func.count()).select_from(Invitation)
        assert db.session.scalar(count) == 0


def test_addresses_are_stored_in_their_normalised_form(make_app):
    app = make_app()
    make_business(app)
    response = submit(app.test_client(), author_email="  Ada@Example.COM ")
    assert response.status_code == 201
    with app.app_context():
        assert db.session.get(Review, response.get_json()["id"]).author_email == (
            "Ada@example.com"
        )


def test_sixty_unsendable_addresses_do_not_hold_up_an_invitation(make_app):
    """Internationalised addresses are valid, but this server cannot carry them (no
    SMTPUTF8): each of those messages fails for good, on its own, and the
    invitation behind them still goes out in the same round."""
    with smtp_server(smtputf8=False) as mailbox:
        app = make_app(**mailbox.config())
        make_business(app)
        client = app.test_client()
        for n in range(60):
            assert (
                submit(client, author_email=f"üser{n}@exämple.com").status_code == 201
            )
        invited = app.test_cli_runner().invoke(
            args=["invite", "bakery", "--name", "Grace", "--email", "grace@example.com"]
        )
        assert invited.exit_code == 0, invited.output
        result = send_mail(app)
        assert "delivered 1 e-mail(s), 60 failed" in result.output
        (message,) = mailbox.wait_for(1)
        assert message["To"] == "grace@example.com"
        with app.app_context():
            failed = db.session.scalars(
                db.select(OutboxMessage).where(OutboxMessage.failed_at.is_not(None))
            ).all()
        assert len(failed) == 60
        assert all("SMTPUTF8" in m.last_error for m in failed)
        assert all(m.attempts == 1 for m in failed)  # given up at once
        # Nothing waits: a second round sends and tries nothing.
        assert "delivered 0 e-mail(s), 0 failed" in send_mail(app).output


def test_an_internationalised_address_goes_out_with_smtputf8(make_app):
    with smtp_server(smtputf8=True) as mailbox:
        app = make_app(**mailbox.config())
        make_business(app)
        assert submit(app.test_client(), author_email="üser@exämple.com").status_code
        assert "delivered 1 e-mail(s), 0 failed" in send_mail(app).output
        mailbox.wait_for(1)
        # The domain travels in its ASCII form; the local part needs SMTPUTF8.
        assert mailbox.recipients == ["üser@xn--exmple-cua.com"]


def test_a_message_that_used_its_attempts_is_given_up(make_app, mailbox):
    """A process that died while sending leaves a message claimed, counted and
    unmarked; once its attempts are used it is given up, with the reason."""
    app = make_app(**mailbox.config(), MAIL_MAX_ATTEMPTS=3)
    make_business(app)
    submit(app.test_client())
    with app.app_context():
        message = db.session.scalars(db.select(OutboxMessage)).one()
        message.attempts = 3
        db.session.commit()
    assert "delivered 0 e-mail(s)" in send_mail(app).output
    with app.app_context():
        message = db.session.scalars(db.select(OutboxMessage)).one()
        assert message.failed_at is not None
        assert message.last_error == "Gave up after 3 attempts without an answer."
    assert mailbox.messages == []
