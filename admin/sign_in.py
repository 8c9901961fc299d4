"""Signing in and out (with the second step of two-factor login), and the list of the
user's businesses."""

from __future__ import annotations

import time

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from admin.auth import safe_next
from admin.forms import CodeForm, ConfirmForm, LoginForm
from widget import two_factor
from widget.access import businesses_of
from widget.accounts import authenticate, end_sessions, normalise_email
from widget.extensions import db, limiter
from widget.models import User

# Seconds between a right password and the two-factor code before starting over.
PENDING_LOGIN_SECONDS = 300


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["ACCOUNT_LOGIN_RATE_LIMIT"]


def _account_key() -> str:
    """The account a sign-in is for: the e-mail typed, or the user of the pending
    two-factor step; counted alike whether the account exists or not."""
    pending = session.get("pending_login")
    if request.endpoint == "admin.login_code" and pending:
        return f"account-user:{pending['user']}"
    return "account:" + normalise_email(request.form.get("email", ""))[:254]


def _failed(response) -> bool:
    return response.status_code == 401


# Per address (any account) and per account (any address): only failed tries count
# against the account, in growing windows.
_PER_ACCOUNT = limiter.limit(
    _account_limit,
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_failed,
    error_message="Too many failed sign-ins for this account. Wait a while and try "
    "again.",
)


@limiter.limit(_login_limit, methods=["POST"])
@_PER_ACCOUNT
def login():
    form = LoginForm(next=request.args.get("next"))
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("admin/login.html", form=form), status
    user = authenticate(form.email.data, form.password.data)
    if user is None:
        flash(_("That e-mail and password do not match an account."), "error")
        return render_template("admin/login.html", form=form), 401
    if user.totp_secret:
        # The password was right; the second step decides.
        session["pending_login"] = {
            "user": user.id,
            "next": safe_next(form.next.data),
            "until": time.time() + PENDING_LOGIN_SECONDS,
        }
        return redirect(url_for("admin.login_code"), code=303)
    login_user(user)
    return redirect(safe_next(form.next.data) or url_for("admin.dashboard"))


@limiter.limit(_login_limit, methods=["POST"])
@_PER_ACCOUNT
def login_code():
    """The second step of signing in, for users with two-factor login."""
    pending = session.get("pending_login")
    if not pending or pending["until"] < time.time():
        session.pop("pending_login", None)
        flash(_("Sign in again: the sign-in took too long."), "error")
        return redirect(url_for("admin.login"), code=303)
    form = CodeForm()
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("admin/login_code.html", form=form), status
    user = db.session.get(User, pending["user"])
    if user is None or not two_factor.verify(user, form.code.data):
        form.code.errors = [two_factor.WRONG_CODE]
        return render_template("admin/login_code.html", form=form), 401
    session.pop("pending_login", None)
    login_user(user)
    return redirect(pending["next"] or url_for("admin.dashboard"), code=303)


@login_required
def logout():
    if ConfirmForm().validate_on_submit():
        # Ends this user's every session: a copied cookie stops working too.
        end_sessions(current_user._get_current_object())
        logout_user()
        flash(_("You are signed out."), "info")
    return redirect(url_for("admin.login"))


@login_required
def dashboard():
    """The user's businesses; with one, straight to its queue."""
    memberships = businesses_of(current_user)
    if len(memberships) == 1:
        return redirect(url_for("admin.queue", slug=memberships[0][0].slug))
    return render_template("admin/businesses.html", memberships=memberships)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/login", view_func=login, methods=["GET", "POST"])
    bp.add_url_rule("/login/code", view_func=login_code, methods=["GET", "POST"])
    bp.add_url_rule("/logout", view_func=logout, methods=["POST"])
    bp.add_url_rule("/", view_func=dashboard)
