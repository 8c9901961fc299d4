"""The team: members, invitations by e-mail, and joining through an invitation."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from admin.feedback import business_for, confirmed
from widget import teams
from widget.access import Permission
from widget.accounts import user_by_email
from widget.actors import Actor
from widget.errors import VouchError
from widget.models import Business, Role, TeamInvitation

ROLES = frozenset(role.value for role in Role)


@login_required
def team(slug: str):
    return _page(business_for(slug, Permission.MANAGE))


@login_required
def invite_member(slug: str):
    business = business_for(slug, Permission.MANAGE)
    confirmed(url_for("admin.team", slug=slug))
    values = {
        "email": request.form.get("email", "").strip(),
        "role": request.form.get("role", ""),
    }
    if values["role"] not in ROLES:
        return _page(business, values, {"role": [_("Choose owner or moderator.")]})
    actor = Actor.for_user(current_user)
    try:
        teams.invite(business, values["email"], Role(values["role"]), actor)
    except VouchError as error:
        errors = error.errors or {"email": [error.message]}
        return _page(business, values, errors, error.status)
    flash(_("Invitation to %(email)s queued.", email=values["email"]), "success")
    return redirect(url_for("admin.team", slug=slug), code=303)


@login_required
def resend_invitation(slug: str, invitation_id: int):
    return _on_invitation(
        slug,
        invitation_id,
        teams.resend,
        lambda email: _("Invitation to %(email)s queued again.", email=email),
    )


@login_required
def cancel_invitation(slug: str, invitation_id: int):
    return _on_invitation(
        slug,
        invitation_id,
        teams.cancel,
        lambda email: _(
            "The invitation to %(email)s is withdrawn; its link no longer works.",
            email=email,
        ),
    )


def _on_invitation(slug: str, invitation_id: int, act, done):
    """Do ``act`` to a pending invitation; back to the team page saying ``done``."""
    business = business_for(slug, Permission.MANAGE)
    confirmed(url_for("admin.team", slug=slug))
    try:
        email = act(business, invitation_id)
    except VouchError as error:
        flash(error.message, "error")
    else:
        flash(done(email), "success")
    return redirect(url_for("admin.team", slug=slug), code=303)


def _page(business: Business, values=None, errors=None, status=None):
    return render_template(
        "admin/team.html",
        business=business,
        members=teams.members(business),
        pending=[
            (invitation, message, teams.link_of(invitation))
            for invitation, message in teams.pending(business)
        ],
        values=values or {"email": "", "role": Role.MODERATOR.value},
        errors=errors or {},
        roles=list(Role),
    ), status or (422 if errors else 200)


@login_required
def remove_member(slug: str, user_id: int):
    business = business_for(slug, Permission.MANAGE)
    confirmed(url_for("admin.team", slug=slug))
    try:
        teams.remove(business, user_id)
    except VouchError as error:
        flash(error.message, "error")
    else:
        flash(_("Removed from the team."), "success")
    return redirect(url_for("admin.team", slug=slug), code=303)


def join(token: str):
    """The link in a team invitation: who is invited, and a button (and a password
    for someone new)."""
    invitation = teams.find_invitation(token)
    return _sign_in_first(invitation) or _join_page(invitation, {})


def accept(token: str):
    invitation = teams.find_invitation(token)
    elsewhere = _sign_in_first(invitation)
    if elsewhere is not None:
        return elsewhere
    confirmed(url_for("admin.join", token=token))
    signed_in = current_user.is_authenticated
    password = request.form.get("password", "")
    if not signed_in and password != request.form.get("password_again", ""):
        errors = {"password_again": [_("The two passwords are not the same.")]}
        return _join_page(invitation, errors)
    try:
        user = teams.accept(invitation, current_user if signed_in else None, password)
    except VouchError as error:
        if signed_in:
            return _join_page(invitation, {"form": [error.message]})
        return _join_page(invitation, error.errors or {"password": [error.message]})
    if not signed_in:
        login_user(user)
    name = invitation.business.name
    flash(_("Welcome to the team of %(name)s.", name=name), "success")
    return redirect(url_for("admin.queue", slug=invitation.business.slug), code=303)


def _sign_in_first(invitation: TeamInvitation):
    """Someone with an account signs in as that account before joining."""
    if current_user.is_authenticated:
        return None
    if user_by_email(invitation.email) is None:
        return None
    message = _(
        "Sign in as %(email)s to join %(name)s.",
        email=invitation.email,
        name=invitation.business.name,
    )
    flash(message, "info")
    return redirect(url_for("admin.login", next=request.path), code=303)


def _join_page(invitation: TeamInvitation, errors: dict):
    return render_template(
        "admin/join.html", invitation=invitation, errors=errors
    ), 422 if errors else 200


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/b/<slug>/team", view_func=team)
    bp.add_url_rule("/b/<slug>/team", view_func=invite_member, methods=["POST"])
    bp.add_url_rule(
        "/b/<slug>/team/<int:user_id>/remove",
        view_func=remove_member,
        methods=["POST"],
    )
    invitation = "/b/<slug>/team/invitations/<int:invitation_id>"
    bp.add_url_rule(
        f"{invitation}/resend", view_func=resend_invitation, methods=["POST"]
    )
    bp.add_url_rule(
        f"{invitation}/cancel", view_func=cancel_invitation, methods=["POST"]
    )
    bp.add_url_rule("/join/<token>", view_func=join)
    bp.add_url_rule("/join/<token>", view_func=accept, methods=["POST"])
