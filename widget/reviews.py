"""Review use cases: the one place where a review's state changes.

Every function here owns its transaction (``write_transaction``), keeps the rating
summary in step in that same transaction, and records an audit event. Views, the CLI
and the APIs call these functions and never write review rows themselves.

Moderation is sentiment-blind by design: the reasons below never mention a rating,
and no moderation policy depends on one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from widget import summary
from widget.actors import Actor
from widget.database import write_transaction
from widget.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from widget.extensions import db
from widget.models import (
    AuditEvent,
    Business,
    IdempotencyRecord,
    ModerationPolicy,
    Review,
    ReviewStatus,
    utcnow,
)

# Why a review may be withheld. Applied equally to every review, whatever its rating.
REJECTION_REASONS: dict[str, str] = {
    "spam": "Spam or advertising",
    "abusive": "Abusive, harassing, obscene or discriminatory",
    "off_topic": "Not about this business",
    "personal_data": "Contains someone's personal data",
    "not_a_customer": "Not written by a customer",
    "duplicate": "Duplicate of another review",
    "other": "Other (explained in the note)",
}

MODERATION_ACTIONS = ("publish", "reject", "spam")
# Review ids are 32-bit integers on every database; a larger one cannot exist.
MAX_REVIEW_ID = 2**31 - 1

_TARGET = {
    "publish": ReviewStatus.PUBLISHED,
    "reject": ReviewStatus.REJECTED,
    "spam": ReviewStatus.SPAM,
}

P, R, S, Q = (
    ReviewStatus.PUBLISHED,
    ReviewStatus.REJECTED,
    ReviewStatus.SPAM,
    ReviewStatus.PENDING,
)
# Which status each status may move to.
TRANSITIONS: dict[ReviewStatus, frozenset[ReviewStatus]] = {
    Q: frozenset({P, R, S}),
    P: frozenset({R, S}),
    R: frozenset({P, S}),
    S: frozenset({P, R}),
}


@dataclass(frozen=True)
class Submission:
    """What a submission produced; ``replayed`` when an idempotency key matched."""

    review_id: int
    status: str
    replayed: bool = False


def submit_review(
    business: Business,
    data: dict[str, Any],
    *,
    source: str = "widget",
    ip_hash: str | None = None,
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> Submission:
    """Store a validated submission and return its id and status.

    ``data`` holds rating, title, body, author_name, author_email and consent, already
    validated and sanitised. With ``idempotency_key``, a repeat of the same request
    returns the first result, and the same key with a different request raises
    ``Conflict``. The review is committed before this returns.
    """
    now = now or utcnow()
    fingerprint = _fingerprint(data)
    try:
        with write_transaction() as session:
            if idempotency_key:
                earlier = _idempotency_record(business.id, idempotency_key)
                if earlier is not None:
                    return _replay(earlier, fingerprint)
            review = Review(
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
            )
            session.add(review)
            session.flush()
            _audit(business.id, review, Actor.named("reviewer"), "submit", None, now)
            if _publishes_on_arrival(business, review):
                _move(business, review, ReviewStatus.PUBLISHED, now)
                policy = Actor.named(f"policy:{business.moderation_policy.value}")
                _audit(business.id, review, policy, "publish", Q, now)
            if idempotency_key:
                session.add(
                    IdempotencyRecord(
                        business_id=business.id,
                        key=idempotency_key,
                        fingerprint=fingerprint,
                        review_id=review.id,
                        status=review.status.value,
                        created_at=now,
                    )
                )
            result = Submission(review.id, review.status.value)
    except IntegrityError:
        # A concurrent request with this key committed first: answer with its result.
        earlier = (
            _idempotency_record(business.id, idempotency_key)
            if idempotency_key
            else None
        )
        if earlier is None:
            raise
        return _replay(earlier, fingerprint)
    return result


def moderate_review(
    business: Business,
    review_id: int,
    action: str,
    *,
    actor: Actor,
    reason: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Review:
    """Publish, reject or mark as spam one review of ``business``.

    Rejecting needs a reason from ``REJECTION_REASONS`` (``other`` needs a note); spam
    is recorded with the reason ``spam``. Raises ``NotFound``, ``ValidationFailed`` or
    ``InvalidTransition``.
    """
    if action not in _TARGET:
        raise ValidationFailed(
            "Unknown moderation action.",
            {"action": [f"Must be one of: {', '.join(MODERATION_ACTIONS)}."]},
        )
    reason, note = _moderation_reason(action, reason, note)
    now = now or utcnow()
    with write_transaction():
        review = _locked_review(business, review_id)
        target = _TARGET[action]
        before = review.status
        if target not in TRANSITIONS[before]:
            raise InvalidTransition(
                f"A {before.value} review cannot be moved to {target.value}."
            )
        _move(business, review, target, now)
        review.rejection_reason = reason
        review.rejection_note = note
        review.moderated_at = now
        review.moderator_id = actor.user_id
        _audit(
            business.id, review, actor, action, before, now, reason=reason, note=note
        )
    return review


def reply_to_review(
    business: Business,
    review_id: int,
    body: str | None,
    *,
    actor: Actor,
    now: datetime | None = None,
) -> Review:
    """Set the business's public reply to a review; an empty ``body`` removes it."""
    now = now or utcnow()
    with write_transaction():
        review = _locked_review(business, review_id)
        review.reply_body = body or None
        review.replied_at = now if body else None
        action = "reply" if body else "remove_reply"
        _audit(business.id, review, actor, action, review.status, now)
        if review.status is ReviewStatus.PUBLISHED:
            summary.touch(business.id, now)
    return review


