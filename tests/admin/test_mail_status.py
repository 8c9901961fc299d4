"""E-mail you can trust: without a mail server, or while it fails, every panel page
says what will not happen and links to what to do; a test e-mail reports the mail
server's own answer; lists and messages say "queued", never "sent"; `send-mail`
reports what it delivered, what failed and what waits."""

from __future__ import annotations

import pytest

from tests.builders import csrf_from, login, make_business, make_user

PASSWORD = "a good long password"
BANNER = 'class="banner"'


@pytest.fixture
def panel(make_app):
    """An owner signed in to an instance without a mail server, where a customer
    was invited (the e-mail waits)."""

    def start(**config):
        app = make_app(**config)
        make_business(app)
        make_user(app, "owner@bakery.example", PASSWORD, "bakery")
        invited = app.test_cli_runner().invoke(
            args=["invite", "bakery", "--name", "Grace", "--email", "grace@example.com"]
        )
        assert invited.exit_code == 0, invited.output
        client = app.test_client()
        assert login(client, "owner@bakery.example", PASSWORD).status_code == 302
        return app, client

    return start


def page(client, path: str = "/admin/b/bakery/") -> str:
    return client.get(path).get_data(as_text=True)


def test_without_a_mail_server_every_page_says_what_will_not_happen(panel, mailbox):
    app, client = panel()
    for path in ("/admin/b/bakery/", "/admin/b/bakery/invitations", "/admin/account"):
        text = page(client, path)
        assert BANNER in text and "E-mail is not set up." in text
        assert "1 e-mail is waiting" in text and 'href="/admin/mail"' in text
    explained = page(client, "/admin/mail")
    assert "customers get no invitations" in explained
    assert "VOUCH_MAIL_SERVER" in explained
    assert "Send a test e-mail" not in explained  # nothing to send it with

    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 1
    assert "delivered 0 e-mail(s), 0 failed, 1 waiting." in result.output
    assert "No mail server is set up (VOUCH_MAIL_SERVER)" in result.output
    assert "queued" in page(client, "/admin/b/bakery/invitations")

    # Once a mail server is set up, what waited goes out and the banner goes.
    app.config.update(mailbox.config())
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 0
    assert "delivered 1 e-mail(s), 0 failed, 0 waiting." in result.output
    assert mailbox.wait_for(1)[0]["To"] == "grace@example.com"
    assert BANNER not in page(client)
    assert "delivered" in page(client, "/admin/b/bakery/invitations")


def test_a_failing_server_is_named_with_its_reason(panel):
    app, client = panel(MAIL_SERVER="127.0.0.1", MAIL_PORT=9, MAIL_TIMEOUT=2)
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 1
    assert "delivered 0 e-mail(s), 1 failed, 1 waiting." in result.output
    text = page(client)
    assert "E-mail is failing." in text and "ConnectionRefusedError" in text
    listed = page(client, "/admin/b/bakery/invitations")
    assert "retrying: ConnectionRefusedError" in listed


def test_an_address_refused_for_good_is_not_a_broken_server(panel, mailbox):
    app, client = panel(**mailbox.config())
    app.test_cli_runner().invoke(
        args=["invite", "bakery", "--name", "No One", "--email", "nobody@example.com"]
    )
    app.test_cli_runner().invoke(args=["send-mail"])
    assert BANNER not in page(client)
    listed = page(client, "/admin/b/bakery/invitations")
    assert "failed: nobody@example.com: 550 5.1.1 No such user here" in listed


def test_the_test_e_mail_reports_the_servers_answer(panel, mailbox):
    app, client = panel(**mailbox.config())
    form = page(client, "/admin/mail")
    sent = client.post("/admin/mail/test", data={"csrf_token": csrf_from(form)})
    assert sent.status_code == 303
    text = page(client, "/admin/mail")
    assert "The mail server accepted the test e-mail to owner@bakery.example" in text
    assert "250 Message accepted for delivery" in text
    assert mailbox.wait_for(1)[0]["To"] == "owner@bakery.example"

    app.config.update(MAIL_PORT=9, MAIL_TIMEOUT=2)
    client.post("/admin/mail/test", data={"csrf_token": csrf_from(text)})
    assert "could not be sent: ConnectionRefusedError" in page(client, "/admin/mail")


def test_the_dutch_panel_says_it_in_dutch(panel):
    _, client = panel()
    page_nl = client.get("/admin/b/bakery/", headers={"Accept-Language": "nl"})
    text = page_nl.get_data(as_text=True)
    assert "E-mail is niet ingesteld." in text and "1 e-mail wacht" in text


def test_a_team_invitation_is_queued_not_sent(panel):
    _, client = panel()
    form = page(client, "/admin/b/bakery/team")
    client.post(
        "/admin/b/bakery/team",
        data={
            "csrf_token": csrf_from(form),
            "email": "helper@bakery.example",
            "role": "moderator",
        },
    )
    text = page(client, "/admin/b/bakery/team")
    assert "Invitation to helper@bakery.example queued." in text
    assert "Invitation sent" not in text
