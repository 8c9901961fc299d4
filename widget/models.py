"""Typed SQLAlchemy models.

Models hold data and relationships only: they never commit and never serialise
themselves. Every change of a review's state goes through ``widget.reviews``.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from widget.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every database (SQLite stores it naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    """Store an enum by its value, as a portable VARCHAR with a CHECK constraint."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


class ModerationPolicy(enum.StrEnum):
    MANUAL = "manual"
    AUTO_VERIFIED = "auto_verified"
    AUTO_ALL = "auto_all"


class Role(enum.StrEnum):
    OWNER = "owner"
    MODERATOR = "moderator"


class ReviewStatus(enum.StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"
    SPAM = "spam"


class Business(db.Model):
    __tablename__ = "businesses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    website_url: Mapped[str | None] = mapped_column(String(2048))
    default_locale: Mapped[str] = mapped_column(String(16), default="en")
    moderation_policy: Mapped[ModerationPolicy] = mapped_column(
        _enum(ModerationPolicy, "moderation_policy"), default=ModerationPolicy.MANUAL
    )
    allowed_origins: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Only reviews confirmed by e-mail or invitation may be published.
    require_confirmation: Mapped[bool] = mapped_column(Boolean, default=False)
    # Owner's words that mark a submission as spam (``widget.spam``).
    blocklist: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The widget form must solve a proof-of-work challenge (ALTCHA).
    proof_of_work: Mapped[bool] = mapped_column(Boolean, default=False)
    # What reviewers get for a review, in the owner's words; None: nothing.
    incentives: Mapped[str | None] = mapped_column(String(300))
    # Days after which reviewers' e-mail addresses and IP hashes are erased; None: kept.
    retention_days: Mapped[int | None] = mapped_column(Integer)
    # Reviews imported from other platforms are shown and counted only if the owner
    # chooses so (the disclosure says which).
    count_imported: Mapped[bool] = mapped_column(Boolean, default=False)
    # How widgets look where the snippet does not say (data-theme, data-accent).
    widget_theme: Mapped[str | None] = mapped_column(String(8))
    widget_accent: Mapped[str | None] = mapped_column(String(7))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    summary: Mapped[RatingSummary] = relationship(
        back_populates="business", uselist=False, lazy="joined"
    )


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

    memberships: Mapped[list[Membership]] = relationship(back_populates="user")


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "business_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(_enum(Role, "membership_role"))
    # E-mail about new reviews: "instant", "daily" (a digest) or "off".
    notify: Mapped[str] = mapped_column(String(16), default="instant")
    last_digest_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    user: Mapped[User] = relationship(back_populates="memberships")
    business: Mapped[Business] = relationship()


# Ratings up to this are "low": the dashboard lists those still without a reply.
LOW_RATING = 2
# The dashboard's partial indexes hold only the published reviews it counts. A query
# uses one (on SQLite) only when its WHERE repeats the index's conditions as written.
UNANSWERED_LOW = (
    f"status = 'published' AND rating <= {LOW_RATING} AND reply_body IS NULL"
)
REPLIED = "status = 'published' AND reply_body IS NOT NULL"


class Review(db.Model):
    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        # Public lists and the admin queue: one business, one status, newest first.
        Index(
            "ix_reviews_business_status_created",
            "business_id",
            "status",
            "created_at",
            "id",
        ),
        # Public lists sorted or filtered by stars.
        Index(
            "ix_reviews_business_status_rating_created",
            "business_id",
            "status",
            "rating",
            "created_at",
            "id",
        ),
        # Duplicate-text detection (``widget.spam``).
        Index("ix_reviews_business_body_hash", "business_id", "body_hash"),
        # An imported review is imported once: its id on the other platform.
        Index(
            "ix_reviews_business_source_external_id",
            "business_id",
            "source",
            "external_id",
            unique=True,
        ),
        # The widget's default order: the owner's featured reviews first, then newest.
        Index(
            "ix_reviews_business_status_featured_created",
            "business_id",
            "status",
            "featured",
            "created_at",
            "id",
        ),
        # The dashboard: low ratings without a reply, and the reply rate.
        Index(
            "ix_reviews_unanswered_low",
            "business_id",
            "status",
            "rating",
            "created_at",
            "id",
            "source",
            sqlite_where=text(UNANSWERED_LOW),
            postgresql_where=text(UNANSWERED_LOW),
        ),
        Index(
            "ix_reviews_replied",
            "business_id",
            "status",
            "source",
            sqlite_where=text(REPLIED),
            postgresql_where=text(REPLIED),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE")
    )
    rating: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    author_name: Mapped[str] = mapped_column(String(80))
    author_email: Mapped[str] = mapped_column(String(254))
    status: Mapped[ReviewStatus] = mapped_column(
        _enum(ReviewStatus, "review_status"), default=ReviewStatus.PENDING
    )
    rejection_reason: Mapped[str | None] = mapped_column(String(32))
    rejection_note: Mapped[str | None] = mapped_column(String(500))
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    verification_method: Mapped[str | None] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(64), default="widget")
    language: Mapped[str | None] = mapped_column(String(16))
    featured: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    moderated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    moderator_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    reply_body: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    consent_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ip_hash: Mapped[str | None] = mapped_column(String(64))
    # SHA-256 of the normalised text, to spot the same review sent again.
    body_hash: Mapped[str | None] = mapped_column(String(64))
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # The review's id on the platform it was imported from.
    external_id: Mapped[str | None] = mapped_column(String(128))

    business: Mapped[Business] = relationship()

    @property
    def imported_from(self) -> str | None:
        """The platform an imported review came from (``import:<platform>``)."""
        prefix, _, platform = self.source.partition(":")
        return platform if prefix == "import" and platform else None


