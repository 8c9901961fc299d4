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
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from widget import notices, spam, summary, webhooks
from widget.actors import Actor
from widget.database import write_transaction
from widget.errors import (
    Conflict,
    InvalidTransition,
    LinkProblem,
    NotFound,
    ValidationFailed,
)
from widget.extensions import db
from widget.imports import imported_ids, locked_batch
from widget.models import (
    AuditEvent,
    Business,
    IdempotencyRecord,
    ImportBatch,
    Invitation,
    ModerationPolicy,
    Report,
    Review,
    ReviewStatus,
    utcnow,
)

# Why a review may be withheld. Applied equally to every review, whatever its rating.
REJECTION_REASONS = {
    "spam": _l("Spam or advertising"),
    "abusive": _l("Abusive, harassing, obscene or discriminatory"),
    "off_topic": _l("Not about this business"),
    "personal_data": _l("Contains someone's personal data"),
    "not_a_customer": _l("Not written by a customer"),
    "duplicate": _l("Duplicate of another review"),
    "other": _l("Other (explained in the note)"),
}

MODERATION_ACTIONS = ("publish", "reject", "spam", "restore")
# The statuses as words in a sentence ("This review is published; …").
STATUS_NAMES = {
    "pending": _l("waiting"),
    "published": _l("published"),
    "rejected": _l("rejected"),
    "spam": _l("marked as spam"),
}
USED_INVITATION = _l("This invitation was already used to write a review. Thank you!")
GONE_REVIEW = _l("This review no longer exists.")
# Review ids are 32-bit integers on every database; a larger one cannot exist.
MAX_REVIEW_ID = 2**31 - 1

_TARGET = {
    "publish": ReviewStatus.PUBLISHED,
    "reject": ReviewStatus.REJECTED,
    "spam": ReviewStatus.SPAM,
    # "Not spam": back to the queue, to be read like any other review.
    "restore": ReviewStatus.PENDING,
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
    S: frozenset({P, R, Q}),
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
    verdict: spam.Verdict | None = None,
    invitation: Invitation | None = None,
    sample: bool = False,
    now: datetime | None = None,
) -> Submission:
    """Store a validated submission and return its id and status.

    ``data`` holds rating, title, body, author_name, author_email and consent, already
    validated and sanitised. With ``idempotency_key``, a repeat of the same request
    returns the first result, and the same key with a different request raises
    ``Conflict``. ``verdict`` (``widget.spam.inspect``) spends the form's one-time
    tokens and, when it found spam, files the review in the spam folder with its
    reasons. Through an ``invitation`` the review is verified and the invitation used
    up; otherwise the author gets an e-mail to confirm the address. The team hears of
    it (``notices.new_review``). ``sample`` data sends no e-mail at all. The review
    (and its e-mails) is committed before this returns.
    """
    now = now or utcnow()
    fingerprint = _fingerprint(data)
    verdict = verdict or spam.Verdict()
    try:
        with write_transaction() as session:
            if idempotency_key:
                earlier = _idempotency_record(business.id, idempotency_key)
                if earlier is not None:
                    return _replay(earlier, fingerprint)
            spam.spend(verdict)
            if invitation is not None:
                invitation = _unused_invitation(invitation)
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
                body_hash=spam.text_hash(data["body"]),
            )
            if invitation is not None:
                review.verified = True
                review.verification_method = "invitation"
                review.confirmed_at = now
            session.add(review)
            session.flush()
            _audit(business.id, review, Actor.named("reviewer"), "submit", None, now)
            if invitation is not None:
                invitation.used_at = now
                invitation.review_id = review.id
            if verdict.spam:
                _move(business, review, ReviewStatus.SPAM, now)
                review.rejection_reason = "spam"
                review.rejection_note = verdict.note
                filter_ = Actor.named("spam filter")
                _audit(business.id, review, filter_, "spam", Q, now, note=verdict.note)
            elif invitation is None and not sample:
                notices.confirmation(business, review)
            if not verdict.spam:
                webhooks.emit(business.id, "review.submitted", review)
                if not sample:
                    notices.new_review(business, review)
            if _publishes_on_arrival(business, review):
                _move(business, review, ReviewStatus.PUBLISHED, now)
                policy = Actor.named(f"policy:{business.moderation_policy.value}")
                _audit(business.id, review, policy, "publish", Q, now)
                webhooks.emit(business.id, "review.published", review)
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
    sample: bool = False,
) -> Review:
    """Publish, reject or mark as spam one review of ``business``.

    Rejecting needs a reason from ``REJECTION_REASONS`` (``other`` needs a note); spam
    is recorded with the reason ``spam``. The author of a rejected review gets the
    reason and the note by e-mail (``notices.withheld``), unless the address is gone,
    the review was imported or it is ``sample`` data. Raises ``NotFound``,
    ``ValidationFailed`` or ``InvalidTransition``.
    """
    if action not in _TARGET:
        raise ValidationFailed(
            gettext("Unknown moderation action."),
            {"action": [_one_of(MODERATION_ACTIONS)]},
        )
    reason, note = _moderation_reason(action, reason, note)
    now = now or utcnow()
    with write_transaction():
        review = _locked_review(business, review_id)
        target = _TARGET[action]
        before = review.status
        if target not in TRANSITIONS[before]:
            raise InvalidTransition(
                gettext(
                    "This review is %(before)s; it cannot become %(after)s.",
                    before=STATUS_NAMES[before.value],
                    after=STATUS_NAMES[target.value],
                )
            )
        if (
            target is ReviewStatus.PUBLISHED
            and business.require_confirmation
            and not review.verified
        ):
            raise InvalidTransition(
                gettext(
                    "%(name)s publishes only reviews confirmed by e-mail or invitation,"
                    " and this one is not confirmed yet.",
                    name=business.name,
                )
            )
        _move(business, review, target, now)
        if before is ReviewStatus.PUBLISHED:
            # Reports of a review are answered when it stops being shown.
            db.session.execute(
                update(Report)
                .where(Report.review_id == review.id, Report.resolved_at.is_(None))
                .values(resolved_at=now, resolution="withheld")
            )
        review.rejection_reason = reason
        review.rejection_note = note
        review.moderated_at = now
        review.moderator_id = actor.user_id
        _audit(
            business.id, review, actor, action, before, now, reason=reason, note=note
        )
        if target is ReviewStatus.PUBLISHED:
            webhooks.emit(business.id, "review.published", review)
        elif target is ReviewStatus.REJECTED:
            webhooks.emit(business.id, "review.rejected", review)
            if _reachable(review) and not sample:
                notices.withheld(business, review, REJECTION_REASONS[reason])
    return review


