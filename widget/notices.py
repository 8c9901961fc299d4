"""The e-mails Vouch writes: review confirmation, invitation and its one reminder, the
statement of reasons for a withheld review, the team's news of new reviews (at once or
as a daily digest), and the link to choose a new password.

Each is queued in the caller's transaction (``widget.mail.enqueue``) in the
recipient's language. Links are signed (``widget.tokens``) and carry no bearer power
beyond their one purpose.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale, gettext, ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_

from widget import links, mail, tokens
from widget.database import write_transaction
from widget.extensions import db
from widget.i18n import STATUS_NAMES, supported, zone_for
from widget.models import (
    Business,
    Invitation,
    Membership,
    Notify,
    OutboxMessage,
    Review,
    ReviewStatus,
    User,
    utcnow,
)
from widget.sharing import review_text, share_links


def confirmation(business: Business, review: Review) -> None:
    """Ask the author of ``review`` to confirm their e-mail address.

    Only the subject is made now: the bodies are made when the e-mail is sent
    (``_confirmation_bodies``), outside the request that stores the review."""
    with force_locale(_author_language(business, review)):
        subject = gettext("Please confirm your review of %(name)s", name=business.name)
    mail.enqueue_unmade(
        kind="confirmation",
        to=review.author_email,
        subject=subject,
        business_id=business.id,
        review_id=review.id,
    )


@mail.made_when_sent("confirmation")
def _confirmation_bodies(message: OutboxMessage) -> tuple[str, str]:
    """The confirmation's bodies, in its author's language, with a link that is
    good from the moment it is sent."""
    review = db.session.get(Review, message.review_id)
    if review is None:
        raise LookupError("the review was deleted before its confirmation was sent")
    business = review.business
    link = links.confirm(tokens.sign("confirm", {"r": review.id}))
    with force_locale(_author_language(business, review)):
        return mail.bodies(
            "confirm_review", business=business, review=review, link=link
        )


def withheld(business: Business, review: Review, reason: str) -> None:
    """Tell the author of ``review`` that it will not be shown, and why: the reason
    (``reason``, its label), the owner's note, when and how it was decided, and how
    to disagree (a statement of reasons). It leaves once the moment to undo the
    decision (UNDO_SECONDS) has passed."""
    _to_author(
        business,
        review,
        kind="statement_of_reasons",
        subject=_l("Your review of %(name)s will not be shown", name=business.name),
        template="review_withheld",
        reason=reason,
        how_reviews_work=links.how_reviews_work(business.slug),
        zone=zone_for(None, business.default_locale),
        not_before=_after_undo_window(),
    )


def published(business: Business, review: Review) -> None:
    """Tell the author of ``review``, who asked for it, that it is published: the
    link to its page and where to share it. It leaves once the moment to undo the
    publication (UNDO_SECONDS) has passed."""
    with force_locale(_author_language(business, review)):
        url = links.review_page(business.slug, review.id)
        text = review_text(business.name, review.rating)
        _to_author(
            business,
            review,
            kind="review_published",
            subject=_l("Your review of %(name)s is published", name=business.name),
            template="review_published",
            link=url,
            share=share_links(url, text),
            not_before=_after_undo_window(),
        )


def _author_language(business: Business, review: Review) -> str:
    """The language of e-mails to a review's author: the review's, else the
    business's."""
    return supported(review.language) or business.default_locale


def _after_undo_window() -> datetime:
    """When an e-mail about a moderation may leave: once it can no longer be undone."""
    return utcnow() + timedelta(seconds=current_app.config["UNDO_SECONDS"])


def _to_author(
    business: Business, review: Review, *, kind: str, subject, template: str, **context
) -> None:
    """Queue an e-mail to the author of ``review`` in their language (else the
    business's); ``subject`` is a lazy text, made in that language."""
    with force_locale(_author_language(business, review)):
        mail.enqueue(
            kind=kind,
            to=review.author_email,
            subject=str(subject),
            template=template,
            business_id=business.id,
            review_id=review.id,
            business=business,
            review=review,
            **context,
        )