class RatingSummary(db.Model):
    """Counts of published reviews for one business, kept in step with every change.

    ``version`` grows whenever anything a visitor can see changes, so it can key caches.
    """

    __tablename__ = "rating_summaries"

    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), primary_key=True
    )
    count: Mapped[int] = mapped_column(Integer, default=0)
    count_1: Mapped[int] = mapped_column(Integer, default=0)
    count_2: Mapped[int] = mapped_column(Integer, default=0)
    count_3: Mapped[int] = mapped_column(Integer, default=0)
    count_4: Mapped[int] = mapped_column(Integer, default=0)
    count_5: Mapped[int] = mapped_column(Integer, default=0)
    rating_sum: Mapped[int] = mapped_column(Integer, default=0)
    # How many of the business's reviews are in each status, imported ones included:
    # the panel's tabs, read without counting rows.
    pending: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    published: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rejected: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    spam: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    business: Mapped[Business] = relationship(back_populates="summary")


class AuditEvent(db.Model):
    """Who did what to which review, when and why. Kept when the review is deleted."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_business_created", "business_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE")
    )
    review_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


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
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    business: Mapped[Business] = relationship()


class IdempotencyRecord(db.Model):
    """The first result of a submission sent with an ``Idempotency-Key`` header."""

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("business_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE")
    )
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    # No foreign key: a replay answers with the id first given, even after deletion.
    review_id: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), default=utcnow, index=True
    )


class Invitation(db.Model):
    """A customer asked for a review; the link in their e-mail works once."""

    __tablename__ = "invitations"
    __table_args__ = (
        Index("ix_invitations_business_created", "business_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str] = mapped_column(String(254))
    order_reference: Mapped[str | None] = mapped_column(String(64))
    order_date: Mapped[date | None] = mapped_column(Date)
    locale: Mapped[str] = mapped_column(String(16))
    # Part of the signed link: a link for another invitation, or forged, never matches.
    nonce: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    reminder_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    review_id: Mapped[int | None] = mapped_column(Integer)

    business: Mapped[Business] = relationship()


class MailOptOut(db.Model):
    """An address that asked one business for no more invitations."""

    __tablename__ = "mail_opt_outs"
    __table_args__ = (UniqueConstraint("business_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE")
    )
    email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class OutboxMessage(db.Model):
    """An e-mail to send, written in the transaction that caused it (widget.mail)."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int | None] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(32))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    invitation_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(String(500))


class UsedToken(db.Model):
    """A one-time value already spent: a form token or a proof-of-work challenge."""

    __tablename__ = "used_tokens"
    __table_args__ = (UniqueConstraint("kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class Report(db.Model):
    """A visitor's report of a published review (EU DSA notice)."""

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_business_open", "business_id", "resolved_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE")
    )
    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(String(1000))
    email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    resolution: Mapped[str | None] = mapped_column(String(32))


class Webhook(db.Model):
    """Where a business wants its review events POSTed, signed with ``secret``."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(2048))
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class WebhookDelivery(db.Model):
    """One event for one webhook: its exact body, and every attempt's outcome."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_due", "delivered_at", "next_attempt_at"),
        Index("ix_webhook_deliveries_webhook_created", "webhook_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(
        ForeignKey("webhooks.id", ondelete="CASCADE")
    )
    event: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(500))


class TeamInvitation(db.Model):
    """An owner asked someone to join the business's team; the link works once."""

    __tablename__ = "team_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[Role] = mapped_column(_enum(Role, "team_invitation_role"))
    nonce: Mapped[str] = mapped_column(String(32))
    invited_by: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    business: Mapped[Business] = relationship()


class ImportBatch(db.Model):
    """One file of reviews from another platform: checked (preview), then imported in
    steps so the panel can show progress; the valid rows wait here until then."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), index=True
    )
    platform: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str] = mapped_column(String(255))
    created_by: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # "preview" (checked, waiting for the owner), "importing", "done" or "cancelled".
    state: Mapped[str] = mapped_column(String(16), default="preview")
    rows: Mapped[list[dict]] = mapped_column(JSON, default=list)
    problems: Mapped[list[dict]] = mapped_column(JSON, default=list)
    done: Mapped[int] = mapped_column(Integer, default=0)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    @property
    def total(self) -> int:
        """How many good rows the file had (the rows are dropped once imported)."""
        return len(self.rows) if self.state != "done" else self.done
