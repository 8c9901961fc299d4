"""Collecting and telling: invitations, opt-outs, the e-mail outbox, webhooks and
import batches."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from widget.extensions import db
from widget.models.base import UtcDateTime, enum_type, utcnow

if TYPE_CHECKING:
    from widget.models.business import Business


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
    # None until it is sent, for a message made when it is sent (``widget.mail``).
    text_body: Mapped[str | None] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    invitation_id: Mapped[int | None] = mapped_column(Integer)
    # The review the message is about (its author's or the team's news of it), so
    # that erasing the review erases the message too.
    review_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(String(500))


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
    # The review the event is about, if any (erasing it erases its deliveries).
    review_id: Mapped[int | None] = mapped_column(Integer, index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(500))


class ImportState(enum.StrEnum):
    PREVIEW = "preview"  # checked, waiting for the owner
    IMPORTING = "importing"
    DONE = "done"
    CANCELLED = "cancelled"


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
    state: Mapped[ImportState] = mapped_column(
        enum_type(ImportState, "import_state", 16), default=ImportState.PREVIEW
    )
    rows: Mapped[list[dict]] = mapped_column(JSON, default=list)
    problems: Mapped[list[dict]] = mapped_column(JSON, default=list)
    done: Mapped[int] = mapped_column(Integer, default=0)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    @property
    def total(self) -> int:
        """How many good rows the file had (the rows are dropped once imported)."""
        return len(self.rows) if self.state is not ImportState.DONE else self.done
