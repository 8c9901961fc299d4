"""The one room where a review's status changes.

``enter`` (a review arrives), ``transition`` (it moves), ``record`` (something else
about it changes) and ``leave`` (it is deleted) keep, in the caller's transaction and
together: the status, the rating summary and the status counts, the audit event, the
webhook deliveries and the statement of reasons for a withheld review. The use cases
beside this module decide *what* happens; this module makes it happen the same way
every time. Nothing else writes review rows or review audit events.

Moderation is sentiment-blind by design: the reasons below never mention a rating,
and no moderation policy depends on one.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, update
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from widget import notices, summary, webhooks
from widget.actors import Actor
from widget.database import insert_row, with_defaults
from widget.errors import InvalidTransition, NotFound
from widget.extensions import db
from widget.i18n import STATUS_NAMES
from widget.models import (
    LOW_RATING,
    AuditEvent,
    Business,
    ModerationPolicy,
    Report,
    ReportResolution,
    Review,
    ReviewStatus,
    possible_id,
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
# The statuses as words in a sentence ("This review is published; …").

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


def enter(
    business: Business,
    review: Review,
    *,
    actor: Actor,
    action: str,
    now: datetime,
    note: str | None = None,
    announce: bool = True,
    counted: list[Review] | None = None,
) -> None:
    """Add a new ``review`` in its initial status (pending, or published when
    imported) and record it.

    ``announce`` emits ``review.submitted`` to webhooks. ``counted``, when given,
    collects the published reviews for one summary update by the caller
    (``count_published``) instead of one per review.
    """
    _insert(review)
    _audit(business.id, review, actor, action, None, now, note=note)
    if review.status is ReviewStatus.PUBLISHED and _counts(business, review):
        if counted is None:
            summary.record_published(business.id, review, +1, now)
        else:
            counted.append(review)
    if announce:
        webhooks.emit(business, "review.submitted", review)


def _insert(review: Review) -> None:
    """Insert the new ``review`` with one Core statement and keep it in the session
    as if it had been loaded: a third of what the ORM's flush costs, under the write
    lock. Every column is written, so nothing of it needs reading back."""
    table = Review.__table__
    given = {c.key: review.__dict__[c.key] for c in table.c if c.key in review.__dict__}
    filled = with_defaults(table, given)
    values = {c.key: filled.get(c.key) for c in table.c if c.key != "id"}
    review.id = db.session.connection().execute(_NEW_REVIEW, values).scalar_one()
    for key, value in values.items():
        if key not in given:
            set_committed_value(review, key, value)
    make_transient_to_detached(review)
    db.session.add(review)


def count_published(business: Business, counted: list[Review], now: datetime):
    """Add the reviews ``enter`` collected in ``counted`` to the summary at once."""
    if counted:
        stars = dict.fromkeys(summary.STARS, 0)
        for review in counted:
            stars[review.rating] += 1
        summary.record_many(business.id, {s: n for s, n in stars.items() if n}, now)
        summary.record_dashboard(business.id, counted, +1)


def transition(
    business: Business,
    review: Review,
    target: ReviewStatus,
    *,
    actor: Actor,
    action: str,
    now: datetime,
    reason: str | None = None,
    note: str | None = None,
    notify: bool = True,
    undoing: bool = False,
) -> None:
    """Move ``review`` to ``target``, or raise ``InvalidTransition``; ``undoing``
    takes a moderation back to pending (``moderation.undo_moderation`` checks it).

    Entering or leaving published changes the summary; leaving it answers the
    review's open reports. Webhooks hear of publishing and rejecting; the author of
    a rejected review gets the statement of reasons unless ``notify`` is off, the
    address is gone or the review was imported.
    """
    before = review.status
    if not (undoing and target is Q) and target not in TRANSITIONS[before]:
        raise InvalidTransition(
            gettext(
                "This review is %(before)s; it cannot become %(after)s.",
                before=STATUS_NAMES[before],
                after=STATUS_NAMES[target],
            )
        )
    review.status = target
    if target is ReviewStatus.PUBLISHED:
        review.published_at = now
        if _counts(business, review):
            summary.record_published(business.id, review, +1, now)
    elif before is ReviewStatus.PUBLISHED:
        if _counts(business, review):
            summary.record_published(business.id, review, -1, now)
        # Reports of a review are answered when it stops being shown.
        db.session.execute(
            update(Report)
            .where(Report.review_id == review.id, Report.resolved_at.is_(None))
            .values(resolved_at=now, resolution=ReportResolution.WITHHELD)
        )
    _audit(business.id, review, actor, action, before, now, reason=reason, note=note)
    if target is ReviewStatus.PUBLISHED:
        webhooks.emit(business, "review.published", review)
        if review.notify_when_published and review.author_email:
            review.notify_when_published = False  # one e-mail, the first time
            notices.published(business, review)
    elif target is ReviewStatus.REJECTED:
        webhooks.emit(business, "review.rejected", review)
        if notify and review.author_email and not review.imported:
            notices.withheld(business, review, REJECTION_REASONS[reason or "other"])


def publish_on_arrival(business: Business, review: Review, now: datetime) -> None:
    """Publish a pending ``review`` when the business's policy publishes it at once."""
    if review.status is not ReviewStatus.PENDING:
        return
    if business.require_confirmation and not review.verified:
        return
    policy = business.moderation_policy
    if policy is ModerationPolicy.AUTO_ALL or (
        policy is ModerationPolicy.AUTO_VERIFIED and review.verified
    ):
        actor = Actor.named(f"policy:{policy.value}")
        transition(business, review, P, actor=actor, action="publish", now=now)


