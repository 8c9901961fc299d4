"""Personal data handling: submitter IP addresses are kept only as a keyed hash."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app


def ip_hash(address: str | None) -> str | None:
    """Return an HMAC-SHA256 of ``address`` under the configured key, or None."""
    if not address:
        return None
    key = current_app.config["IP_HASH_KEY"] or current_app.config["SECRET_KEY"]
    return hmac.new(key.encode(), address.encode(), hashlib.sha256).hexdigest()
