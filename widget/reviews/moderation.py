"""What the owner does to a review: publish, reject, mark as spam, restore, reply,
feature, and undo a moment-old publish, reject or spam."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext
from sqlalchemy import delete

from widget.actors import Actor
from widget.database import write_transaction
from widget.errors import InvalidTransition, ValidationFailed
from widget.extensions import db
from widget.models import (
    AuditEvent,
    Business,
    OutboxMessage,
    Review,
    ReviewStatus,
    utcnow,
)
from widget.reviews import states
from widget.reviews.states import REJECTION_REASONS

MODERATION_ACTIONS = ("publish", "reject", "spam", "restore")
_TARGET = {
    "publish": ReviewStatus.PUBLISHED,
    "reject": ReviewStatus.REJECTED,
    "spam": ReviewStatus.SPAM,
    # "Not spam": back to the queue, to be read like any other review.
    "restore": ReviewStatus.PENDING,
}


def moderate_review(
    business: Business,
    review_id: int,
    action: str,
    *,
    actor: Actor,
    reason: str | None = None,
    note: str | None = None,
    notify: bool = True,
    now: datetime | None = None,
) -> Review:
    """Publish, reject or mark as spam one review of ``business``.

    Rejecting needs a reason from ``REJECTION_REASONS`` (``other`` needs a note); spam
    is recorded with the reason ``spam``. The author
    of a rejected review gets the reason and the note by e-mail unless ``notify`` is
    off (sample data). Raises ``NotFound``, ``ValidationFailed`` or
    ``InvalidTransition``.
    """
    if action not in _TARGET:
        raise ValidationFailed(
            gettext("Unknown moderation action."),
            {"action": [_one_of(MODERATION_ACTIONS)]},
        )
    reason, note = _moderation_reason(action, reason, note or None)
    now = now or utcnow()
    with write_transaction():
        review = states.locked_review(business, review_id)
        target = _TARGET[action]
        if (
            target is ReviewStatus.PUBLISHED
            and business.require_confirmation
            and not review.verified
            and target in states.TRANSITIONS[review.status]
        ):
            raise InvalidTransition(
                gettext(
                    "%(name)s publishes only reviews confirmed by e-mail or invitation,"
                    " and this one is not confirmed yet.",
                    name=business.name,
                )
            )
        review.rejection_reason = reason
        review.rejection_note = note
        review.moderated_at = now
        review.moderator_id = actor.user_id
        states.transition(
            business,
            review,
            target,
            actor=actor,
            action=action,
            now=now,
            reason=reason,
            note=note,
            notify=notify,
        )
    return review


UNDOABLE = ("publish", "reject", "spam")


def undo_moderation(
    business: Business,
    review_id: int,
    *,
    actor: Actor,
    now: datetime | None = None,
) -> Review:
    """Take back the last publish, reject or spam of a pending review, made by
    ``actor`` less than UNDO_SECONDS ago: the review is pending again, its statement
    of reasons (still waiting) does not go, and the audit log records the undo.
    Raises ``InvalidTransition`` when it is too late or was not theirs to undo."""
    now = now or utcnow()
    window = timedelta(seconds=current_app.config["UNDO_SECONDS"])
    with write_transaction() as session:
        review = states.locked_review(business, review_id)
        last = session.scalars(
            db.select(AuditEvent)
            .where(AuditEvent.review_id == review.id)
            .order_by(AuditEvent.id.desc())
            .limit(1)
        ).first()
        if (
            last is None
            or last.action not in UNDOABLE
            or last.actor != actor.label
            or last.from_status != ReviewStatus.PENDING.value
            or last.to_status != review.status.value
            or now - last.created_at > window
        ):
            raise InvalidTransition(
                gettext("It is too late to undo that; moderate the review again.")
            )
        review.rejection_reason = None
        review.rejection_note = None
        review.moderated_at = None
        review.moderator_id = None
        states.transition(
            business,
            review,
            ReviewStatus.PENDING,
            actor=actor,
            action="undo",
            now=now,
            undoing=True,
        )
        # The author hears of neither: the e-mails wait out the undo window.
        withdrawn = session.execute(
            delete(OutboxMessage)
            .where(
                OutboxMessage.review_id == review.id,
                OutboxMessage.kind.in_(("statement_of_reasons", "review_published")),
                OutboxMessage.sent_at.is_(None),
            )
            .returning(OutboxMessage.kind)
        ).scalars()
        if "review_published" in list(withdrawn):
            review.notify_when_published = True  # still wanted, at the next publish
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
    body = body or None
    now = now or utcnow()
    with write_transaction():
        review = states.locked_review(business, review_id)
        had_reply = bool(review.reply_body)
        review.reply_body = body
        review.replied_at = now if body else None
        states.reply_changed(business, review, had_reply)
        action = "reply" if body else "remove_reply"
        states.record(business, review, actor=actor, action=action, now=now)
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
        review = states.locked_review(business, review_id)
        if featured and review.status is not ReviewStatus.PUBLISHED:
            raise InvalidTransition(gettext("Only published reviews can be featured."))
        review.featured = featured
        action = "feature" if featured else "unfeature"
        states.record(business, review, actor=actor, action=action, now=now)
    return review


def _moderation_reason(
    action: str, reason: str | None, note: str | None
) -> tuple[str | None, str | None]:
    if action in ("publish", "restore"):
        return None, None
    if action == "spam":
        return "spam", note
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
    return reason, note


def _one_of(choices) -> str:
    return gettext("Must be one of: %(choices)s.", choices=", ".join(choices))
