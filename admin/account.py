"""The signed-in user's own settings: the panel's language, e-mail about new reviews,
two-factor login. Each setting is its own form and endpoint."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user

from admin.feedback import business_for, confirmed
from admin.forms import DisableTwoFactorForm, EnableTwoFactorForm, PasswordForm
from widget import two_factor
from widget.access import Permission
from widget.accounts import (
    change_password,
    memberships_of,
    set_locale,
    set_notify,
    set_timezone,
)
from widget.errors import VouchError
from widget.i18n import (
    ADMIN_LOCALES,
    LANGUAGE_NAMES,
    panel_locale,
    time_zones,
    use_locale,
    zone_for,
)
from widget.models import Notify, utcnow

NOTIFY_LABELS = {
    Notify.INSTANT: _l("at once"),
    Notify.DAILY: _l("a daily summary"),
    Notify.OFF: _l("never"),
}


@login_required
def account():
    return _page(EnableTwoFactorForm(), DisableTwoFactorForm())


@login_required
def account_language():
    confirmed(url_for("admin.account"))
    choice = request.form.get("locale") or None
    if choice is not None and choice not in ADMIN_LOCALES:
        flash(_("Choose one of the languages."), "error")
    else:
        set_locale(current_user, choice)
        use_locale(panel_locale(current_user))
        flash(_("The panel's language is saved."), "success")
    return redirect(url_for("admin.account"), code=303)


@login_required
def account_timezone():
    confirmed(url_for("admin.account"))
    choice = request.form.get("timezone") or None
    if choice is not None and choice not in time_zones():
        flash(_("Choose one of the time zones."), "error")
    else:
        set_timezone(current_user, choice)
        flash(
            _("Times are now shown in %(zone)s.", zone=choice or _default_zone()),
            "success",
        )
    return redirect(url_for("admin.account"), code=303)


def _default_zone() -> str:
    """The zone of the user's first business's language (their default)."""
    first = memberships_of(current_user)
    locale = first[0].business.default_locale if first else None
    return zone_for(None, locale)


@login_required
def account_notify():
    confirmed(url_for("admin.account"))
    business = business_for(request.form.get("business"), Permission.VIEW)
    choice = request.form.get("notify")
    if choice not in NOTIFY_LABELS:
        flash(_("Choose at once, daily or never."), "error")
    else:
        set_notify(current_user, business, Notify(choice))
        message = _(
            "E-mail about %(name)s: %(choice)s.",
            name=business.name,
            choice=NOTIFY_LABELS[Notify(choice)],
        )
        flash(message, "success")
    return redirect(url_for("admin.account"), code=303)


@login_required
def two_factor_on():
    """Check the first code from the app; show the recovery codes once."""
    form = EnableTwoFactorForm()
    if not form.validate_on_submit():
        return _page(form, DisableTwoFactorForm(), status=422)
    user = current_user._get_current_object()
    try:
        secret = session.get("totp_setup") or ""
        codes = two_factor.enable(user, secret, form.code.data, form.password.data)
    except VouchError as error:
        for name, messages in (error.errors or {"code": [error.message]}).items():
            getattr(form, name).errors = messages
        return _page(form, DisableTwoFactorForm(), status=422)
    session.pop("totp_setup", None)
    login_user(user)  # this browser stays signed in; every other one is out
    flash(_("Two-factor login is on."), "success")
    return _page(form, DisableTwoFactorForm(), codes=codes)


@login_required
def two_factor_off():
    form = DisableTwoFactorForm()
    if not form.validate_on_submit():
        return _page(EnableTwoFactorForm(), form, status=422)
    user = current_user._get_current_object()
    try:
        two_factor.disable(user, form.password.data, form.code.data)
    except VouchError as error:
        for name, messages in (error.errors or {}).items():
            getattr(form, name).errors = messages
        return _page(EnableTwoFactorForm(), form, status=422)
    login_user(user)
    flash(_("Two-factor login is off."), "success")
    return redirect(url_for("admin.account"), code=303)


@login_required
def password():
    """A new password, after the current one; every other session ends."""
    form = PasswordForm()
    if not form.validate_on_submit():
        return _page(status=422, password_form=form)
    user = current_user._get_current_object()
    try:
        change_password(user, form.current_password.data, form.new_password.data)
    except VouchError as error:
        for name, messages in (error.errors or {}).items():
            getattr(form, name).errors = messages
        return _page(status=422, password_form=form)
    login_user(user)
    flash(
        _("Your password is changed; you were signed out everywhere else."), "success"
    )
    return redirect(url_for("admin.account"), code=303)


def _page(
    enable_form=None,
    disable_form=None,
    *,
    codes=None,
    status: int = 200,
    password_form=None,
):
    enable_form = enable_form or EnableTwoFactorForm()
    disable_form = disable_form or DisableTwoFactorForm()
    qr = secret = None
    if not current_user.totp_secret and codes is None:
        secret = session.setdefault("totp_setup", two_factor.new_secret())
        qr = two_factor.setup_qr(current_user, secret)
    return render_template(
        "admin/account.html",
        memberships=memberships_of(current_user),
        notify_labels=NOTIFY_LABELS,
        languages={code: LANGUAGE_NAMES[code] for code in ADMIN_LOCALES},
        time_zones=time_zones(),
        default_zone=_default_zone(),
        now=utcnow(),
        enable_form=enable_form,
        disable_form=disable_form,
        password_form=password_form or PasswordForm(),
        qr=qr,
        secret=secret,
        codes=codes,
    ), status


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/account", view_func=account)
    bp.add_url_rule("/account/language", view_func=account_language, methods=["POST"])
    bp.add_url_rule("/account/password", view_func=password, methods=["POST"])
    bp.add_url_rule("/account/notify", view_func=account_notify, methods=["POST"])
    bp.add_url_rule("/account/timezone", view_func=account_timezone, methods=["POST"])
    bp.add_url_rule("/account/two-factor", view_func=two_factor_on, methods=["POST"])
    bp.add_url_rule(
        "/account/two-factor/off", view_func=two_factor_off, methods=["POST"]
    )
