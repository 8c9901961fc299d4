"""Panel page for webhooks: add and remove them, see every delivery, send a test."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError

from admin.forms import ConfirmForm
from admin.schemas import webhook_schema
from admin.views import bp
from widget import webhooks
from widget.access import Permission, authorize
from widget.errors import VouchError
from widget.http import plain_messages


@bp.route("/b/<slug>/webhooks", methods=["GET", "POST"])
@login_required
def webhooks_page(slug: str):
    business = authorize(current_user, slug, Permission.MANAGE)
    errors: dict[str, list[str]] = {}
    values = {"url": "", "events": list(webhooks.EVENTS)}
    created = None
    status = 200
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            flash(_("The form could not be read; please try again."), "error")
            return redirect(url_for("admin.webhooks_page", slug=slug), code=303)
        values = {
            "url": request.form.get("url", "").strip(),
            "events": request.form.getlist("events"),
        }
        try:
            data = webhook_schema.load(values)
            created = webhooks.create(business, data["url"], data["events"])
        except ValidationError as error:
            errors, status = plain_messages(error.messages), 422
        except VouchError as error:
            errors, status = plain_messages(error.errors or {}), error.status
    hooks = webhooks.listed(business)
    return render_template(
        "admin/webhooks.html",
        business=business,
        hooks=[(hook, webhooks.deliveries(hook)) for hook in hooks],
        events=webhooks.EVENTS,
        values=values,
        errors=errors,
        created=created,
    ), status


@bp.post("/b/<slug>/webhooks/<int:webhook_id>/test")
@login_required
def webhook_test(slug: str, webhook_id: int):
    business = authorize(current_user, slug, Permission.MANAGE)
    if ConfirmForm().validate_on_submit():
        webhooks.send_test(business, webhook_id)
        flash(_("A test event is on its way; its delivery shows below."), "success")
    return redirect(url_for("admin.webhooks_page", slug=slug), code=303)


@bp.post("/b/<slug>/webhooks/<int:webhook_id>/delete")
@login_required
def webhook_delete(slug: str, webhook_id: int):
    business = authorize(current_user, slug, Permission.MANAGE)
    if ConfirmForm().validate_on_submit():
        webhooks.remove(business, webhook_id)
        flash(_("Webhook removed."), "success")
    return redirect(url_for("admin.webhooks_page", slug=slug), code=303)
