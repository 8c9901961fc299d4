"""Who is calling: the signed-in user (panel) or the API key (owner API)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from flask import request
from flask_babel import lazy_gettext as _l

from widget.accounts import user_for_session
from widget.api_keys import key_from_authorization
from widget.errors import Unauthorized
from widget.extensions import login_manager
from widget.models import ApiKey, User


def init_login() -> None:
    """Configure Flask-Login for the panel: where to sign in, how users load."""
    login_manager.login_view = "admin.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)


def load_user(value: str) -> User | None:
    """The signed-in user, while the session's token is still theirs."""
    return user_for_session(value)


def api_key() -> ApiKey:
    """Return the request's API key; raise ``Unauthorized`` when there is none."""
    key = key_from_authorization(request.headers.get("Authorization"))
    if key is None:
        raise Unauthorized("Send your API key as 'Authorization: Bearer <key>'.")
    return key


def safe_next(target: str | None) -> str | None:
    """Return ``target`` if it is a path on this site, else None (no open redirects).

    A path only: no scheme, no host, nothing a browser reads as one (``//``, a
    backslash), and no whitespace or control characters anywhere, which browsers
    drop or which break the Location header; the same once percent-decoded.
    """
    if not target or not all(_plain_path(form) for form in (target, unquote(target))):
        return None
    return target


def _plain_path(target: str) -> bool:
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    if any(not c.isprintable() or c.isspace() for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
