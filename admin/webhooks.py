"""Panel page for webhooks: add and remove them, see every delivery, send a test."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from marshmallow import ValidationError

from admin.feedback import business_for, confirmed
from admin.forms import ConfirmForm
from admin.schemas import webhook_schema
from widget import webhooks
from widget.access import Permission
from widget.errors import VouchError
from widget.http import plain_messages


@login_required
def webhooks_page(slug: str):
    return _page(business_for(slug, Permission.MANAGE))


@login_required
def add_webhook(slug: str):
    business = business_for(slug, Permission.MANAGE)
    confirmed(url_for("admin.webhooks_page", slug=slug))
    values = {
        "url": request.form.get("url", "").strip(),
        "events": request.form.getlist("events"),
    }
    try:
        data = webhook_schema.load(values)
        created = webhooks.create(business, data["url"], data["events"])
    except ValidationError as error:
        return _page(business, values, plain_messages(error.messages), 422)
    except VouchError as error:
        return _page(business, values, plain_messages(error.errors or {}), error.status)
    return _page(business, created=created)


def _page(business, values=None, errors=None, status=200, created=None):
    hooks = webhooks.listed(business)
    return render_template(
        "admin/webhooks.html",
        business=business,
        hooks=[(hook, webhooks.deliveries(hook)) for hook in hooks],
        events=webhooks.EVENTS,
        values=values or {"url": "", "events": list(webhooks.EVENTS)},
        errors=errors or {},
        created=created,
    ), status


@login_required
def webhook_test(slug: str, webhook_id: int):
    business = business_for(slug, Permission.MANAGE)
    if ConfirmForm().validate_on_submit():
        webhooks.send_test(business, webhook_id)
        flash(_("A test event is on its way; its delivery shows below."), "success")
    return redirect(url_for("admin.webhooks_page", slug=slug), code=303)


@login_required
def webhook_delete(slug: str, webhook_id: int):
    business = business_for(slug, Permission.MANAGE)
    if ConfirmForm().validate_on_submit():
        webhooks.remove(business, webhook_id)
        flash(_("Webhook removed."), "success")
    return redirect(url_for("admin.webhooks_page", slug=slug), code=303)


def register(bp: Blueprint) -> None:
    hook = "/b/<slug>/webhooks/<int:webhook_id>"
    bp.add_url_rule("/b/<slug>/webhooks", view_func=webhooks_page)
    bp.add_url_rule("/b/<slug>/webhooks", view_func=add_webhook, methods=["POST"])
    bp.add_url_rule(f"{hook}/test", view_func=webhook_test, methods=["POST"])
    bp.add_url_rule(f"{hook}/delete", view_func=webhook_delete, methods=["POST"])
