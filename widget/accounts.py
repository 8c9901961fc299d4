"""Owner and moderator accounts: creation, memberships and password checks."""

from __future__ import annotations

import hmac

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext

from widget import addresses
from widget.database import write_transaction
from widget.errors import Conflict, ValidationFailed
from widget.extensions import db
from widget.models import (
    Business,
    Membership,
    Notify,
    Role,
    User,
    new_session_token,
    utcnow,
)

MIN_PASSWORD_LENGTH = 8
_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def normalise_email(email: str) -> str:
    """How an account's address is compared: accounts are found whatever the case."""
    return email.strip().lower()


def create_user(email: str, password: str, business: Business, role: Role) -> User:
    """Create a user with a membership of ``business``. Raises on a taken e-mail."""
    errors: dict[str, list[str]] = {}
    try:
        email = normalise_email(addresses.normalised(email.strip()))
    except addresses.BadAddress:
        errors["email"] = [gettext("Give a valid e-mail address.")]
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = [f"Use at least {MIN_PASSWORD_LENGTH} characters."]
    if errors:
        raise ValidationFailed(gettext("The account details are not valid."), errors)
    with write_transaction() as session:
        if session.scalar(db.select(User.id).where(User.email == email)):
            raise Conflict(
                gettext("A user with the e-mail %(email)s already exists.", email=email)
            )
        user = User(email=email, password_hash=_hasher.hash(password))
        session.add(user)
        session.add(Membership(user=user, business_id=business.id, role=role))
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the user whose e-mail and password match, else None."""
    user = db.session.scalar(
        db.select(User).where(User.email == normalise_email(email))
    )
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    with write_transaction():
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        user.last_login_at = utcnow()
    return user


def end_sessions(user: User) -> None:
    """End every session of ``user`` (every browser, every remember cookie): a new
    session token, which the old cookies do not carry. Sign the current browser in
    again afterwards where it should stay signed in."""
    with write_transaction() as session:
        locked = session.scalar(
            db.select(User).where(User.id == user.id).with_for_update()
        )
        locked.session_token = new_session_token()
    user.session_token = locked.session_token


def user_for_session(value: str) -> User | None:
    """The user a session names (``id:token``), if the token is still theirs."""
    user_id, _, token = value.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not hmac.compare_digest(user.session_token, token):
        return None
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password after checking the current one; every other session of
    ``user`` ends. Raises ``ValidationFailed`` with field messages."""
    if not check_password(user, current):
        raise ValidationFailed(
            gettext("That password is not right."),
            {"current_password": [gettext("That password is not right.")]},
        )
    if len(new) < MIN_PASSWORD_LENGTH:
        message = gettext("Use at least %(num)s characters.", num=MIN_PASSWORD_LENGTH)
        raise ValidationFailed(message, {"new_password": [message]})
    with write_transaction() as session:
        locked = session.scalar(
            db.select(User).where(User.id == user.id).with_for_update()
        )
        locked.password_hash = _hasher.hash(new)
    end_sessions(user)


def user_by_email(email: str) -> User | None:
    """The account with ``email`` (any case), or None."""
    return db.session.scalar(
        db.select(User).where(User.email == normalise_email(email))
    )


def join_business(user: User, business: Business, role: Role) -> Membership:
    """Make an existing account a member of ``business`` with ``role``; raises
    ``Conflict`` when it is a member already."""
    with write_transaction() as session:
        already = session.scalar(
            db.select(Membership.id).where(
                Membership.user_id == user.id, Membership.business_id == business.id
            )
        )
        if already:
            raise Conflict(
                gettext(
                    "%(email)s is already a member of %(name)s.",
                    email=user.email,
                    name=business.name,
                )
            )
        membership = Membership(user_id=user.id, business_id=business.id, role=role)
        session.add(membership)
    return membership


def check_password(user: User, password: str) -> bool:
    """Whether ``password`` is ``user``'s (for confirming sensitive changes)."""
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def memberships_of(user: User) -> list[Membership]:
    return list(
        db.session.scalars(
            db.select(Membership)
            .where(Membership.user_id == user.id)
            .order_by(Membership.business_id)
        )
    )


def set_notify(user: User, business: Business, choice: Notify) -> None:
    """How ``user`` hears about new reviews of ``business``: instant, daily or off."""
    with write_transaction() as session:
        membership = session.scalar(
            db.select(Membership).where(
                Membership.user_id == user.id, Membership.business_id == business.id
            )
        )
        membership.notify = choice


def set_locale(user: User, locale: str | None) -> None:
    """Choose the panel's language for ``user`` (None: the browser's)."""
    with write_transaction() as session:
        locked = session.scalar(
            db.select(User).where(User.id == user.id).with_for_update()
        )
        locked.locale = locale