def _reachable(review: Review) -> bool:
    """Whether the author of ``review`` wrote it here and can still be written to."""
    return bool(review.author_email) and not review.source.startswith("import:")


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
            raise LinkProblem(GONE_REVIEW, status=410)
        if review.confirmed_at is not None:
            return review
        business = review.business
        review.confirmed_at = now
        if not review.verified:
            review.verified = True
            review.verification_method = "email_confirmed"
        _audit(
            business.id, review, Actor.named("reviewer"), "confirm", review.status, now
        )
        if _publishes_on_arrival(business, review):
            _move(business, review, ReviewStatus.PUBLISHED, now)
            policy = Actor.named(f"policy:{business.moderation_policy.value}")
            _audit(business.id, review, policy, "publish", Q, now)
            webhooks.emit(business.id, "review.published", review)
        elif review.status is ReviewStatus.PUBLISHED:
            summary.touch(business.id, now)
    return review


def feature_review(
    business: Business,
    review_id: int,
    featured: bool,
    *,
    actor: Actor,
    now: datetime | None = None,
) -> Review:
    """Pin a published review to the top of the widget's default order, or unpin it.

    Only published reviews can be featured; unpublishing keeps the flag, so a restored
    review returns where it was.
    """
    now = now or utcnow()
    with write_transaction():
        review = _locked_review(business, review_id)
        if featured and review.status is not ReviewStatus.PUBLISHED:
            raise InvalidTransition(gettext("Only published reviews can be featured."))
        review.featured = featured
        action = "feature" if featured else "unfeature"
        _audit(business.id, review, actor, action, review.status, now)
        if review.status is ReviewStatus.PUBLISHED:
            summary.touch(business.id, now)
    return review


ANONYMOUS_NAME = "Anonymous"
REMOVED_TEXT = "(Removed at the author's request.)"


def anonymise_review(
    business: Business, review_id: int, *, actor: Actor, now: datetime | None = None
) -> Review:
    """Remove everything that identifies the author; the rating (and so the summary)
    stays."""
    now = now or utcnow()
    with write_transaction():
        review = _locked_review(business, review_id)
        review.author_name = ANONYMOUS_NAME
        review.author_email = ""
        review.ip_hash = None
        review.title = None
        review.body = REMOVED_TEXT
        review.body_hash = None
        review.featured = False
        _audit(business.id, review, actor, "anonymise", review.status, now)
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
        if review.status is ReviewStatus.PUBLISHED and _counts(business, review):
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
        raise NotFound(gettext("No such review."))
    return review


def _move(
    business: Business, review: Review, target: ReviewStatus, now: datetime
) -> None:
    """Change the status and keep the summary in step."""
    was_published = review.status is ReviewStatus.PUBLISHED
    review.status = target
    if target is ReviewStatus.PUBLISHED and not was_published:
        review.published_at = now
        if _counts(business, review):
            summary.record_published(business.id, review.rating, +1, now)
    elif (
        was_published
        and target is not ReviewStatus.PUBLISHED
        and _counts(business, review)
    ):
        summary.record_published(business.id, review.rating, -1, now)


def _counts(business: Business, review: Review) -> bool:
    """Whether the summary counts ``review`` when it is published: imported reviews
    only if the owner chose so (read under lock, as the setting may be changing)."""
    return review.imported_from is None or _counts_imports(business)