def record(
    business: Business,
    review: Review,
    *,
    actor: Actor,
    action: str,
    now: datetime,
    note: str | None = None,
) -> None:
    """Record a change to ``review`` that keeps its status (a reply, a feature, a
    confirmation, anonymising); visitors see it at once when it is published."""
    _audit(business.id, review, actor, action, review.status, now, note=note)
    if review.status is ReviewStatus.PUBLISHED:
        summary.touch(business.id, now)


def leave(business: Business, review: Review, *, actor: Actor, now: datetime) -> None:
    """Delete ``review`` for good; the audit log keeps the record that it existed."""
    if review.status is ReviewStatus.PUBLISHED and _counts(business, review):
        summary.record_published(business.id, review, -1, now)
    _audit(business.id, review, actor, "delete", review.status, now, deleted=True)
    db.session.delete(review)


def record_for_business(
    business: Business, *, actor: str, action: str, note: str, now: datetime
) -> None:
    """Record an action on many of the business's reviews at once (retention, a
    person's data erased)."""
    db.session.add(
        AuditEvent(
            business_id=business.id,
            review_id=None,
            actor=actor,
            action=action,
            note=note,
            created_at=now,
        )
    )


def locked_review(business: Business, review_id: int) -> Review:
    """Return one review of ``business``, locked for update; others are ``NotFound``."""
    review = None
    if possible_id(review_id):
        review = db.session.scalar(
            db.select(Review)
            .where(Review.id == review_id, Review.business_id == business.id)
            .with_for_update()
        )
    if review is None:
        raise NotFound(gettext("No such review."))
    return review


def reply_changed(business: Business, review: Review, had_reply: bool) -> None:
    """Keep the dashboard's reply counters when the owner's reply to ``review`` came
    or went (only counted published reviews are in them)."""
    has_reply = bool(review.reply_body)
    if has_reply == had_reply or review.status is not ReviewStatus.PUBLISHED:
        return
    if not _counts(business, review):
        return
    sign = 1 if has_reply else -1
    low = review.rating <= LOW_RATING
    summary.record_replies(business.id, sign, -sign if low else 0)


def _counts(business: Business, review: Review) -> bool:
    """Whether the summary counts ``review`` when it is published: imported reviews
    only if the owner chose so (read under lock, as the setting may be changing)."""
    return not review.imported or counts_imports(business)


def counts_imports(business: Business) -> bool:
    return db.session.scalar(
        db.select(Business.count_imported)
        .where(Business.id == business.id)
        .with_for_update()
    )


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
    insert_row(
        AuditEvent,
        {
            "business_id": business_id,
            "review_id": review.id,
            "actor": actor.label,
            "action": action,
            "from_status": before.value if before else None,
            "to_status": after.value if after else None,
            "reason": reason,
            "note": note,
            "created_at": now,
        },
    )


_NEW_REVIEW = insert(Review).returning(Review.id)
