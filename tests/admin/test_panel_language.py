"""The panel in English and Dutch: each user picks a language, else the browser's
decides; the choice reaches pages, messages, numbers and the page's lang."""

from __future__ import annotations

from tests.admin.conftest import PASSWORD
from tests.builders import csrf_from, login, make_review, make_user, post_action

DUTCH = {"Accept-Language": "nl-NL,nl;q=0.9"}


def choose_language(client, locale: str):
    page = client.get("/admin/account").get_data(as_text=True)
    return client.post(
        "/admin/account/language",
        data={"csrf_token": csrf_from(page), "locale": locale},
    )


def test_the_browser_language_picks_the_panel_language(app, owner):
    client = app.test_client()
    page = client.get("/admin/login", headers=DUTCH).get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "Inloggen" in page and "Wachtwoord" in page
    german = client.get("/admin/login", headers={"Accept-Language": "de"})
    assert "Anmelden" in german.get_data(as_text=True)
    spanish = client.get("/admin/login", headers={"Accept-Language": "es"})
    assert "Sign in" in spanish.get_data(as_text=True)


def test_a_user_chooses_dutch(signed_in, owner):
    make_review(signed_in, owner, rating=4)
    make_review(signed_in, owner, rating=5)
    saved = choose_language(signed_in, "nl")
    assert saved.status_code == 303
    account = signed_in.get("/admin/account").get_data(as_text=True)
    assert "De taal van het paneel is opgeslagen." in account
    page = signed_in.get("/admin/b/bakery/").get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "2 gepubliceerde reviews, gemiddeld 4,5 ★" in page
    assert "Wachtend" in page and "Instellingen" in page
    # An English browser does not override the user's choice.
    english = signed_in.get("/admin/b/bakery/", headers={"Accept-Language": "en"})
    assert "Wachtend" in english.get_data(as_text=True)
    # Form errors come in Dutch too.
    settings = signed_in.get("/admin/b/bakery/settings").get_data(as_text=True)
    bad = signed_in.post(
        "/admin/b/bakery/settings",
        data={
            "csrf_token": csrf_from(settings),
            "name": "",
            "moderation_policy": "manual",
            "default_locale": "en",
            "retention_days": "abc",
        },
    )
    assert bad.status_code == 200 or bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert "Geef een naam van 1-120 tekens." in text
    assert "Geef een heel aantal dagen." in text


def test_the_choice_is_per_user(app, signed_in):
    choose_language(signed_in, "nl")
    make_user(app, "mod@bakery.example", PASSWORD, "bakery", role="moderator")
    other = app.test_client()
    login(other, "mod@bakery.example", PASSWORD)
    page = other.get("/admin/b/bakery/").get_data(as_text=True)
    assert '<html lang="en">' in page and "Pending" in page
    # Back to the browser's language.
    choose_language(signed_in, "")
    page = signed_in.get("/admin/b/bakery/", headers=DUTCH).get_data(as_text=True)
    assert "Wachtend" in page
    page = signed_in.get("/admin/b/bakery/").get_data(as_text=True)
    assert "Pending" in page


def test_an_unknown_language_is_refused_clearly(signed_in):
    response = choose_language(signed_in, "xx")
    assert response.status_code == 303
    page = signed_in.get("/admin/account").get_data(as_text=True)
    assert "Choose one of the languages." in page
    assert "Pending" in signed_in.get("/admin/b/bakery/").get_data(as_text=True)


def test_messages_from_the_rules_come_in_dutch_too(signed_in, owner):
    choose_language(signed_in, "nl")
    review_id = make_review(signed_in, owner, publish=False)
    refused = post_action(signed_in, review_id, "moderate", action="reject")
    page = signed_in.get(refused.headers["Location"]).get_data(as_text=True)
    assert "Een weigering heeft een reden nodig." in page
    assert "A rejection needs a reason" not in page
    post_action(signed_in, review_id, "moderate", action="publish")
    again = post_action(signed_in, review_id, "moderate", action="publish")
    page = signed_in.get(again.headers["Location"]).get_data(as_text=True)
    assert "Deze review is gepubliceerd; hij kan niet gepubliceerd worden." in page
