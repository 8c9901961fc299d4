"""Personal data: submitter IP addresses are kept only as a keyed hash, and what a
business holds about one person can be found and exported. Erasing it (at the
person's request, or after the retention period) is a change to reviews, made in
``widget.reviews.erasure``."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flask import current_app
from sqlalchemy import func

from widget.extensions import db
from widget.models import (
    Business,
    Invitation,
    MailOptOut,
    Report,
    Review,
    utcnow,
)


def ip_hash(address: str | None) -> str | None:
    """Return an HMAC-SHA256 of ``address`` under the configured key, or None."""
    if not address:
        return None
    key = current_app.config["IP_HASH_KEY"] or current_app.config["SECRET_KEY"]
    return hmac.new(key.encode(), address.encode(), hashlib.sha256).hexdigest()


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


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None
