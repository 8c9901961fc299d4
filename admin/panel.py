"""The admin panel's blueprint: what every panel page shares (the user's language,
names for statuses and roles, never cached, refused actions answered with a
message), and the pages, one module per thing the owner manages."""

from __future__ import annotations

from flask import Blueprint, session
from flask_babel import format_date
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
    passwords,
    privacy,
    queue,
    settings,
    sign_in,
    team,
    webhooks,
)
from widget.errors import VouchError
from widget.i18n import panel_locale, use_locale

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


@bp.before_request
def speak_the_users_language() -> None:
    """The panel speaks the signed-in user's language, else the browser's.

    Without a signed-in session the user is not loaded at all: loading it there
    would make Flask-Login clear the remember cookie on the sign-in page.
    """
    use_locale(panel_locale(current_user if "_user_id" in session else None))


@bp.app_template_filter("day")
def day(moment) -> str:
    """A date as the panel's language writes it ("12 nov 2026")."""
    return format_date(moment, "medium")


@bp.context_processor
def panel_names() -> dict:
    return {"status_names": feedback.STATUS_NAMES, "role_names": feedback.ROLE_NAMES}


@bp.after_request
def never_stored(response):
    """Panel pages are one user's: no cache keeps them (security headers are set
    for every page in ``widget.headers``)."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response