def delete_review(
    business: Business, review_id: int, *, actor: Actor, now: datetime | None = None
) -> None:
    """Delete a review for good; the audit log keeps the record that it existed."""
    now = now or utcnow()
    with write_transaction() as session:
        review = _locked_review(business, review_id)
        if review.status is ReviewStatus.PUBLISHED:
            summary.record_published(business.id, review.rating, -1, now)
        _audit(business.id, review, actor, "delete", review.status, now, deleted=True)
        session.delete(review)


def _locked_review(business: Business, review_id: int) -> Review:
    """Return one review of ``business``, locked for update; others are ``NotFound``."""
    review = None
    if 0 < review_id <= MAX_REVIEW_ID:
        review = db.session.scalar(
            db.select(Review)
            .where(Review.id == review_id, Review.business_id == business.id)
            .with_for_update()
        )
    if review is None:
        raise NotFound("No such review.")
    return review


def _move(
    business: Business, review: Review, target: ReviewStatus, now: datetime
) -> None:
    """Change the status and keep the summary in step."""
    was_published = review.status is ReviewStatus.PUBLISHED
    review.status = target
    if target is ReviewStatus.PUBLISHED and not was_published:
        review.published_at = now
        summary.record_published(business.id, review.rating, +1, now)
    elif was_published and target is not ReviewStatus.PUBLISHED:
        summary.record_published(business.id, review.rating, -1, now)


def _publishes_on_arrival(business: Business, review: Review) -> bool:
    policy = business.moderation_policy
    if policy is ModerationPolicy.AUTO_ALL:
        return True
    return policy is ModerationPolicy.AUTO_VERIFIED and review.verified


def _moderation_reason(
    action: str, reason: str | None, note: str | None
) -> tuple[str | None, str | None]:
    if action == "publish":
        return None, None
    if action == "spam":
        return "spam", note or None
    if reason not in REJECTION_REASONS:
        raise ValidationFailed(
            "A rejection needs a reason.",
            {"reason": [f"Must be one of: {', '.join(REJECTION_REASONS)}."]},
        )
    if reason == "other" and not note:
        raise ValidationFailed(
            "Explain the reason.", {"note": ["Required when the reason is 'other'."]}
        )
    return reason, note or None


def _audit(
    business_id: int,
    review: Review,
    actor: Actor,
    action: str,
    before: ReviewStatus | None,
    now: datetime,
    *,
    reason: str | None = None,
    note: str | None = None,
    deleted: bool = False,
) -> None:
    """Record an action on ``review``; its status now is the "to" status."""
    after = None if deleted else review.status
    db.session.add(
        AuditEvent(
            business_id=business_id,
            review_id=review.id,
            actor=actor.label,
            action=action,
            from_status=before.value if before else None,
            to_status=after.value if after else None,
            reason=reason,
            note=note,
            created_at=now,
        )
    )


def _fingerprint(data: dict[str, Any]) -> str:
    canonical = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _idempotency_record(business_id: int, key: str) -> IdempotencyRecord | None:
    return db.session.scalar(
        db.select(IdempotencyRecord).where(
            IdempotencyRecord.business_id == business_id, IdempotencyRecord.key == key
        )
    )


def _replay(record: IdempotencyRecord, fingerprint: str) -> Submission:
    if record.fingerprint != fingerprint:
        raise Conflict(
            "This Idempotency-Key was already used for a different submission."
        )
    return Submission(record.review_id, record.status, replayed=True)
