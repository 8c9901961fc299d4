"""The team hears of new reviews by e-mail: at once, as a daily digest, or never."""

from __future__ import annotations

import pytest

from tests.admin.conftest import PASSWORD
from tests.builders import body_of, csrf_from, login, make_business, make_user, submit


@pytest.fixture
def team(make_app, mailbox):
    app = make_app(**mailbox.config())
    make_business(app)
    make_user(app, "owner@bakery.example", PASSWORD, "bakery")
    client = app.test_client()
    login(client, "owner@bakery.example", PASSWORD)
    return app, client


def send(app) -> str:
    return app.test_cli_runner().invoke(args=["send-mail"]).output


def choose(client, value):
    page = client.get("/admin/account").get_data(as_text=True)
    return client.post(
        "/admin/account/notify",
        data={
            "csrf_token": csrf_from(page),
            "business": "bakery",
            "notify": value,
        },
    )


def to_owner(mailbox):
    return [m for m in mailbox.messages if m["To"] == "owner@bakery.example"]


def test_owners_hear_at_once_by_default_without_action_links(team, mailbox):
    app, _ = team
    submit(app.test_client(), rating=2, body="Bread was stale.")
    submit(app.test_client(), website="http://spam.example")
    send(app)
    mailbox.wait_for(2)  # the reviewer's confirmation and the owner's news
    (news,) = to_owner(mailbox)
    assert news["Subject"] == "New 2-star review for Bakery"
    text = body_of(news)
    assert "Bread was stale." in text and "/admin/b/bakery/" in text
    assert "moderate" not in text and "/c/" not in text
    # The time in the owner's zone (here the business language's), named.
    assert "(Europe/London)" in text


def test_daily_digest_instead(team, mailbox):
    app, owner = team
    assert choose(owner, "daily").status_code == 303
    assert "a daily summary" in owner.get("/admin/account").get_data(as_text=True)
    for text in ("First one.", "Second one."):
        submit(app.test_client(), body=text)
    send(app)
    digests = to_owner(mailbox)
    assert len(digests) == 1
    assert digests[0]["Subject"] == "2 new reviews for Bakery"
    assert "First one." in body_of(digests[0]) and "Second one." in body_of(digests[0])
    send(app)  # not due again for a day
    assert len(to_owner(mailbox)) == 1


def test_never(team, mailbox):
    app, owner = team
    choose(owner, "off")
    submit(app.test_client())
    send(app)
    mailbox.wait_for(1)
    assert to_owner(mailbox) == []


def test_bad_choice_is_explained(team):
    _, owner = team
    response = choose(owner, "hourly")
    assert response.status_code == 303
    assert "Choose at once, daily or never." in owner.get("/admin/account").get_data(
        as_text=True
    )


def test_news_and_team_invitations_speak_the_team_language(make_app, mailbox):
    """A Dutch bakery's owner reads the news in Dutch, with the review's status in
    Dutch words; someone invited to its team is invited in Dutch."""
    app = make_app(**mailbox.config())
    make_business(app, default_locale="nl")
    make_user(app, "owner@bakery.example", PASSWORD, "bakery")
    submit(app.test_client(), rating=2, body="Het brood was oud.")
    owner = app.test_client()
    login(owner, "owner@bakery.example", PASSWORD)
    page = owner.get("/admin/b/bakery/team").get_data(as_text=True)
    owner.post(
        "/admin/b/bakery/team",
        data={
            "csrf_token": csrf_from(page),
            "email": "hulp@bakery.example",
            "role": "moderator",
        },
    )
    send(app)
    messages = {m["To"]: m for m in mailbox.wait_for(3)}
    news = messages["owner@bakery.example"]
    assert news["Subject"] == "Nieuwe review met 2 sterren voor Bakery"
    assert "Open de wachtrij" in body_of(news) and "(wachtend)" in body_of(news)
    invitation = messages["hulp@bakery.example"]
    assert invitation["Subject"] == "Doe mee met Bakery op Vouch"
    assert "als moderator" in body_of(invitation)
