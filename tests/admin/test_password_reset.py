"""A forgotten password: the link comes by real e-mail, works once, for 30 minutes;
the answer never tells whether an address has an account; the new password is
checked; every session ends."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest

from tests.builders import body_of, csrf_from, link_in, login, make_business, make_user

PASSWORD = "an old long password"
NEW = "a brand new passphrase"


@pytest.fixture
def reset_app(make_app, mailbox):
    app = make_app(**mailbox.config())
    make_business(app)
    make_user(app, "owner@bakery.example", PASSWORD, "bakery")
    return app


def ask_for_link(app, email: str, language: str = "en", client=None):
    client = client or app.test_client()
    headers = {"Accept-Language": language}
    page = client.get("/admin/forgot-password", headers=headers)
    assert page.status_code == 200
    return client.post(
        "/admin/forgot-password",
        headers=headers,
        data={"csrf_token": csrf_from(page.get_data(as_text=True)), "email": email},
    )


def reset_path(app, mailbox, count: int = 1) -> str:
    assert app.test_cli_runner().invoke(args=["send-mail"]).exit_code == 0
    message = mailbox.wait_for(count)[-1]
    return urlsplit(link_in(message, "/admin/reset-password/")).path


def choose(client, path: str, new: str, repeat: str | None = None):
    page = client.get(path)
    return client.post(
        path,
        data={
            "csrf_token": csrf_from(page.get_data(as_text=True)),
            "new_password": new,
            "repeat": new if repeat is None else repeat,
        },
    )


def test_the_link_sets_a_new_password_once_and_ends_every_session(reset_app, mailbox):
    app = reset_app
    elsewhere = app.test_client()
    assert login(elsewhere, "owner@bakery.example", PASSWORD).status_code == 302
    assert elsewhere.get("/admin/b/bakery/").status_code == 200

    asked = ask_for_link(app, "Owner@Bakery.example")
    assert asked.status_code == 303 and asked.location.endswith("/admin/login")
    path = reset_path(app, mailbox)
    [message] = mailbox.messages
    assert message["To"] == "owner@bakery.example"
    assert "30 minutes" in body_of(message)

    client = app.test_client()
    page = client.get(path).get_data(as_text=True)
    assert "owner@bakery.example" in page and 'autocomplete="new-password"' in page
    done = choose(client, path, NEW)
    assert done.status_code == 303 and done.location.endswith("/admin/login")
    assert "Sign in with it" in client.get("/admin/login").get_data(as_text=True)

    # Every session ended; the old password no longer works, the new one does.
    assert elsewhere.get("/admin/b/bakery/").status_code == 302
    assert login(app.test_client(), "owner@bakery.example", PASSWORD).status_code == 401
    assert login(app.test_client(), "owner@bakery.example", NEW).status_code == 302
    # The link is used up.
    again = app.test_client().get(path)
    assert again.status_code == 410
    assert "used already" in again.get_data(as_text=True)


def test_the_answer_is_the_same_for_an_unknown_address(reset_app, mailbox):
    app = reset_app
    known = ask_for_link(app, "owner@bakery.example")
    unknown = ask_for_link(app, "nobody-here@bakery.example")
    assert known.status_code == unknown.status_code == 303
    assert known.location == unknown.location
    assert app.test_cli_runner().invoke(args=["send-mail"]).exit_code == 0
    assert [m["To"] for m in mailbox.wait_for(1)] == ["owner@bakery.example"]
    time.sleep(0.3)
    assert len(mailbox.messages) == 1


def test_the_flash_says_queued_not_sent(reset_app):
    client = reset_app.test_client()
    page = client.get("/admin/forgot-password").get_data(as_text=True)
    client.post(
        "/admin/forgot-password",
        data={"csrf_token": csrf_from(page), "email": "someone@example.com"},
    )
    text = client.get("/admin/login").get_data(as_text=True)
    assert "is queued" in text and "works for 30 minutes" in text
    assert " sent" not in text


@pytest.mark.parametrize(
    ("new", "repeat", "msg"),
    [
        ("short", None, "Use at least 8 characters."),
        ("sunshine", None, "one of the most used passwords"),
        ("Password1", None, "one of the most used passwords"),
        (NEW, "another passphrase", "The two passwords are not the same."),
        ("", None, "Choose a password."),
    ],
)
def test_a_weak_or_mistyped_password_is_refused(reset_app, mailbox, new, repeat, msg):
    app = reset_app
    ask_for_link(app, "owner@bakery.example")
    path = reset_path(app, mailbox)
    refused = choose(app.test_client(), path, new, repeat)
    assert refused.status_code == 422
    assert msg in refused.get_data(as_text=True)
    # The link still works after a refusal.
    assert choose(app.test_client(), path, NEW).status_code == 303


def test_an_old_or_forged_link_explains_itself(make_app, mailbox):
    app = make_app(**mailbox.config(), PASSWORD_RESET_MINUTES=0)
    make_business(app)
    make_user(app, "owner@bakery.example", PASSWORD, "bakery")
    ask_for_link(app, "owner@bakery.example")
    path = reset_path(app, mailbox)
    time.sleep(1.1)
    old = app.test_client().get(path)
    assert old.status_code == 410 and "has expired" in old.get_data(as_text=True)
    assert "/admin/forgot-password" in old.get_data(as_text=True)
    forged = app.test_client().get(path[:-3] + "abc")
    assert forged.status_code == 404


def test_the_mail_and_the_pages_speak_dutch(reset_app, mailbox):
    app = reset_app
    client = app.test_client()
    asked = ask_for_link(app, "owner@bakery.example", language="nl", client=client)
    path = reset_path(app, mailbox)
    assert "Kies een nieuw wachtwoord" in mailbox.messages[0]["Subject"]
    assert "30 minuten" in body_of(mailbox.messages[0])
    page = client.get(asked.location, headers={"Accept-Language": "nl"})
    assert "30 minuten" in page.get_data(as_text=True)
    form = client.get(path, headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "Nieuw wachtwoord" in form


def test_asking_too_often_is_limited_per_address(make_app, mailbox):
    app = make_app(
        **mailbox.config(), RATELIMIT_ENABLED=True, PASSWORD_RESET_RATE_LIMIT="2/hour"
    )
    make_business(app)
    make_user(app, "owner@bakery.example", PASSWORD, "bakery")
    assert ask_for_link(app, "owner@bakery.example").status_code == 303
    assert ask_for_link(app, "owner@bakery.example").status_code == 303
    assert ask_for_link(app, "owner@bakery.example").status_code == 429
