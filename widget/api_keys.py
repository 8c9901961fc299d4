"""Owner API keys: issued once in plain text, stored only as a SHA-256 hash.

Keys carry 256 bits of randomness, so a fast hash is enough to make a stolen
database useless for calling the API; lookups are by the hash itself.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import gettext
from sqlalchemy import or_

from widget.database import write_transaction
from widget.errors import NotFound, Unauthorized, ValidationFailed
from widget.extensions import db
from widget.models import ApiKey, Business, KeyScope, possible_id, utcnow

PREFIX = "vouch_"


def _digest(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


# The longest a key may live, and how often its last use is written down.
MAX_DAYS = 3650
USE_RECORDED_EVERY = timedelta(minutes=1)


def issue_api_key(
    business: Business,
    label: str | None = None,
    *,
    scope: KeyScope = KeyScope.MANAGE,
    days: int | None = None,
    now: datetime | None = None,
) -> tuple[ApiKey, str]:
    """Create a key for ``business`` that may do what ``scope`` allows, for ``days``
    days (None: until revoked); return it with its plain text (shown once)."""
    if days is not None and not 1 <= days <= MAX_DAYS:
        message = gettext("Give a number of days from 1 to %(max)s.", max=MAX_DAYS)
        raise ValidationFailed(message, {"days": [message]})
    now = now or utcnow()
    secret = secrets.token_urlsafe(32)
    plaintext = f"{PREFIX}{secret}"
    with write_transaction() as session:
        key = ApiKey(
            business_id=business.id,
            prefix=secret[:8],
            key_hash=_digest(plaintext),
            label=label,
            scope=scope,
            created_at=now,
            expires_at=now + timedelta(days=days) if days else None,
        )
        session.add(key)
    return key, plaintext


def find_api_key(plaintext: str, now: datetime | None = None) -> ApiKey | None:
    """Return the live key matching ``plaintext`` (not revoked, not expired), or
    None; its last use is written down (at most once a minute)."""
    if not plaintext.startswith(PREFIX) or len(plaintext) > 200:
        return None
    now = now or utcnow()
    key = db.session.scalar(
        db.select(ApiKey).where(
            ApiKey.key_hash == _digest(plaintext),
            ApiKey.revoked_at.is_(None),
            or_(ApiKey.expires_at.is_(None), ApiKey.expires_at > now),
        )
    )
    if key is not None and (
        key.last_used_at is None or now - key.last_used_at > USE_RECORDED_EVERY
    ):
        with write_transaction():
            key.last_used_at = now
    return key


def keys_of(business: Business) -> list[ApiKey]:
    """Every key of ``business``, newest first (never their secrets: only hashes
    are kept)."""
    return list(
        db.session.scalars(
            db.select(ApiKey)
            .where(ApiKey.business_id == business.id)
            .order_by(ApiKey.id.desc())
        )
    )


def revoke(business: Business, key_id: int, now: datetime | None = None) -> ApiKey:
    """Stop a key of ``business`` working (saying it twice changes nothing)."""
    with write_transaction() as session:
        key = session.get(ApiKey, key_id) if possible_id(key_id) else None
        if key is None or key.business_id != business.id:
            raise NotFound(gettext("No such API key."))
        if key.revoked_at is None:
            key.revoked_at = now or utcnow()
    return key


def key_from_authorization(header: str | None) -> ApiKey | None:
    """Return the key named by an ``Authorization: Bearer`` header; None if absent.

    Raises ``Unauthorized`` for a header that is present but not a live key.
    """
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    key = find_api_key(token.strip()) if scheme.lower() == "bearer" else None
    if key is None:
        raise Unauthorized(
            gettext("The API key is missing, malformed, revoked or expired.")
        )
    return key
