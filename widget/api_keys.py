"""Owner API keys: issued once in plain text, stored only as a SHA-256 hash.

Keys carry 256 bits of randomness, so a fast hash is enough to make a stolen
database useless for calling the API; lookups are by the hash itself.
"""

from __future__ import annotations

import hashlib
import secrets

from flask_babel import gettext

from widget.database import write_transaction
from widget.errors import Unauthorized
from widget.extensions import db
from widget.models import ApiKey, Business

PREFIX = "vouch_"


def _digest(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def issue_api_key(business: Business, label: str | None = None) -> tuple[ApiKey, str]:
    """Create a key for ``business`` and return it with its plain text (shown once)."""
    secret = secrets.token_urlsafe(32)
    plaintext = f"{PREFIX}{secret}"
    with write_transaction() as session:
        key = ApiKey(
            business_id=business.id,
            prefix=secret[:8],
            key_hash=_digest(plaintext),
            label=label,
        )
        session.add(key)
    return key, plaintext


def find_api_key(plaintext: str) -> ApiKey | None:
    """Return the live key matching ``plaintext``, or None."""
    if not plaintext.startswith(PREFIX) or len(plaintext) > 200:
        return None
    return db.session.scalar(
        db.select(ApiKey).where(
            ApiKey.key_hash == _digest(plaintext), ApiKey.revoked_at.is_(None)
        )
    )


def key_from_authorization(header: str | None) -> ApiKey | None:
    """Return the key named by an ``Authorization: Bearer`` header; None if absent.

    Raises ``Unauthorized`` for a header that is present but not a live key.
    """
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    key = find_api_key(token.strip()) if scheme.lower() == "bearer" else None
    if key is None:
        raise Unauthorized(gettext("The API key is missing, malformed or revoked."))
    return key
