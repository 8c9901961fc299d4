"""Personal data leaving reviews: anonymising or deleting one review, a person's
reviews at their request, and the retention purge of addresses and IP hashes."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, update

from widget.actors import Actor
from widget.database import write_transaction
from widget.extensions import db
from widget.models import (
    Business,
    Invitation,
    OutboxMessage,
    Report,
    Review,
    utcnow,
)
from widget.privacy import subject_reviews
from widget.reviews import states

ANONYMOUS_NAME = "Anonymous"
REMOVED_TEXT = "(Removed at the author's request.)"
ERASED_EMAIL = ""


def anonymise_review(
    business: Business, review_id: int, *, actor: Actor, now: datetime | None = None
) -> Review:
    """Remove everything that identifies the author; the rating (and so the summary)
    stays."""
    now = now or utcnow()
    with write_transaction():
        review = states.locked_review(business, review_id)
        review.author_name = ANONYMOUS_NAME
        review.author_email = ERASED_EMAIL
        review.ip_hash = None
        review.title = None
        review.body = REMOVED_TEXT
        review.body_hash = None
        review.featured = False
        states.record(business, review, actor=actor, action="anonymise", now=now)
    return review


def delete_review(
    business: Business, review_id: int, *, actor: Actor, now: datetime | None = None
) -> None:
    """Delete a review for good; the audit log keeps the record that it existed."""
    now = now or utcnow()
    with write_transaction():
        review = states.locked_review(business, review_id)
        states.leave(business, review, actor=actor, now=now)


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
        states.record_for_business(
            business,
            actor=actor.label,
            action="erase_person" if erase else "anonymise_person",
            note=f"{len(reviews)} review(s); invitations and addresses removed",
            now=utcnow(),
        )
    return len(reviews)


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
                states.record_for_business(
                    business,
                    actor="retention",
                    action="erase_personal_data",
                    note=(
                        f"E-mail addresses and IP hashes of {result.rowcount} "
                        f"review(s) older than {business.retention_days} days"
                    ),
                    now=now,
                )
            changed += result.rowcount
    return changed
