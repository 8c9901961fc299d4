"""The business's API keys: what each may do, when it was last used, when it stops
working; a new one (shown once) and revoking one."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from admin.feedback import business_for, confirmed
from widget import api_keys
from widget.access import Permission
from widget.errors import VouchError
from widget.models import Business, KeyScope

SCOPE_NAMES = {
    KeyScope.READ: _l("Read: list reviews of every status"),
    KeyScope.MODERATE: _l("Moderate: also publish, reject, reply and delete"),
    KeyScope.MANAGE: _l("Manage: also export and webhooks"),
}


@login_required
def api_keys_page(slug: str):
    return _page(business_for(slug, Permission.MANAGE))


@login_required
def create_api_key(slug: str):
    business = business_for(slug, Permission.MANAGE)
    confirmed(url_for("admin.api_keys_page", slug=slug))
    values = {
        key: request.form.get(key, "").strip() for key in ("label", "scope", "days")
    }
    errors: dict[str, list[str]] = {}
    if values["scope"] not in SCOPE_NAMES:
        errors["scope"] = [_("Choose what the key may do.")]
    if values["days"] and not values["days"].isdigit():
        errors["days"] = [_("Give a whole number of days, or leave it empty.")]
    if len(values["label"]) > 120:
        errors["label"] = [_("Use at most 120 characters.")]
    if errors:
        return _page(business, values, errors)
    days = int(values["days"]) if values["days"] else None
    try:
        key, plaintext = api_keys.issue_api_key(
            business,
            values["label"] or None,
            scope=KeyScope(values["scope"]),
            days=days,
        )
    except VouchError as error:
        return _page(business, values, error.errors or {"days": [error.message]})
    return _page(business, created=(key, plaintext))


@login_required
def revoke_api_key(slug: str, key_id: int):
    business = business_for(slug, Permission.MANAGE)
    confirmed(url_for("admin.api_keys_page", slug=slug))
    key = api_keys.revoke(business, key_id)
    flash(_("Key %(prefix)s… no longer works.", prefix=key.prefix), "success")
    return redirect(url_for("admin.api_keys_page", slug=slug), code=303)


def _page(business: Business, values=None, errors=None, created=None):
    return render_template(
        "admin/api_keys.html",
        business=business,
        keys=api_keys.keys_of(business),
        scopes=SCOPE_NAMES,
        values=values or {"label": "", "scope": KeyScope.READ.value, "days": ""},
        errors=errors or {},
        created=created,
    ), 422 if errors else 200


def register(bp: Blueprint) -> None:
    keys = "/b/<slug>/api-keys"
    bp.add_url_rule(keys, view_func=api_keys_page)
    bp.add_url_rule(keys, view_func=create_api_key, methods=["POST"])
    bp.add_url_rule(
        f"{keys}/<int:key_id>/revoke", view_func=revoke_api_key, methods=["POST"]
    )
