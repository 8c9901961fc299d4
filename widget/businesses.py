"""Creating and looking up businesses."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask_babel import gettext
from sqlalchemy import bindparam, select
from sqlalchemy.orm import lazyload

from widget import summary
from widget.database import write_transaction
from widget.errors import Conflict, NotFound, ValidationFailed
from widget.extensions import db
from widget.models import (
    Business,
    ModerationPolicy,
    RatingSummary,
    Review,
    ReviewStatus,
    utcnow,
)

SLUG_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
LOCALES = ("en", "nl", "de", "fr")


def find_business(slug: str | None, *, with_summary: bool = True) -> Business:
    """Return the business with ``slug``; a missing or unknown slug is ``NotFound``.

    Its rating summary comes in the same query, unless ``with_summary`` is off: a
    submission never reads it (the review service changes it with Core updates), and
    half the columns are spared."""
    _check_slug(slug)
    query = _BY_SLUG if with_summary else _BY_SLUG_ALONE
    business = db.session.scalar(query, {"slug": slug})
    if business is None:
        raise _missing()
    return business


# Prebuilt: every request about a business starts with it.
_BY_SLUG = select(Business).where(Business.slug == bindparam("slug"))
_BY_SLUG_ALONE = _BY_SLUG.options(lazyload(Business.summary))


def current_version(slug: str | None) -> tuple[int, int]:
    """The business id and summary version for ``slug`` (one indexed row, no ORM
    objects): what a cache needs to know whether what it holds is still current."""
    _check_slug(slug)
    row = db.session.connection().execute(_CURRENT_VERSION, {"slug": slug}).first()
    if row is None:
        raise _missing()
    return row[0], row[1]


_CURRENT_VERSION = (
    select(Business.id, RatingSummary.version)
    .join(RatingSummary, RatingSummary.business_id == Business.id)
    .where(Business.slug == bindparam("slug"))
)


def _check_slug(slug: str | None) -> None:
    if not slug or not SLUG_PATTERN.fullmatch(slug):
        raise _missing()


def _missing() -> NotFound:
    return NotFound("No business with that name exists.")


def _site_address(url: str) -> bool:
    """Whether ``url`` is a web address a visitor can follow."""
    if len(url) > 2048 or any(c.isspace() or not c.isprintable() for c in url):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def create_business(
    slug: str,
    name: str,
    *,
    website_url: str | None = None,
    default_locale: str = "en",
    moderation_policy: ModerationPolicy = ModerationPolicy.MANUAL,
) -> Business:
    """Create a business together with its (empty) rating summary."""
    errors: dict[str, list[str]] = {}
    if not SLUG_PATTERN.fullmatch(slug):
        errors["slug"] = [
            "Use 1-64 lowercase letters, digits and hyphens, not starting or ending "
            "with a hyphen."
        ]
    if not name.strip() or len(name) > 120:
        errors["name"] = ["Give a name of 1-120 characters."]
    if default_locale not in LOCALES:
        errors["default_locale"] = [f"Must be one of: {', '.join(LOCALES)}."]
    if website_url is not None and not _site_address(website_url):
        errors["website_url"] = ["Give the full address, like https://www.example.com."]
    if errors:
        raise ValidationFailed(gettext("The business details are not valid."), errors)
    with write_transaction() as session:
        if session.scalar(db.select(Business.id).where(Business.slug == slug)):
            raise Conflict(
                gettext(
                    "A business with the slug '%(slug)s' already exists.", slug=slug
                )
            )
        business = Business(
            slug=slug,
            name=name.strip(),
            website_url=website_url,
            default_locale=default_locale,
            moderation_policy=moderation_policy,
            allowed_origins=[],
        )
        business.summary = RatingSummary()
        session.add(business)
    return business


def update_settings(business: Business, changes: dict) -> Business:
    """Change how ``business`` collects and checks reviews (validated by the caller).

    Known keys: name, website_url, moderation_policy, require_confirmation,
    proof_of_work, allowed_origins, blocklist, default_locale, incentives,
    retention_days, widget_theme, widget_accent, count_imported (the summary gains
    or loses the published imported reviews in the same transaction).
    """
    allowed = {
        "name",
        "website_url",
        "incentives",
        "retention_days",
        "moderation_policy",
        "require_confirmation",
        "proof_of_work",
        "allowed_origins",
        "blocklist",
        "default_locale",
        "count_imported",
        "widget_theme",
        "widget_accent",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
    with write_transaction() as session:
        locked = session.scalar(
            db.select(Business)
            .where(Business.id == business.id)
            .with_for_update(of=Business)
        )
        counting = changes.get("count_imported", locked.count_imported)
        if counting != locked.count_imported:
            imported = summary.distribution_of(
                Review.business_id == locked.id,
                Review.status == ReviewStatus.PUBLISHED,
                Review.imported,
            )
            sign = 1 if counting else -1
            deltas = {star: sign * n for star, n in imported.items() if n}
            if deltas:
                summary.record_many(locked.id, deltas, utcnow())
                reviews = session.scalars(
                    db.select(Review).where(
                        Review.business_id == locked.id,
                        Review.status == ReviewStatus.PUBLISHED,
                        Review.imported,
                    )
                ).all()
                summary.record_dashboard(locked.id, list(reviews), sign)
        for name, value in changes.items():
            setattr(locked, name, value)
        # The disclosure shown in widgets follows the settings.
        summary.touch(locked.id)
    return locked
