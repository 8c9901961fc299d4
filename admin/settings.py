"""The business's settings: its profile and how it collects and checks reviews (the
disclosure follows them). The form's fields are the schema's."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from marshmallow import ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from admin.feedback import business_for, confirmed
from admin.schemas import settings_schema
from widget import branding
from widget.access import Permission
from widget.businesses import LOCALES, update_settings
from widget.database import write_transaction
from widget.errors import VouchError
from widget.extensions import csrf
from widget.http import error_response, plain_messages
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


# An image may be larger than other requests; the limit is raised before the body is
# read, so the app-wide CSRF check leaves this view to its own (``confirmed``).
@csrf.exempt
@login_required
def save_logo(slug: str):
    """Upload the logo (PNG or JPEG up to 1 MB, re-encoded) or remove it."""
    # Twice the limit, so a file somewhat too large gets the page's own message.
    request.max_content_length = 2 * branding.LOGO_MAX_BYTES
    business = business_for(slug, Permission.MANAGE)
    confirmed(url_for("admin.settings", slug=slug))
    form = settings_schema.form_values(business)
    upload = request.files.get("logo")
    if request.form.get("remove") == "1":
        data = None
    else:
        if upload is None or not upload.filename:
            return _page(business, form, {"logo": [_("Choose an image file.")]})
        try:
            data = branding.normalised_logo(upload.read(branding.LOGO_MAX_BYTES + 1))
        except VouchError as error:
            return _page(business, form, plain_messages(error.errors))
        finally:
            upload.close()
    with write_transaction():
        branding.set_logo(business, data)
    flash(
        _("Logo saved. Your review pages and share images show it now.")
        if data
        else _("Logo removed."),
        "success",
    )
    return redirect(url_for("admin.settings", slug=slug) + "#logo", code=303)


def _logo_too_large(error: RequestEntityTooLarge):
    """A file far over the logo's limit is refused before the view reads it: the
    settings page says why, as it does for one a little over."""
    if request.endpoint != "admin.save_logo":
        return error_response(413, "request_entity_too_large", error.description)
    business = business_for(request.view_args["slug"], Permission.MANAGE)
    form = settings_schema.form_values(business)
    return _page(business, form, {"logo": [str(branding.TOO_LARGE)]}, 413)


def _page(business: Business, form: dict, errors: dict, status: int | None = None):
    return render_template(
        "admin/settings.html",
        business=business,
        form=form,
        errors=errors,
        policies=POLICIES,
        themes=THEME_NAMES,
        locales=LOCALES,
    ), status or (422 if errors else 200)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/b/<slug>/settings", view_func=settings)
    bp.add_url_rule("/b/<slug>/settings", view_func=save_settings, methods=["POST"])
    bp.add_url_rule("/b/<slug>/settings/logo", view_func=save_logo, methods=["POST"])
    bp.register_error_handler(RequestEntityTooLarge, _logo_too_large)
