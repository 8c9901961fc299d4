"""Absolute links to the surfaces' pages, for e-mails and QR codes, inside or outside
a request. The one module of the core that names the surfaces' endpoints: moving a
page is one edit here."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from werkzeug.routing import MapAdapter

DEVELOPMENT_URL = "http://127.0.0.1:5000"


def confirm(token: str) -> str:
    """Where the author of a review confirms their e-mail address."""
    return _absolute("hosted.confirm", token=token)


def invited(token: str) -> str:
    """An invited customer's own review form."""
    return _absolute("hosted.invited", token=token)


def unsubscribe(token: str) -> str:
    """Where a customer stops the business's invitations."""
    return _absolute("hosted.unsubscribe", token=token)


def reviews_page(slug: str) -> str:
    """The business's hosted page: every published review and the review form."""
    return _absolute("hosted.reviews", slug=slug)


def review_page(slug: str, review_id: int) -> str:
    """One published review's own page, the one people share."""
    return _absolute("hosted.review", slug=slug, review_id=review_id)


def review_card(slug: str, review_id: int, shape: str = "wide") -> str:
    """The image of a published review: "wide" (link previews) or "square"."""
    endpoint = "hosted.review_card" if shape == "wide" else "hosted.review_card_square"
    return _absolute(endpoint, slug=slug, review_id=review_id)


def business_card(slug: str) -> str:
    """The image of a business's summary, for link previews of its review page."""
    return _absolute("hosted.business_card", slug=slug)


def how_reviews_work(slug: str) -> str:
    """The business's public explanation of collection, checks and moderation."""
    return _absolute("hosted.how_reviews_work", slug=slug)


def queue(slug: str) -> str:
    """The business's moderation queue in the panel."""
    return _absolute("admin.queue", slug=slug)


def account() -> str:
    """The signed-in user's own settings in the panel."""
    return _absolute("admin.account")


def password_reset(token: str) -> str:
    """Where someone who forgot their password chooses a new one."""
    return _absolute("admin.reset_password", token=token)


def join(token: str) -> str:
    """Where someone invited to a business's team accepts."""
    return _absolute("admin.join", token=token)


def _absolute(endpoint: str, **values) -> str:
    """The full URL of ``endpoint`` under PUBLIC_URL, whoever asked and however: a
    request's Host header never makes a link. Without PUBLIC_URL (debug and tests
    only: the app refuses to start otherwise) links point at the development
    address."""
    return _builder().build(endpoint, values, force_external=True)


def _builder() -> MapAdapter:
    """The app's URL map bound to PUBLIC_URL, kept until the setting changes."""
    app = current_app._get_current_object()
    base = (app.config["PUBLIC_URL"] or DEVELOPMENT_URL).rstrip("/")
    kept = app.extensions.get("vouch_links")
    if kept is None or kept[0] != base:
        parts = urlsplit(base)
        adapter = app.url_map.bind(
            parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme
        )
        kept = app.extensions["vouch_links"] = (base, adapter)
    return kept[1]