def import_step(
    business: Business, batch_id: int, *, actor: Actor, now: datetime | None = None
) -> ImportBatch:
    """Import the next rows of a checked batch (``widget.imports``) in one transaction.

    Imported reviews are published as they were on their platform, labelled
    ``import:<platform>``, never verified; a row imported before is skipped. They count
    in the summary only if the business counts imported reviews. No e-mails or
    webhooks: these are not new reviews.
    """
    now = now or utcnow()
    step = current_app.config["IMPORT_STEP_ROWS"]
    with write_transaction() as session:
        batch = locked_batch(business, batch_id)
        if batch.state not in ("preview", "importing"):
            return batch
        batch.state = "importing"
        source = f"import:{batch.platform}"
        rows = batch.rows[batch.done : batch.done + step]
        known = imported_ids(business, batch.platform, rows)
        counted = dict.fromkeys(summary.STARS, 0)
        note = f"From {batch.platform} ({batch.filename})"
        for row in rows:
            if row["external_id"] in known:
                batch.skipped += 1
                continue
            review = _imported_review(business, row, source, now)
            session.add(review)
            session.flush()
            _audit(business.id, review, actor, "import", None, now, note=note)
            counted[review.rating] += 1
            batch.imported += 1
        if any(counted.values()) and _counts_imports(business):
            summary.record_many(business.id, counted, now)
        batch.done += len(rows)
        if batch.done >= len(batch.rows):
            batch.state = "done"
            batch.finished_at = now
            batch.rows = []
    return batch


def _imported_review(
    business: Business, row: dict[str, Any], source: str, now: datetime
) -> Review:
    created = datetime.fromisoformat(row["created_at"])
    body = row["body"]
    return Review(
        business_id=business.id,
        rating=row["rating"],
        title=row["title"],
        body=body,
        author_name=row["author_name"],
        author_email="",
        language=row["language"],
        source=source,
        external_id=row["external_id"],
        status=ReviewStatus.PUBLISHED,
        verified=False,
        created_at=created,
        published_at=created,
        consent_at=now,
        reply_body=row["reply"],
        replied_at=datetime.fromisoformat(row["replied_at"])
        if row["replied_at"]
        else None,
        body_hash=spam.text_hash(body) if body else None,
    )


def _counts_imports(business: Business) -> bool:
    return db.session.scalar(
        db.select(Business.count_imported)
        .where(Business.id == business.id)
        .with_for_update()
    )


def _publishes_on_arrival(business: Business, review: Review) -> bool:
    if review.status is not ReviewStatus.PENDING:
        return False
    if business.require_confirmation and not review.verified:
        return False
    policy = business.moderation_policy
    if policy is ModerationPolicy.AUTO_ALL:
        return True
    return policy is ModerationPolicy.AUTO_VERIFIED and review.verified


def _unused_invitation(invitation: Invitation) -> Invitation:
    """The invitation, locked; a used one is refused (one review per invitation)."""
    locked = db.session.scalar(
        db.select(Invitation).where(Invitation.id == invitation.id).with_for_update()
    )
    if locked is None or locked.used_at is not None:
        raise LinkProblem(USED_INVITATION, status=410)
    return locked


def _moderation_reason(
    action: str, reason: str | None, note: str | None
) -> tuple[str | None, str | None]:
    if action in ("publish", "restore"):
        return None, None
    if action == "spam":
        return "spam", note or None
    if reason not in REJECTION_REASONS:
        raise ValidationFailed(
            gettext("A rejection needs a reason."),
            {"reason": [_one_of(REJECTION_REASONS)]},
        )
    if reason == "other" and not note:
        raise ValidationFailed(
            gettext("Explain the reason."),
            {"note": [gettext("Required when the reason is 'other'.")]},
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
    """Record an action on ``review``; its status now is the "to" status.

    Every change of a review's status passes through here, so the status counts are
    kept here too.
    """
    after = None if deleted else review.status
    summary.record_status(business_id, before, after)
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


def _one_of(choices) -> str:
    return gettext("Must be one of: %(choices)s.", choices=", ".join(choices))


def _fingerprint(data: dict[str, Any]) -> str:
    canonical = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def replayed(business: Business, key: str) -> bool:
    """Whether a submission with this ``Idempotency-Key`` was already stored: its
    repeat is answered from the record, so its one-time form token is not spent again.
    """
    return _idempotency_record(business.id, key) is not None


def forget_idempotency_keys(now: datetime) -> int:
    """Delete idempotency records older than ``IDEMPOTENCY_KEY_HOURS``: a retry that
    late is a new submission. Returns how many were deleted."""
    hours = current_app.config["IDEMPOTENCY_KEY_HOURS"]
    oldest = now - timedelta(hours=hours)
    result = db.session.execute(
        db.delete(IdempotencyRecord).where(IdempotencyRecord.created_at < oldest)
    )
    db.session.commit()
    return result.rowcount


def _idempotency_record(business_id: int, key: str) -> IdempotencyRecord | None:
    return db.session.scalar(
        db.select(IdempotencyRecord).where(
            IdempotencyRecord.business_id == business_id, IdempotencyRecord.key == key
        )
    )


def _replay(record: IdempotencyRecord, fingerprint: str) -> Submission:
    if record.fingerprint != fingerprint:
        raise Conflict(
            gettext("This Idempotency-Key was already used for a different submission.")
        )
    return Submission(record.review_id, record.status, replayed=True)
