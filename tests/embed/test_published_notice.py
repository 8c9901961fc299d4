"""A reviewer who ticks "e-mail me when my review is published" gets one e-mail when
it is: the link to the review's page and where to share it. Unticked (the default),
nothing is sent."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.builders import (
    body_of,
    make_api_key,
    make_business,
    make_review,
    moderate,
)

SUBJECT = "Your review of Bakery is published"


@pytest.fixture
def shop(make_app, mailbox):
    app = make_app(UNDO_SECONDS=0, **mailbox.config())
    make_business(app)
    return app, app.test_client(), make_api_key(app)


def send(app) -> None:
    assert app.test_cli_runner().invoke(args=["send-mail"]).exit_code == 0


def notices(mailbox) -> list:
    return [m for m in mailbox.messages if m["Subject"] == SUBJECT]


def test_the_author_who_asked_hears_once_with_a_link_to_share(shop, mailbox):
    app, client, key = shop
    review_id = make_review(
        client, key, notify_when_published=True, author_email="lin@example.com"
    )
    send(app)
    mailbox.wait_for(2)  # the confirmation, and the news of publication
    (notice,) = notices(mailbox)
    assert notice["To"] == "lin@example.com"
    text = body_of(notice)
    link = next(
        line for line in text.splitlines() if f"/r/bakery/reviews/{review_id}" in line
    ).strip()
    assert "wa.me" in text and "linkedin.com" in text
    page = client.get(urlsplit(link).path)
    assert page.status_code == 200 and "Share this review" in page.get_data(
        as_text=True
    )
    # Withheld and published again: no second e-mail.
    moderate(client, key, review_id, "reject", reason="off_topic")
    moderate(client, key, review_id, "restore")
    moderate(client, key, review_id, "publish")
    send(app)
    assert len(notices(mailbox)) == 1


def test_nothing_is_sent_unless_asked(shop, mailbox):
    app, client, key = shop
    make_review(client, key)
    send(app)
    mailbox.wait_for(1)  # the confirmation
    assert notices(mailbox) == []


def test_the_hosted_form_offers_it_unticked(shop):
    _app, client, _key = shop
    html = client.get("/r/bakery").get_data(as_text=True)
    start = html.rindex("<input", 0, html.index('name="notify_when_published"'))
    box = html[start : html.index(">", start) + 1]
    assert 'type="checkbox"' in box and "checked" not in box
