"""Submissions: the one path every door takes to turn a form into a stored review.

``accept_submission`` runs, in this order and for the widget API, the hosted page and
the invitation form alike: the idempotent replay, every anti-abuse check
(``widget.spam.inspect``), then ``store_review``, which stores the review with its
audit event, summary, status counts, e-mails and webhook deliveries in one
transaction. Views only gather the ``Evidence`` from the request.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from widget import notices, spam
from widget.actors import Actor
from widget.database import gathered_inserts, write_transaction
from widget.errors import LinkProblem
from widget.extensions import db
from widget.models import Business, Invitation, Review, ReviewStatus, utcnow
from widget.privacy import ip_hash
from widget.reviews import states
from widget.reviews.idempotency import Submission, earlier, fingerprint, remember

USED_INVITATION = _l("This invitation was already used to write a review. Thank you!")
GONE_REVIEW = _l("This review no longer exists.")


def accept_submission(
    business: Business,
    data: dict[str, Any],
    evidence: spam.Evidence,
    *,
    source: str,
    idempotency_key: str | None = None,
    invitation: Invitation | None = None,
    now: datetime | None = None,
) -> Submission:
    """Check a validated submission from a visitor and store it.

    A repeat of an ``idempotency_key`` returns the first answer before anything is
    checked (its one-time form token is spent already). Raises what ``spam.inspect``
    raises (403, 409, 422, 429) and ``LinkProblem`` for a used invitation.
    """
    now = now or utcnow()
    print_ = fingerprint(data) if idempotency_key else None
    replay = earlier(business, idempotency_key, print_)
    if replay is not None:
        return replay
    verdict = spam.inspect(business, data, evidence, now)
    return store_review(
        business,
        data,
        source=source,
        ip_hash=ip_hash(evidence.client_address),
        verdict=verdict,
        invitation=invitation,
        idempotency_key=idempotency_key,
        fingerprint_=print_,
        now=now,
    )


def store_review(
    business: Business,
    data: dict[str, Any],
    *,
    source: str,
    ip_hash: str | None = None,
    verdict: spam.Verdict | None = None,
    invitation: Invitation | None = None,
    idempotency_key: str | None = None,
    fingerprint_: str | None = None,
    notify: bool = True,
    now: datetime | None = None,
) -> Submission:
    """Store a checked submission and return its id and status.

    ``data`` holds rating, title, body, author_name, author_email and language,
    validated and sanitised. ``verdict`` spends the form's one-time tokens, files
    spam in the spam folder with its reasons, and holds a review it says to hold.
    Through an ``invitation`` the review is verified and the invitation used up;
    otherwise the author gets an e-mail to confirm the address. The team hears of it.
    ``notify=False`` (sample data) sends no e-mail at all. ``fingerprint_`` is the
    body's fingerprint when the caller has it already. Committed before it returns.

    The caller has looked ``idempotency_key`` up already (``accept_submission``);
    under the write lock the unique constraints decide, and a request that loses the
    race to its own retry gets the retry's answer. The rows that only record the
    review (spent tokens, audit events, the queued e-mail, the idempotency record)
    are sent together as the review is stored (``gathered_inserts``).
    """
    now = now or utcnow()
    verdict = verdict or spam.Verdict()
    # Only a keyed submission is remembered, so only it needs its fingerprint.
    print_ = fingerprint_ or (fingerprint(data) if idempotency_key else None)
    try:
        with write_transaction(keep_loaded=True), gathered_inserts():
            spam.spend(verdict)
            review = _new_review(business, data, source, ip_hash, now)
            if invitation is not None:
                invitation = _use(invitation, review, now)
            review.rejection_note = verdict.hold_note
            states.enter(
                business,
                review,
                actor=Actor.named("reviewer"),
                action="submit",
                now=now,
                note=verdict.hold_note,
                announce=not verdict.spam,
            )
            if invitation is not None:
                invitation.review_id = review.id
            if verdict.spam:
                review.rejection_reason = "spam"
                review.rejection_note = verdict.note
                states.transition(
                    business,
                    review,
                    ReviewStatus.SPAM,
                    actor=Actor.named("spam filter"),
                    action="spam",
                    now=now,
                    note=verdict.note,
                )
            elif notify:
                if invitation is None:
                    notices.confirmation(business, review)
                notices.new_review(business, review)
            if not verdict.held:
                states.publish_on_arrival(business, review, now)
            if idempotency_key:
                remember(business, idempotency_key, print_, review, now)
            result = Submission(review.id, review.status.value)
    except IntegrityError as error:
        # A concurrent request with this key committed first (its form token too):
        # answer with its result. The key was looked up once, before the lock.
        replay = earlier(business, idempotency_key, print_)
        if replay is None:
            spam.refuse_spent(error)
            raise
        return replay
    return result


def _new_review(
    business: Business,
    data: dict[str, Any],
    source: str,
    ip_hash: str | None,
    now: datetime,
) -> Review:
    return Review(
        business_id=business.id,
        rating=data["rating"],
        title=data.get("title") or None,
        body=data["body"],
        author_name=data["author_name"],
        author_email=data["author_email"],
        language=data.get("language"),
        source=source,
        consent_at=now,
        created_at=now,
        ip_hash=ip_hash,
        status=ReviewStatus.PENDING,
        body_hash=spam.text_hash(data["body"]),
        notify_when_published=bool(data.get("notify_when_published")),
    )


def _use(invitation: Invitation, review: Review, now: datetime) -> Invitation:
    """Lock the invitation and use it up for ``review``, which it verifies; a used
    one is refused (one review per invitation)."""
    locked = db.session.scalar(
        db.select(Invitation)
        .where(Invitation.id == invitation.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if locked is None or locked.used_at is not None:
        raise LinkProblem(str(USED_INVITATION), status=410)
    locked.used_at = now
    review.verified = True
    review.verification_method = "invitation"
    review.confirmed_at = now
    return locked


def confirm_review(review_id: int, now: datetime | None = None) -> Review:
    """Mark a review's e-mail address as confirmed (the link in its e-mail).

    Confirming twice changes nothing. A pending review is published when the
    business's policy publishes verified reviews.
    """
    now = now or utcnow()
    with write_transaction():
        review = db.session.scalar(
            db.select(Review).where(Review.id == review_id).with_for_update()
        )
        if review is None:
            raise LinkProblem(str(GONE_REVIEW), status=410)
        if review.confirmed_at is not None:
            return review
        business = review.business
        review.confirmed_at = now
        if not review.verified:
            review.verified = True
            review.verification_method = "email_confirmed"
        states.record(
            business, review, actor=Actor.named("reviewer"), action="confirm", now=now
        )
        if not review.rejection_note:
            states.publish_on_arrival(business, review, now)
    return review
