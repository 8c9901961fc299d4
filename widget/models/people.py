"""Owners and moderators: users, memberships, API keys, team invitations."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from widget.extensions import db
from widget.models.base import UtcDateTime, enum_type, utcnow

if TYPE_CHECKING:
    from widget.models.business import Business


def new_session_token() -> str:
    return secrets.token_hex(16)


class Notify(enum.StrEnum):
    """When a member hears of new reviews by e-mail."""

    INSTANT = "instant"
    DAILY = "daily"
    OFF = "off"


class KeyScope(enum.StrEnum):
    """What an API key may do."""

    READ = "read"
    MODERATE = "moderate"
    MANAGE = "manage"


class Role(enum.StrEnum):
    OWNER = "owner"
    MODERATOR = "moderator"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Two-factor login (widget.two_factor): the TOTP secret once confirmed, the last
    # time step used (a code works once), and SHA-256 hashes of unused recovery codes.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    recovery_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The panel's language ("en", "nl"); None: the browser's.
    locale: Mapped[str | None] = mapped_column(String(8))
    # An IANA zone ("Europe/Amsterdam"); None: the one of their business's language.
    timezone: Mapped[str | None] = mapped_column(String(64))
    # Part of every session and remember cookie of this user: a new one ends them
    # all (widget.accounts.end_sessions).
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)

    memberships: Mapped[list[Membership]] = relationship(back_populates="user")

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the id and the session token."""
        return f"{self.id}:{self.session_token}"


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "business_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(enum_type(Role, "membership_role"))
    # E-mail about new reviews: "instant", "daily" (a digest) or "off".
    notify: Mapped[Notify] = mapped_column(
        enum_type(Notify, "membership_notify", 16), default=Notify.INSTANT
    )
    last_digest_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    user: Mapped[User] = relationship(back_populates="memberships")
    business: Mapped[Business] = relationship()


class ApiKey(db.Model):
    """An owner API key for one business. Only a SHA-256 hash of the key is stored."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), index=True
    )
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str | None] = mapped_column(String(120))
    # What the key may do (widget.access): read; read and moderate; or everything.
    scope: Mapped[KeyScope] = mapped_column(
        enum_type(KeyScope, "api_key_scope", 16),
        default=KeyScope.MANAGE,
        server_default=KeyScope.MANAGE.value,
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    business: Mapped[Business] = relationship()


class TeamInvitation(db.Model):
    """An owner asked someone to join the business's team; the link works once."""

    __tablename__ = "team_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[Role] = mapped_column(enum_type(Role, "team_invitation_role"))
    nonce: Mapped[str] = mapped_column(String(32))
    invited_by: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    business: Mapped[Business] = relationship()
