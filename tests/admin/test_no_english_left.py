"""No English left in the Dutch, German or French panel: every page's headings,
labels, buttons, links, options, table headers, messages and accessible names are
read, and none may hold a word that the English texts use but no text of that
language does (a text someone forgot to translate, or wrote without marking it for
translation)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.admin.conftest import PASSWORD
from tests.builders import (
    csrf_from,
    login,
    make_api_key,
    make_review,
    written_review,
)
from widget.models import utcnow

CATALOGS = Path(__file__).resolve().parents[2] / "widget" / "translations"
# Read as words of the page, not sentences: what may stay as it is.
SAME_EVERYWHERE = {
    "vouch",
    "api",
    "csv",
    "json",
    "svg",
    "png",
    "https",
    "http",
    "url",
    "id",
    "e",
    "mail",
    "ok",
    "qr",
    "google",
    "trustpilot",
    "yelp",
    "facebook",
    "tripadvisor",
    "excel",
    "utf",
    "yyyy",
    "mm",
    "dd",
    "bearer",
    "authorization",
    "html",
    "ctrl",
    "widget",
    "webhook",
    "webhooks",
    "dashboard",
    "review",
    "reviews",
    "team",
    "spam",
    "account",
    "code",
    "link",
    "links",
    "label",
    "scope",
    "totp",
    "sha",
    "owner",
    "bakery",
    "florist",
    "example",
    "ada",
    "grace",
    "hopper",
    "manage",
    "read",
    "moderate",  # key scopes, shown as they are sent to the API
}
CONTROL_TAGS = {
    "button",
    "a",
    "label",
    "option",
    "h1",
    "h2",
    "h3",
    "th",
    "legend",
    "summary",
    "title",
}
NAMING_ATTRIBUTES = ("placeholder", "aria-label", "title")


def _words(text: str) -> set[str]:
    if re.fullmatch(r"[A-Za-z_]+/[A-Za-z_/+-]+", text):
        return set()  # a time zone's name (Europe/Amsterdam) is the same everywhere
    text = re.sub(r"%\(\w+\)[sd]", " ", text)
    return {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]+", text)}


def english_only_words(language: str) -> set[str]:
    english: set[str] = set()
    dutch: set[str] = set()
    for domain in ("admin", "messages"):
        with (CATALOGS / language / "LC_MESSAGES" / f"{domain}.po").open("rb") as po:
            catalog = read_po(po)
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = (
                message.string
                if isinstance(message.string, tuple)
                else (message.string,)
            )
            for text in ids:
                english |= _words(text)
            for text in strings:
                dutch |= _words(text)
    return english - dutch - SAME_EVERYWHERE


class Controls(HTMLParser):
    """The texts of the controls, headings and messages of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.found: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "pre", "code", "textarea"):
            self.skip += 1
        classes = attrs.get("class") or ""
        marked = tag in CONTROL_TAGS or any(
            name in classes.split()
            for name in ("flash", "banner", "hint", "empty", "meta", "report")
        )
        if tag not in ("input", "br", "meta", "link", "img"):
            self.stack.append(tag if marked else "")
        for name in NAMING_ATTRIBUTES:
            if attrs.get(name):
                self.found.append(attrs[name])
        if (
            tag == "input"
            and attrs.get("type") in ("submit", "button")
            and attrs.get("value")
        ):
            self.found.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "pre", "code", "textarea"):
            self.skip -= 1
        if self.stack and tag not in ("input", "br", "meta", "link", "img"):
            self.stack.pop()

    def handle_data(self, data):
        if not self.skip and any(self.stack) and data.strip():
            self.found.append(data.strip())


@pytest.fixture(params=["nl", "de", "fr"])
def owner_speaking(request, app, owner, mailbox):
    """An owner of a bakery with reviews in every state, whose panel speaks Dutch,
    German or French."""
    client = app.test_client()
    make_review(client, owner, publish=False)
    reported = make_review(client, owner, body="Reported for the test.")
    client.post(
        f"/api/v1/businesses/bakery/reviews/{reported}/reports",
        json={"reason": "off_topic"},
    )
    written_review(app, now=utcnow(), status="spam")
    with app.app_context():  # held by the rules: stored notes, explained in Dutch
        from widget.extensions import db
        from widget.models import Review, ReviewStatus

        for review in db.session.scalars(db.select(Review)):
            if review.status is ReviewStatus.PENDING:
                review.rejection_note = "no proof of work; 3 links"
            elif review.status is ReviewStatus.SPAM:
                review.rejection_note = "the hidden honeypot field was filled in"
        db.session.commit()
    make_api_key(app)
    signed = app.test_client()
    login(signed, "owner@bakery.example", PASSWORD)
    page = signed.get("/admin/account").get_data(as_text=True)
    signed.post(
        "/admin/account/language",
        data={"csrf_token": csrf_from(page), "locale": request.param},
    )
    return request.param, signed


PAGES = [
    "/admin/account",
    "/admin/mail",
    "/admin/b/bakery/",
    "/admin/b/bakery/?status=published",
    "/admin/b/bakery/?status=reported",
    "/admin/b/bakery/?status=spam",
    "/admin/b/bakery/dashboard",
    "/admin/b/bakery/invitations",
    "/admin/b/bakery/import",
    "/admin/b/bakery/embed",
    "/admin/b/bakery/settings",
    "/admin/b/bakery/audit",
    "/admin/b/bakery/webhooks",
    "/admin/b/bakery/api-keys",
    "/admin/b/bakery/privacy",
    "/admin/b/bakery/team",
]


def test_no_english_word_is_left_on_a_page(owner_speaking):
    language, client = owner_speaking
    suspicious = english_only_words(language)
    assert {"publish", "reject", "settings"} <= suspicious  # the check can see
    left: dict[str, list[str]] = {}
    for path in PAGES:
        page = client.get(path)
        assert page.status_code == 200, path
        parser = Controls()
        parser.feed(page.get_data(as_text=True))
        english = sorted({text for text in parser.found if _words(text) & suspicious})
        if english:
            left[path] = english
    signed_out = Controls()
    signed_out.feed(
        client.application.test_client()
        .get("/admin/login", headers={"Accept-Language": language})
        .get_data(as_text=True)
    )
    english = [text for text in signed_out.found if _words(text) & suspicious]
    if english:
        left["/admin/login"] = english
    assert left == {}
