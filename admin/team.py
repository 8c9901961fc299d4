"""Panel pages for the team: members, invitations by e-mail, and joining."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from admin.forms import ConfirmForm
from admin.views import bp
from widget import teams
from widget.access import Permission, authorize
from widget.actors import Actor
from widget.errors import VouchError
from widget.models import Role


@bp.route("/b/<slug>/team", methods=["GET", "POST"])
@login_required
def team(slug: str):
    business = authorize(current_user, slug, Permission.MANAGE)
    errors: dict[str, list[str]] = {}
    values = {"email": "", "role": Role.MODERATOR.value}
    status = 200
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            flash(_("The form could not be read; please try again."), "error")
            return redirect(url_for("admin.team", slug=slug), code=303)
        values = {
            "email": request.form.get("email", "").strip(),
            "role": request.form.get("role", ""),
        }
        if values["role"] not in {role.value for role in Role}:
            errors, status = {"role": [_("Choose owner or moderator.")]}, 422
        else:
            try:
                teams.invite(
                    business,
                    values["email"],
                    Role(values["role"]),
                    Actor.for_user(current_user),
                )
            except VouchError as error:
                errors = error.errors or {"email": [error.message]}
                status = error.status
            else:
                flash(
                    _("Invitation sent to %(email)s.", email=values["email"]), "success"
                )
                return redirect(url_for("admin.team", slug=slug), code=303)
    return render_template(
        "admin/team.html",
        business=business,
        members=teams.members(business),
        values=values,
        errors=errors,
        roles=list(Role),
    ), status


@bp.post("/b/<slug>/team/<int:user_id>/remove")
@login_required
def remove_member(slug: str, user_id: int):
    business = authorize(current_user, slug, Permission.MANAGE)
    if ConfirmForm().validate_on_submit():
        try:
            teams.remove(business, user_id)
        except VouchError as error:
            flash(error.message, "error")
        else:
            flash(_("Removed from the team."), "success")
    return redirect(url_for("admin.team", slug=slug), code=303)


@bp.route("/join/<token>", methods=["GET", "POST"])
def join(token: str):
    """The link in a team invitation."""
    invitation = teams.find_invitation(token)
    signed_in = current_user.is_authenticated
    if not signed_in and teams.user_by_email(invitation.email) is not None:
        flash(
            _(
                "Sign in as %(email)s to join %(name)s.",
                email=invitation.email,
                name=invitation.business.name,
            ),
            "info",
        )
        return redirect(url_for("admin.login", next=request.path), code=303)
    errors: dict[str, list[str]] = {}
    if request.method == "POST" and ConfirmForm().validate_on_submit():
        password = request.form.get("password", "")
        if not signed_in and password != request.form.get("password_again", ""):
            errors = {"password_again": [_("The two passwords are not the same.")]}
        else:
            try:
                user = teams.accept(
                    invitation, current_user if signed_in else None, password
                )
            except VouchError as error:
                errors = (
                    {"form": [error.message]}
                    if signed_in
                    else error.errors or {"password": [error.message]}
                )
            else:
                if not signed_in:
                    login_user(user)
                flash(
                    _(
                        "Welcome to the team of %(name)s.",
                        name=invitation.business.name,
                    ),
                    "success",
                )
                return redirect(
                    url_for("admin.queue", slug=invitation.business.slug), code=303
                )
    return render_template(
        "admin/join.html", invitation=invitation, errors=errors
    ), 422 if errors else 200
