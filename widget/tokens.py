"""Signed, expiring tokens for links and forms (itsdangerous, keyed by SECRET_KEY).

Each purpose has its own salt, so a token made for one purpose is never valid for
another.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from widget.errors import LinkProblem
from widget.extensions import db
from widget.models import utcnow


class TokenInvalid(Exception):
    """Not made by us for this purpose, or changed since."""


class TokenExpired(Exception):
    """Made by us, but older than allowed."""


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"vouch:{purpose}")


def sign(purpose: str, payload: Any) -> str:
    return _serializer(purpose).dumps(payload)


def read(purpose: str, token: str | None, max_age: float) -> tuple[Any, datetime]:
    """Return the payload and when it was signed; raise TokenInvalid or TokenExpired."""
    if not token or len(token) > 1000:
        raise TokenInvalid
    try:
        payload, signed_at = _serializer(purpose).loads(
            token, max_age=max_age, return_timestamp=True
        )
    except SignatureExpired:
        raise TokenExpired from None
    except BadSignature:
        raise TokenInvalid from None
    return payload, signed_at.astimezone(UTC)


def link_for(purpose: str, row) -> str:
    """A link token naming ``row`` (its id and nonce) for ``purpose``."""
    return sign(purpose, {"i": row.id, "n": row.nonce})


def linked_row(purpose: str, token: str, model, max_age: float, *, bad, expired):
    """The row a ``link_for`` token names, still unexpired.

    Raises ``LinkProblem``: ``bad`` (404) for a token that is not ours, names no row
    or names one with another nonce; ``expired`` (410) for an old token or a row past
    its ``expires_at``.
    """
    try:
        payload, _ = read(purpose, token, max_age)
    except TokenExpired:
        raise LinkProblem(expired, status=410) from None
    except TokenInvalid:
        raise LinkProblem(bad, status=404) from None
    row = None
    if isinstance(payload, dict) and isinstance(payload.get("i"), int):
        row = db.session.get(model, payload["i"])
    if row is None or row.nonce != payload.get("n"):
        raise LinkProblem(bad, status=404)
    if row.expires_at < utcnow():
        raise LinkProblem(expired, status=410)
    return row
