"""The business's settings: its profile and how it collects and checks reviews (the
disclosure follows them). The form's fields are the schema's."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from marshmallow import ValidationError

from admin.feedback import business_for, confirmed
from admin.schemas import settings_schema
from widget.access import Permission
from widget.businesses import LOCALES, update_settings
from widget.http import plain_messages
from widget.models import Business, ModerationPolicy

POLICIES = {
    ModerationPolicy.MANUAL: _l("Read every review before it is published"),
    ModerationPolicy.AUTO_VERIFIED: (
        _l("Publish verified reviews at once, read the others first")
    ),
    ModerationPolicy.AUTO_ALL: _l("Publish every review at once, withhold afterwards"),
}
THEME_NAMES = {
    "light": _l("Light"),
    "dark": _l("Dark"),
    "auto": _l("As the visitor's device"),
}


@login_required
def settings(slug: str):
    business = business_for(slug, Permission.MANAGE)
    return _page(business, settings_schema.form_values(business), {})


@login_required
def save_settings(slug: str):
    business = business_for(slug, Permission.MANAGE)
    confirmed(url_for("admin.settings", slug=slug))
    submitted = settings_schema.from_form(request.form)
    try:
        update_settings(business, settings_schema.load(submitted))
    except ValidationError as error:
        return _page(business, submitted, plain_messages(error.messages))
    flash(
        _("Settings saved. The disclosure shown with your reviews follows them."),
        "success",
    )
    return redirect(url_for("admin.settings", slug=slug), code=303)


def _page(business: Business, form: dict, errors: dict):
    return render_template(
        "admin/settings.html",
        business=business,
        form=form,
        errors=errors,
        policies=POLICIES,
        themes=THEME_NAMES,
        locales=LOCALES,
    ), 422 if errors else 200


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/b/<slug>/settings", view_func=settings)
    bp.add_url_rule("/b/<slug>/settings", view_func=save_settings, methods=["POST"])
