"""The admin panel's blueprint: what every panel page shares (the user's language,
names for statuses and roles, never cached, refused actions answered with a
message), and the pages, one module per thing the owner manages."""

from __future__ import annotations

from flask import Blueprint, request, session
from flask_babel import format_date, format_time, format_timedelta
from flask_login import current_user

from admin import (
    account,
    api_keys,
    audit,
    dashboard,
    embed_builder,
    feedback,
    imports,
    invitations,
    mail_status,
    navigation,
    passwords,
    privacy,
    queue,
    settings,
    sign_in,
    team,
    webhooks,
)
from widget.businesses import SLUG_PATTERN
from widget.errors import VouchError
from widget.extensions import db
from widget.i18n import panel_locale, use_locale, use_timezone, zone_for
from widget.models import Business, utcnow

bp = Blueprint(
    "admin",
    __name__,
    url_prefix="/admin",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)

RESOURCES = (
    sign_in,
    passwords,
    account,
    dashboard,
    queue,
    settings,
    embed_builder,
    invitations,
    imports,
    webhooks,
    api_keys,
    team,
    privacy,
    audit,
    mail_status,
)
for resource in RESOURCES:
    resource.register(bp)

bp.register_error_handler(VouchError, feedback.refused)
bp.context_processor(navigation.navigation)


@bp.before_request
def speak_the_users_language() -> None:
    """The panel speaks the signed-in user's language, else the browser's.

    Without a signed-in session the user is not loaded at all: loading it there
    would make Flask-Login clear the remember cookie on the sign-in page.
    """
    user = current_user if "_user_id" in session else None
    use_locale(panel_locale(user))
    use_timezone(zone_for(user, _business_locale()))


def _business_locale() -> str | None:
    """The language of the business the page is about, if any (its time zone is
    the default for users who chose none)."""
    slug = (request.view_args or {}).get("slug")
    if not slug or not SLUG_PATTERN.fullmatch(slug):
        return None  # no business has it; the view says so
    return db.session.scalar(
        db.select(Business.default_locale).where(Business.slug == slug)
    )


@bp.app_template_filter("day")
def day(moment) -> str:
    """A date as the panel's language writes it, in the user's time zone
    ("12 nov 2026")."""
    return format_date(moment, "medium")


@bp.app_template_filter("moment")
def moment(value) -> str:
    """A date and time in the user's time zone ("12 nov 2026 14:05")."""
    return f"{format_date(value, 'medium')} {format_time(value, 'short')}"


@bp.app_template_filter("ago")
def ago(value) -> str:
    """How long ago, as the panel's language says it ("3 uur geleden")."""
    return format_timedelta(value - utcnow(), add_direction=True)


@bp.context_processor
def panel_names() -> dict:
    return {"status_names": feedback.STATUS_NAMES, "role_names": feedback.ROLE_NAMES}


@bp.after_request
def never_stored(response):
    """Panel pages are one user's: no cache keeps them (security headers are set
    for every page in ``widget.headers``)."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response
