"""Owner and moderator accounts: creation, memberships, passwords (the rule for a new
one, changing it, and resetting a forgotten one by a signed link)."""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from widget import addresses, links, notices, tokens
from widget.database import write_transaction
from widget.errors import Conflict, LinkProblem, ValidationFailed
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
    problems = password_problems(password or "")
    if problems:
        errors["password"] = problems
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
    _set_password(user, new)


def password_problems(password: str) -> list[str]:
    """What is wrong with ``password`` as a new password: too short, or one of the
    most used passwords (zxcvbn's list of 30,000), the first a robot tries."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return [gettext("Use at least %(num)s characters.", num=MIN_PASSWORD_LENGTH)]
    if password.lower() in _common_passwords():
        return [
            gettext(
                "This is one of the most used passwords, the first ones robots try. "
                "Choose another."
            )
        ]
    return []


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(
        word
        for word in FREQUENCY_LISTS["passwords"]
        if len(word) >= MIN_PASSWORD_LENGTH
    )


def _set_password(user: User, new: str, field: str = "new_password") -> None:
    """Store ``new`` (checked) as ``user``'s password; every session of theirs ends."""
    problems = password_problems(new)
    if problems:
        raise ValidationFailed(problems[0], {field: problems})
    with write_transaction() as session:
        locked = session.scalar(
            db.select(User).where(User.id == user.id).with_for_update()
        )
        locked.password_hash = _hasher.hash(new)
    end_sessions(user)


PASSWORD_RESET = "password-reset"


def request_password_reset(email: str, locale: str) -> None:
    """E-mail a link to choose a new password to the account with ``email``, if
    there is one (the caller says the same either way). The link works once, for
    PASSWORD_RESET_MINUTES: it carries a mark of the current password, which the new
    one replaces."""
    user = user_by_email(email)
    if user is None:
        return
    token = tokens.sign(PASSWORD_RESET, {"u": user.id, "p": _password_mark(user)})
    with write_transaction():
        notices.password_reset(
            user,
            links.password_reset(token),
            minutes=current_app.config["PASSWORD_RESET_MINUTES"],
            locale=locale,
        )


def user_for_password_reset(token: str) -> User:
    """The account a reset link is for; ``LinkProblem`` when it is not ours, has
    expired or was used (the password changed since)."""
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    try:
        payload, _ = tokens.read(PASSWORD_RESET, token, max_age=minutes * 60)
    except tokens.TokenExpired:
        raise LinkProblem(
            gettext(
                "This link has expired: it works for %(num)s minutes. Ask for a new "
                "one.",
                num=minutes,
            ),
            status=410,
        ) from None
    except tokens.TokenInvalid:
        payload = None
    user = None
    if isinstance(payload, dict) and isinstance(payload.get("u"), int):
        user = db.session.get(User, payload["u"])
    if user is None or not hmac.compare_digest(
        _password_mark(user), str(payload.get("p"))
    ):
        raise LinkProblem(
            gettext("This link was used already, or is incomplete. Ask for a new one."),
            status=410 if user is not None else 404,
        )
    return user


def reset_password(user: User, new: str) -> None:
    """The forgotten password replaced (the link stops working); every session
    ends."""
    _set_password(user, new)


def _password_mark(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


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
    _set_choice(user, "locale", locale)


def set_timezone(user: User, zone: str | None) -> None:
    """Choose the time zone ``user`` reads times in (None: the business's)."""
    _set_choice(user, "timezone", zone)


def _set_choice(user: User, name: str, value: str | None) -> None:
    with write_transaction() as session:
        locked = session.scalar(
            db.select(User).where(User.id == user.id).with_for_update()
        )
        setattr(locked, name, value)
    setattr(user, name, value)
