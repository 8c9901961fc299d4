"""Personal data handling: submitter IP addresses are kept only as a keyed hash, and
both they and e-mail addresses are erased after a business's retention period."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, or_, update

from widget.actors import Actor
from widget.database import write_transaction
from widget.extensions import db
from widget.models import (
    AuditEvent,
    Business,
    Invitation,
    MailOptOut,
    OutboxMessage,
    Report,
    Review,
    utcnow,
)
from widget.reviews import anonymise_review, delete_review


def ip_hash(address: str | None) -> str | None:
    """Return an HMAC-SHA256 of ``address`` under the configured key, or None."""
    if not address:
        return None
    key = current_app.config["IP_HASH_KEY"] or current_app.config["SECRET_KEY"]
    return hmac.new(key.encode(), address.encode(), hashlib.sha256).hexdigest()


ERASED_EMAIL = ""


def purge_expired(now: datetime | None = None) -> int:
    """Erase reviewers' e-mail addresses and IP hashes older than each business's
    ``retention_days``; record it in the audit log. Returns how many reviews changed.

    Reviews stay (with their name, text and rating); only what identifies the author
    privately goes.
    """
    now = now or utcnow()
    changed = 0
    for business in db.session.scalars(
        db.select(Business).where(Business.retention_days.is_not(None))
    ):
        cutoff = now - timedelta(days=business.retention_days)
        with write_transaction() as session:
            result = session.execute(
                update(Review)
                .where(
                    Review.business_id == business.id,
                    Review.created_at < cutoff,
                    or_(
                        Review.author_email != ERASED_EMAIL, Review.ip_hash.is_not(None)
                    ),
                )
                .values(author_email=ERASED_EMAIL, ip_hash=None)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount:
                session.add(
                    AuditEvent(
                        business_id=business.id,
                        review_id=None,
                        actor="retention",
                        action="erase_personal_data",
                        note=(
                            f"E-mail addresses and IP hashes of {result.rowcount} "
                            f"review(s) older than {business.retention_days} days"
                        ),
                        created_at=now,
                    )
                )
            changed += result.rowcount
    return changed


def subject_reviews(business: Business, email: str) -> list[Review]:
    """The reviews of ``business`` written with ``email`` (any case)."""
    return list(
        db.session.scalars(
            db.select(Review)
            .where(
                Review.business_id == business.id,
                func.lower(Review.author_email) == email.strip().lower(),
            )
            .order_by(Review.created_at)
        )
    )


def subject_data(business: Business, email: str) -> dict[str, Any]:
    """Everything ``business`` holds about the person with ``email``, as JSON data."""
    address = email.strip().lower()
    reviews = subject_reviews(business, address)
    invitations = db.session.scalars(
        db.select(Invitation).where(
            Invitation.business_id == business.id,
            func.lower(Invitation.email) == address,
        )
    )
    reports = db.session.scalars(
        db.select(Report).where(
            Report.business_id == business.id, func.lower(Report.email) == address
        )
    )
    opted_out = db.session.scalar(
        db.select(MailOptOut.created_at).where(
            MailOptOut.business_id == business.id, MailOptOut.email == address
        )
    )
    return {
        "business": business.slug,
        "email": address,
        "exported_at": utcnow().isoformat(),
        "reviews": [
            {
                "id": review.id,
                "status": review.status.value,
                "rating": review.rating,
                "title": review.title,
                "body": review.body,
                "author_name": review.author_name,
                "language": review.language,
                "source": review.source,
                "verification_method": review.verification_method,
                "created_at": review.created_at.isoformat(),
                "consent_at": review.consent_at.isoformat(),
                "confirmed_at": _iso(review.confirmed_at),
                "reply": review.reply_body,
                "ip_address_kept_as_hash": review.ip_hash is not None,
            }
            for review in reviews
        ],
        "invitations": [
            {
                "name": invitation.name,
                "order_reference": invitation.order_reference,
                "order_date": _iso(invitation.order_date),
                "created_at": invitation.created_at.isoformat(),
                "used_at": _iso(invitation.used_at),
            }
            for invitation in invitations
        ],
        "reports": [
            {
                "review_id": report.review_id,
                "reason": report.reason,
                "note": report.note,
                "created_at": report.created_at.isoformat(),
            }
            for report in reports
        ],
        "invitations_stopped_at": _iso(opted_out),
    }


def forget_subject(business: Business, email: str, actor: Actor, *, erase: bool) -> int:
    """Erase (``erase``) or anonymise the reviews written with ``email``, and drop the
    address from invitations and reports. Each review change is in the audit log.
    Returns how many reviews changed."""
    address = email.strip().lower()
    reviews = subject_reviews(business, address)
    for review in reviews:
        if erase:
            delete_review(business, review.id, actor=actor)
        else:
            anonymise_review(business, review.id, actor=actor)
    with write_transaction() as session:
        session.execute(
            db.delete(Invitation).where(
                Invitation.business_id == business.id,
                func.lower(Invitation.email) == address,
            )
        )
        session.execute(
            update(Report)
            .where(
                Report.business_id == business.id, func.lower(Report.email) == address
            )
            .values(email=None)
        )
        session.execute(
            db.delete(OutboxMessage).where(
                OutboxMessage.business_id == business.id,
                func.lower(OutboxMessage.to_address) == address,
                OutboxMessage.sent_at.is_(None),
            )
        )
        session.add(
            AuditEvent(
                business_id=business.id,
                review_id=None,
                actor=actor.label,
                action="erase_person" if erase else "anonymise_person",
                note=f"{len(reviews)} review(s); invitations and addresses removed",
                created_at=utcnow(),
            )
        )
    return len(reviews)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None
