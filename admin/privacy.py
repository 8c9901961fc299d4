"""Reviewers' data on request: find it by e-mail, download it, anonymise or erase it."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from admin.feedback import business_for, confirmed
from widget import privacy, reviews
from widget.access import Permission
from widget.actors import Actor

# The longest an e-mail address can be.
EMAIL_MAX = 254


@login_required
def privacy_page(slug: str):
    business = business_for(slug, Permission.MANAGE)
    email = _email(slug)
    data = privacy.subject_data(business, email) if email else None
    if data is not None and request.args.get("format") == "json":
        response = Response(
            json.dumps(data, indent=2, ensure_ascii=False), mimetype="application/json"
        )
        response.headers["Content-Disposition"] = (
            f'attachment; filename="vouch-{business.slug}-personal-data.json"'
        )
        return response
    return render_template(
        "admin/privacy.html", business=business, email=email, data=data
    )


@login_required
def forget(slug: str):
    """Anonymise or erase the reviews written with one address."""
    business = business_for(slug, Permission.MANAGE)
    email = _email(slug)
    action = request.form.get("action")
    confirmed(url_for("admin.privacy_page", slug=slug, email=email))
    if not email or action not in ("anonymise", "erase"):
        flash(_("The action could not be read; please try again."), "error")
    else:
        actor = Actor.for_user(current_user)
        erase = action == "erase"
        count = reviews.forget_subject(business, email, actor, erase=erase)
        message = (
            _("Reviews by %(email)s erased: %(num)s; the audit log records it.")
            if erase
            else _(
                "Reviews by %(email)s anonymised: %(num)s; the audit log records it."
            )
        )
        flash(message % {"email": email, "num": count}, "success")
    return redirect(url_for("admin.privacy_page", slug=slug, email=email), code=303)


def _email(slug: str) -> str:
    email = (request.values.get("email") or "").strip()
    if len(email) > EMAIL_MAX:
        flash(_("That address is longer than any e-mail address can be."), "error")
        abort(redirect(url_for("admin.privacy_page", slug=slug), code=303))
    return email


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/b/<slug>/privacy", view_func=privacy_page)
    bp.add_url_rule("/b/<slug>/privacy", view_func=forget, methods=["POST"])
