"""A business's team: owners invite teammates by e-mail, and remove them.

The invitation link is signed, works once and expires after ``TEAM_INVITATION_DAYS``.
A business always keeps at least one owner.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import force_locale, gettext

from widget import addresses, links, mail, tokens
from widget.accounts import create_user, end_sessions, normalise_email
from widget.actors import Actor
from widget.database import write_transaction
from widget.errors import Conflict, LinkProblem, NotFound, ValidationFailed
from widget.extensions import db
from widget.models import (
    Business,
    Membership,
    OutboxMessage,
    Role,
    TeamInvitation,
    User,
    utcnow,
)

TEAM_INVITATION_DAYS = 7
BAD_LINK = "This invitation link is not valid. Ask for a new one."
USED_LINK = "This invitation was already used. Sign in to continue."
OLD_LINK = "This invitation has expired. Ask for a new one."


def members(business: Business) -> list[tuple[User, Role]]:
    rows = db.session.execute(
        db.select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.business_id == business.id)
        .order_by(User.email)
    ).all()
    return [(user, role) for user, role in rows]


def invite(business: Business, email: str, role: Role, actor: Actor) -> TeamInvitation:
    """Invite ``email`` to the team as ``role`` and queue the e-mail."""
    try:
        address = normalise_email(addresses.normalised(email.strip()))
    except addresses.BadAddress:
        raise ValidationFailed(
            gettext("Give a valid e-mail address."),
            {"email": [gettext("Give a valid e-mail address.")]},
        ) from None
    with write_transaction() as session:
        already = session.scalar(
            db.select(Membership.id)
            .join(User, User.id == Membership.user_id)
            .where(Membership.business_id == business.id, User.email == address)
        )
        if already:
            raise Conflict(
                gettext("%(address)s is already in the team.", address=address)
            )
        invitation = TeamInvitation(
            business_id=business.id,
            email=address,
            role=role,
            nonce=secrets.token_hex(8),
            invited_by=actor.label,
            expires_at=utcnow() + timedelta(days=TEAM_INVITATION_DAYS),
        )
        session.add(invitation)
        session.flush()
        _queue_mail(business, invitation)
    return invitation


def _queue_mail(business: Business, invitation: TeamInvitation) -> None:
    """The invitation by e-mail, in the business's language."""
    with force_locale(business.default_locale):
        mail.enqueue(
            kind="team_invitation",
            to=invitation.email,
            subject=gettext("Join %(name)s on Vouch", name=business.name),
            template="team_invitation",
            business_id=business.id,
            business=business,
            role=invitation.role,
            inviter=invitation.invited_by.removeprefix("user:"),
            link=link_of(invitation),
            days=TEAM_INVITATION_DAYS,
        )


def link_of(invitation: TeamInvitation) -> str:
    """A link that accepts ``invitation`` (to hand over another way than e-mail)."""
    return links.join(tokens.link_for("team", invitation))


def pending(business: Business) -> list[tuple[TeamInvitation, OutboxMessage | None]]:
    """Invitations not yet accepted or expired, newest first, each with its latest
    e-mail (delivered, retrying or failed, and why)."""
    invitations = list(
        db.session.scalars(
            db.select(TeamInvitation)
            .where(
                TeamInvitation.business_id == business.id,
                TeamInvitation.accepted_at.is_(None),
                TeamInvitation.expires_at > utcnow(),
            )
            .order_by(TeamInvitation.id.desc())
        )
    )
    return [(invitation, _latest_mail(invitation)) for invitation in invitations]


def _latest_mail(invitation: TeamInvitation) -> OutboxMessage | None:
    return db.session.scalars(
        db.select(OutboxMessage)
        .where(
            OutboxMessage.business_id == invitation.business_id,
            OutboxMessage.kind == "team_invitation",
            OutboxMessage.to_address == invitation.email,
        )
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    ).first()


