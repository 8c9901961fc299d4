"""Personal data leaving reviews: anonymising or deleting one review, a person's
reviews at their request, and the retention purge of addresses and IP hashes."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
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
    Webhook,
    WebhookDelivery,
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
        _forget_traces(business, review)
        states.record(business, review, actor=actor, action="anonymise", now=now)
    return review


def delete_review(
    business: Business, review_id: int, *, actor: Actor, now: datetime | None = None
) -> None:
    """Delete a review for good; the audit log keeps the record that it existed."""
    now = now or utcnow()
    with write_transaction():
        review = states.locked_review(business, review_id)
        _forget_traces(business, review)
        states.leave(business, review, actor=actor, now=now)


# A digest lists many reviews; one is found in it by its text, when the text is long
# enough not to be found by chance.
DISTINCT_TEXT = 20


def _forget_traces(business: Business, review: Review) -> None:
    """Delete the e-mails (sent or not) and webhook deliveries that carry what the
    review said or who wrote it: its own, the team's news of it, the digests that
    quote it."""
    about = [OutboxMessage.review_id == review.id]
    if review.author_email:
        about.append(
            func.lower(OutboxMessage.to_address) == review.author_email.lower()
        )
    if len(review.body) >= DISTINCT_TEXT and review.body != REMOVED_TEXT:
        about.append(
            (OutboxMessage.kind == "digest")
            & OutboxMessage.text_body.contains(review.body, autoescape=True)
        )
    db.session.execute(
        db.delete(OutboxMessage).where(
            OutboxMessage.business_id == business.id, or_(*about)
        )
    )
    db.session.execute(
        db.delete(WebhookDelivery).where(WebhookDelivery.review_id == review.id)
    )


def forget_subject(business: Business, email: str, actor: Actor, *, erase: bool) -> int:
    """Erase (``erase``) or anonymise the reviews written with ``email``, with every
    e-mail and webhook delivery that carries them, and drop the address from
    invitations, reports and the outbox. Each review change is in the audit log.
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
    """Erase what identifies reviewers and visitors once it is older than each
    business's ``retention_days``: e-mail addresses and IP hashes of reviews and
    reports, invitations, e-mails and webhook deliveries. Recorded in the audit log.
    Returns how many reviews changed.

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
            count = _purge_business(session, business, cutoff)
            if count:
                states.record_for_business(
                    business,
                    actor="retention",
                    action="erase_personal_data",
                    note=(
                        f"E-mail addresses and IP hashes of {count} "
                        f"review(s) older than {business.retention_days} days"
                    ),
                    now=now,
                )
            changed += count
    return changed


def _purge_business(session, business: Business, cutoff: datetime) -> int:
    """Erase ``business``'s personal data from before ``cutoff``; return how many
    reviews changed."""
    mine = Review.business_id == business.id
    result = session.execute(
        update(Review)
        .where(
            mine,
            Review.created_at < cutoff,
            or_(Review.author_email != ERASED_EMAIL, Review.ip_hash.is_not(None)),
        )
        .values(author_email=ERASED_EMAIL, ip_hash=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Report)
        .where(Report.business_id == business.id, Report.created_at < cutoff)
        .values(email=None, ip_hash=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        db.delete(Invitation).where(
            Invitation.business_id == business.id, Invitation.created_at < cutoff
        )
    )
    session.execute(
        db.delete(OutboxMessage).where(
            OutboxMessage.business_id == business.id,
            OutboxMessage.created_at < cutoff,
        )
    )
    hooks = db.select(Webhook.id).where(Webhook.business_id == business.id)
    session.execute(
        db.delete(WebhookDelivery).where(
            WebhookDelivery.webhook_id.in_(hooks), WebhookDelivery.created_at < cutoff
        )
    )
    return result.rowcount


def forget_old_mail(now: datetime | None = None) -> int:
    """Delete e-mails sent or given up more than ``OUTBOX_KEEP_DAYS`` ago (their
    state shows in the panel until then); return how many."""
    days = current_app.config["OUTBOX_KEEP_DAYS"]
    before = (now or utcnow()) - timedelta(days=days)
    with write_transaction() as session:
        result = session.execute(
            db.delete(OutboxMessage).where(
                or_(OutboxMessage.sent_at < before, OutboxMessage.failed_at < before)
            )
        )
    return result.rowcount