def invitation(
    business: Business, invite: Invitation, *, reminder: bool = False
) -> None:
    """Invite a customer (or remind them once) to review ``business``."""
    token = invitation_token(invite)
    # The token names the invitation, not the address: links are read by scanners,
    # proxies and logs.
    unsubscribe = links.unsubscribe(
        tokens.sign("unsubscribe", {"b": business.id, "i": invite.id})
    )
    with force_locale(invite.locale):
        subject = (
            gettext("A reminder: how was %(name)s?", name=business.name)
            if reminder
            else gettext(
                "How was %(name)s? Tell others in a review", name=business.name
            )
        )
        mail.enqueue(
            kind="reminder" if reminder else "invitation",
            to=invite.email,
            subject=subject,
            template="invitation",
            business_id=business.id,
            invitation_id=invite.id,
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
            business=business,
            invite=invite,
            reminder=reminder,
            link=links.invited(token),
            unsubscribe=unsubscribe,
        )


def password_reset(user: User, link: str, *, minutes: int, locale: str) -> None:
    """Queue the link to choose a new password, in ``locale``."""
    with force_locale(locale):
        mail.enqueue(
            kind="password_reset",
            to=user.email,
            subject=gettext("Choose a new password for Vouch"),
            template="password_reset",
            link=link,
            minutes=minutes,
        )


def invitation_token(invite: Invitation) -> str:
    return tokens.link_for("invitation", invite)


def new_review(business: Business, review: Review) -> None:
    """Tell the team members who want it at once about a new review.

    Only a link to the panel, never a link that acts on the review.
    """
    if not business.has_instant_notices:
        return
    recipients = db.session.scalars(
        db.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.business_id == business.id, Membership.notify == Notify.INSTANT
        )
    )
    for user in recipients:
        with force_locale(_team_language(user, business)):
            mail.enqueue(
                kind="new_review",
                to=user.email,
                subject=gettext(
                    "New %(num)s-star review for %(name)s",
                    num=review.rating,
                    name=business.name,
                ),
                template="new_review",
                business_id=business.id,
                review_id=review.id,
                business=business,
                reviews=[review],
                statuses=STATUS_NAMES,
                zone=zone_for(user, business.default_locale),
                queue=links.queue(business.slug),
                settings=links.account(),
            )


def _team_language(user: User, business: Business) -> str:
    """The language of e-mails to a team member: their panel's, else the
    business's."""
    return user.locale or business.default_locale


def send_digests(now: datetime | None = None) -> int:
    """Queue the daily digest for members who chose it and are due; return how many."""
    now = now or utcnow()
    due = list(
        db.session.scalars(
            db.select(Membership).where(
                Membership.notify == Notify.DAILY,
                or_(
                    Membership.last_digest_at.is_(None),
                    Membership.last_digest_at <= now - timedelta(days=1),
                ),
            )
        )
    )
    sent = 0
    for membership in due:
        since = membership.last_digest_at or now - timedelta(days=1)
        with write_transaction() as session:
            locked = session.get(Membership, membership.id, with_for_update=True)
            if locked.last_digest_at != membership.last_digest_at:
                continue  # another process sent it
            locked.last_digest_at = now
            reviews = list(
                session.scalars(
                    db.select(Review)
                    .where(
                        Review.business_id == locked.business_id,
                        Review.created_at > since,
                        Review.created_at <= now,
                        Review.status != ReviewStatus.SPAM,
                    )
                    .order_by(Review.created_at)
                    .limit(200)
                )
            )
            if not reviews:
                continue
            business = locked.business
            with force_locale(_team_language(locked.user, business)):
                mail.enqueue(
                    kind="digest",
                    to=locked.user.email,
                    subject=ngettext(
                        "%(num)s new review for %(name)s",
                        "%(num)s new reviews for %(name)s",
                        len(reviews),
                        name=business.name,
                    ),
                    template="new_review",
                    business_id=business.id,
                    business=business,
                    reviews=reviews,
                    statuses=STATUS_NAMES,
                    zone=zone_for(locked.user, business.default_locale),
                    queue=links.queue(business.slug),
                    settings=links.account(),
                )
            sent += 1
    return sent