def resend(business: Business, invitation_id: int) -> str:
    """The invitation again, by e-mail, valid for another TEAM_INVITATION_DAYS.
    Returns the address it is for."""
    with write_transaction():
        invitation = _pending_of(business, invitation_id)
        invitation.expires_at = utcnow() + timedelta(days=TEAM_INVITATION_DAYS)
        _queue_mail(business, invitation)
    return invitation.email


def cancel(business: Business, invitation_id: int) -> str:
    """Withdraw an invitation: its links stop working; its unsent e-mail is not
    sent. Returns the address it was for."""
    with write_transaction() as session:
        invitation = _pending_of(business, invitation_id)
        unsent = _latest_mail(invitation)
        if unsent is not None and unsent.sent_at is None:
            session.delete(unsent)
        session.delete(invitation)
    return invitation.email


def _pending_of(business: Business, invitation_id: int) -> TeamInvitation:
    invitation = db.session.scalar(
        db.select(TeamInvitation)
        .where(
            TeamInvitation.id == invitation_id,
            TeamInvitation.business_id == business.id,
            TeamInvitation.accepted_at.is_(None),
        )
        .with_for_update()
    )
    if invitation is None:
        raise NotFound(gettext("That invitation was accepted or withdrawn already."))
    return invitation


def find_invitation(token: str) -> TeamInvitation:
    """The invitation a link names; ``LinkProblem`` for a bad, old or used one."""
    invitation = tokens.linked_row(
        "team",
        token,
        TeamInvitation,
        TEAM_INVITATION_DAYS * 86400,
        bad=BAD_LINK,
        expired=OLD_LINK,
    )
    if invitation.accepted_at is not None:
        raise LinkProblem(USED_LINK, status=410)
    return invitation


def accept(invitation: TeamInvitation, user: User | None, password: str | None) -> User:
    """Join the team: as ``user`` (signed in with the invited address), or as a new
    account with ``password``."""
    if user is None:
        user = create_user(
            invitation.email, password or "", invitation.business, invitation.role
        )
        with write_transaction():
            _locked(invitation).accepted_at = utcnow()
        return user
    if normalise_email(user.email) != invitation.email:
        raise ValidationFailed(
            gettext(
                "This invitation is for %(email)s; sign in with that address.",
                email=invitation.email,
            ),
            {"email": [gettext("Sign in as %(email)s.", email=invitation.email)]},
        )
    with write_transaction() as session:
        locked = _locked(invitation)
        if locked.accepted_at is not None:
            raise LinkProblem(USED_LINK, status=410)
        locked.accepted_at = utcnow()
        exists = session.scalar(
            db.select(Membership.id).where(
                Membership.business_id == locked.business_id,
                Membership.user_id == user.id,
            )
        )
        if not exists:
            session.add(
                Membership(
                    user_id=user.id, business_id=locked.business_id, role=locked.role
                )
            )
    return user


def remove(business: Business, user_id: int) -> None:
    """Take someone off the team; the last owner stays."""
    with write_transaction() as session:
        membership = session.scalar(
            db.select(Membership)
            .where(Membership.business_id == business.id, Membership.user_id == user_id)
            .with_for_update()
        )
        if membership is None:
            raise NotFound(gettext("No such team member."))
        if membership.role is Role.OWNER:
            owners = session.scalar(
                db.select(db.func.count()).where(
                    Membership.business_id == business.id,
                    Membership.role == Role.OWNER,
                )
            )
            if owners <= 1:
                raise Conflict(
                    gettext("A business needs an owner; add another one first.")
                )
        session.delete(membership)
        removed = membership.user
    # Whatever they had open of this business's panel ends now.
    end_sessions(removed)


def _locked(invitation: TeamInvitation) -> TeamInvitation:
    return db.session.scalar(
        db.select(TeamInvitation)
        .where(TeamInvitation.id == invitation.id)
        .with_for_update()
    )
