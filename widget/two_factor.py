"""Optional two-factor login: TOTP codes from an authenticator app (pyotp), and ten
single-use recovery codes for when the phone is lost.

A code works once (the time step is remembered); recovery codes are stored only as
SHA-256 hashes and are shown once, when two-factor login is turned on.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time

import pyotp
import segno
from flask_babel import gettext

from widget.accounts import check_password, end_sessions
from widget.database import write_transaction
from widget.errors import ValidationFailed
from widget.extensions import db
from widget.models import User

ISSUER = "Vouch"
RECOVERY_CODES = 10
WRONG_CODE = "That code is not right. Use the current code from your app."


def new_secret() -> str:
    return pyotp.random_base32()


def setup_qr(user: User, secret: str) -> str:
    """An SVG data URI of the QR code an authenticator app scans."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def enable(user: User, secret: str, code: str, password: str) -> list[str]:
    """Turn two-factor login on once ``code`` matches ``secret`` and ``password`` is
    the user's; return the recovery codes (shown once). Every session ends."""
    _check_password(user, password)
    step = _matching_step(secret, code)
    if step is None:
        raise ValidationFailed(WRONG_CODE, {"code": [WRONG_CODE]})
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    with write_transaction():
        locked = _locked(user)
        locked.totp_secret = secret
        locked.totp_last_step = step
        locked.recovery_codes = [_hash(code) for code in codes]
    end_sessions(user)
    return codes


def disable(user: User, password: str, code: str) -> None:
    """Turn two-factor login off; needs the password and a current code. Every
    session ends."""
    _check_password(user, password)
    if not verify(user, code):
        raise ValidationFailed(WRONG_CODE, {"code": [WRONG_CODE]})
    with write_transaction():
        locked = _locked(user)
        locked.totp_secret = None
        locked.totp_last_step = None
        locked.recovery_codes = []
    end_sessions(user)


def verify(user: User, code: str) -> bool:
    """Check a login code or a recovery code; either works once."""
    cleaned = re.sub(r"[\s-]", "", code or "").lower()
    with write_transaction():
        locked = _locked(user)
        if not locked.totp_secret:
            return False
        if cleaned.isdigit() and len(cleaned) == 6:
            step = _matching_step(locked.totp_secret, cleaned)
            if step is None or step <= (locked.totp_last_step or -1):
                return False
            locked.totp_last_step = step
            return True
        hashed = _hash(cleaned)
        if hashed in locked.recovery_codes:
            locked.recovery_codes = [c for c in locked.recovery_codes if c != hashed]
            return True
    return False


def _check_password(user: User, password: str) -> None:
    if not check_password(user, password):
        raise ValidationFailed(
            gettext("That password is not right."),
            {"password": [gettext("That password is not right.")]},
        )


def _matching_step(secret: str, code: str) -> int | None:
    """The time step (now, or one either side) whose code is ``code``."""
    code = re.sub(r"\s", "", code or "")
    totp = pyotp.TOTP(secret)
    now = int(time.time())
    for offset in (0, -1, 1):
        moment = now + offset * totp.interval
        if secrets.compare_digest(totp.at(moment), code):
            return moment // totp.interval
    return None


def _recovery_code() -> str:
    raw = secrets.token_hex(5)
    return f"{raw[:5]}-{raw[5:]}"


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").lower().encode()).hexdigest()


def _locked(user: User) -> User:
    return db.session.scalar(
        db.select(User).where(User.id == user.id).with_for_update()
    )
