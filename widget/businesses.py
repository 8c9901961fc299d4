"""Creating and looking up businesses."""

from __future__ import annotations

import re

from widget.database import write_transaction
from widget.errors import Conflict, NotFound, ValidationFailed
from widget.extensions import db
from widget.models import Business, ModerationPolicy, RatingSummary

SLUG_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
LOCALES = ("en", "nl", "de", "fr")


def find_business(slug: str | None) -> Business:
    """Return the business with ``slug``; a missing or unknown slug is ``NotFound``."""
    if not slug or not SLUG_PATTERN.fullmatch(slug):
        raise NotFound("No business with that name exists.")
    business = db.session.scalar(db.select(Business).where(Business.slug == slug))
    if business is None:
        raise NotFound("No business with that name exists.")
    return business


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
    if errors:
        raise ValidationFailed("The business details are not valid.", errors)
    with write_transaction() as session:
        if session.scalar(db.select(Business.id).where(Business.slug == slug)):
            raise Conflict(f"A business with the slug '{slug}' already exists.")
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
