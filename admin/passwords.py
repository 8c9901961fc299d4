"""A forgotten password: ask for a link by e-mail (the answer is the same whether or
not the address has an account), then choose a new one with it. Changing a known
password is on the account page."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from admin.forms import ForgotPasswordForm, ResetPasswordForm
from widget.accounts import (
    normalise_email,
    request_password_reset,
    reset_password,
    user_for_password_reset,
)
from widget.errors import LinkProblem, ValidationFailed
from widget.extensions import limiter
from widget.i18n import panel_locale


def _reset_limit() -> str:
    return current_app.config["PASSWORD_RESET_RATE_LIMIT"]


def _address_key() -> str:
    return "reset:" + normalise_email(request.form.get("email", ""))[:254]


@limiter.limit(_reset_limit, methods=["POST"])
@limiter.limit(_reset_limit, key_func=_address_key, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("admin/forgot_password.html", form=form), status
    request_password_reset(form.email.data, locale=panel_locale(None))
    flash(
        _(
            "If %(email)s belongs to an account, an e-mail with a link to choose a new "
            "password is queued for it now. The link works for %(num)s minutes.",
            email=form.email.data.strip(),
            num=current_app.config["PASSWORD_RESET_MINUTES"],
        ),
        "info",
    )
    return redirect(url_for("admin.login"), code=303)


def reset_password_page(token: str):
    try:
        user = user_for_password_reset(token)
    except LinkProblem as problem:
        page = render_template("admin/reset_password.html", problem=problem.message)
        return page, problem.status
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            reset_password(user, form.new_password.data)
        except ValidationFailed as error:
            form.new_password.errors = error.errors["new_password"]
        else:
            flash(
                _(
                    "Your new password is saved, and every session has ended. Sign in "
                    "with it."
                ),
                "success",
            )
            return redirect(url_for("admin.login"), code=303)
    status = 422 if form.errors else 200
    return render_template("admin/reset_password.html", form=form, user=user), status


def register(bp: Blueprint) -> None:
    bp.add_url_rule(
        "/forgot-password", view_func=forgot_password, methods=["GET", "POST"]
    )
    bp.add_url_rule(
        "/reset-password/<token>",
        endpoint="reset_password",
        view_func=reset_password_page,
        methods=["GET", "POST"],
    )
