"""Reviews and what is recorded about them: audit events, idempotency records,
spent one-time tokens and visitors' reports."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from widget.extensions import db
from widget.models.base import UtcDateTime, enum_type, utcnow

# The source of an imported review is this prefix and the platform's name.
IMPORT_PREFIX = "import:"

if TYPE_CHECKING:
    from widget.models.business import Business


class ReviewStatus(enum.StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"
    SPAM = "spam"


# Ratings up to this are "low": the dashboard lists those still without a reply.
LOW_RATING = 2


# The dashboard's partial indexes hold only the published reviews it counts. A query
# uses one (on SQLite) only when its WHERE repeats the index's conditions as written.
UNANSWERED_LOW = (
    f"status = 'published' AND rating <= {LOW_RATING} AND reply_body IS NULL"
)


REPLIED = "status = 'published' AND reply_body IS NOT NULL"


class ReportResolution(enum.StrEnum):
    KEPT = "kept"  # the owner looked and keeps the review published
    WITHHELD = "withheld"  # the review stopped being published


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
        enum_type(ReviewStatus, "review_status"), default=ReviewStatus.PENDING
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
    # The author asked for one e-mail when the review is published (cleared once sent).
    notify_when_published: Mapped[bool] = mapped_column(Boolean, default=False)
    # The review's id on the platform it was imported from.
    external_id: Mapped[str | None] = mapped_column(String(128))

    business: Mapped[Business] = relationship()

    @hybrid_property
    def imported(self) -> bool:
        """Whether the review came from another platform (``import:<platform>``)."""
        return self.source.startswith(IMPORT_PREFIX)

    @imported.inplace.expression
    @classmethod
    def _imported_expression(cls) -> ColumnElement[bool]:
        return cls.source.like(IMPORT_PREFIX + "%")

    @property
    def imported_from(self) -> str | None:
        """The platform an imported review came from."""
        return self.source.removeprefix(IMPORT_PREFIX) if self.imported else None


def import_source(platform: str) -> str:
    """The ``source`` of reviews imported from ``platform``."""
    return IMPORT_PREFIX + platform


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
    # The reporter's address as a keyed hash (widget.privacy): one client's repeats
    # of a report are counted once.
    ip_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    resolution: Mapped[ReportResolution | None] = mapped_column(
        enum_type(ReportResolution, "report_resolution")
    )
