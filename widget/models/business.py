"""A business, its settings and its rating summary."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from widget.extensions import db
from widget.models.base import UtcDateTime, enum_type, utcnow


class ModerationPolicy(enum.StrEnum):
    MANUAL = "manual"
    AUTO_VERIFIED = "auto_verified"
    AUTO_ALL = "auto_all"


class Business(db.Model):
    __tablename__ = "businesses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    website_url: Mapped[str | None] = mapped_column(String(2048))
    default_locale: Mapped[str] = mapped_column(String(16), default="en")
    moderation_policy: Mapped[ModerationPolicy] = mapped_column(
        enum_type(ModerationPolicy, "moderation_policy"),
        default=ModerationPolicy.MANUAL,
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
    # The brand colour: the widgets' accent, the hosted pages' and the share cards'.
    widget_accent: Mapped[str | None] = mapped_column(String(7))
    # The owner's logo, re-encoded as a PNG by ``widget.branding``; the digest names
    # its version in URLs and ETags.
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    logo_digest: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    summary: Mapped[RatingSummary] = relationship(
        back_populates="business", uselist=False, lazy="joined"
    )


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
    # Of the counted published reviews: how many carry the owner's reply, and how many
    # low ratings have none. The dashboard reads them; it never counts reviews.
    replied: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    unanswered_low: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    business: Mapped[Business] = relationship(back_populates="summary")


class ReviewWeek(db.Model):
    """The counted published reviews of one business written in one week (Monday to
    Sunday, UTC) and the sum of their stars, kept with the summary row: the
    dashboard's weekly figures, read without grouping reviews."""

    __tablename__ = "review_weeks"

    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), primary_key=True
    )
    week: Mapped[date] = mapped_column(Date, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    rating_sum: Mapped[int] = mapped_column(Integer, default=0)
