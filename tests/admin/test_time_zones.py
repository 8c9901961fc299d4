"""The owner's time: every time in the panel, and in e-mails to the team, in the
user's time zone (by default the one of the business's language), with relative
times in lists."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.builders import (
    csrf_from,
    login,
    make_business,
    make_user,
    written_review,
)

PASSWORD = "a good long password"
# 22:30 UTC in summer: 23:30 in London, half past midnight the next day in Amsterdam,
# 18:30 in New York.
WRITTEN = datetime(2026, 6, 15, 22, 30, tzinfo=UTC)


@pytest.fixture
def shop(make_app):
    def start(locale: str):
        app = make_app()
        make_business(app, default_locale=locale)
        make_user(app, "owner@bakery.example", PASSWORD, "bakery")
        written_review(app, now=WRITTEN, status="pending")
        client = app.test_client()
        assert login(client, "owner@bakery.example", PASSWORD).status_code == 302
        return client

    return start


def queue_time(client, language: str = "en") -> str:
    page = client.get("/admin/b/bakery/", headers={"Accept-Language": language})
    text = page.get_data(as_text=True)
    start = text.index('<time datetime="2026-06-15T22:30:00+00:00" title="')
    return text[start:].split('title="', 1)[1].split("</time>", 1)[0]


def choose(client, zone: str):
    page = client.get("/admin/account").get_data(as_text=True)
    return client.post(
        "/admin/account/timezone",
        data={"csrf_token": csrf_from(page), "timezone": zone},
    )


def test_the_default_zone_follows_the_business_language(shop):
    dutch = shop("nl")
    title, shown = queue_time(dutch, "nl").split('">')
    assert title == "16 jun 2026 00:30"  # Europe/Amsterdam, summer time
    assert "geleden" in shown  # a relative time where a list is read
    account = dutch.get("/admin/account").get_data(as_text=True)
    assert "Die van je bedrijf (Europe/Amsterdam)" in account or (
        "Your business's (Europe/Amsterdam)" in account
    )


def test_a_chosen_zone_is_used_everywhere_in_the_panel(shop):
    client = shop("en")
    assert queue_time(client).startswith("Jun 15, 2026 11:30\u202fPM")  # London
    done = choose(client, "America/New_York")
    assert done.status_code == 303
    assert "Times are now shown in America/New_York." in client.get(
        done.location
    ).get_data(as_text=True)
    assert queue_time(client).startswith("Jun 15, 2026 6:30\u202fPM")
    choose(client, "")  # back to the business's
    assert queue_time(client).startswith("Jun 15, 2026 11:30\u202fPM")


def test_an_unknown_zone_is_refused(shop):
    client = shop("en")
    refused = choose(client, "Mars/Olympus_Mons")
    page = client.get(refused.location).get_data(as_text=True)
    assert "Choose one of the time zones." in page
    assert queue_time(client).startswith("Jun 15, 2026 11:30\u202fPM")
