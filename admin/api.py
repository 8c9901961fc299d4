"""The owner JSON API, authenticated by a business's API key."""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import Blueprint, jsonify, request

from admin.auth import api_key
from admin.exporting import export_response
from admin.schemas import (
    export_query,
    feature_schema,
    moderation_schema,
    reply_schema,
    webhook_schema,
)
from widget import webhooks
from widget.access import Permission, authorize
from widget.actors import Actor
from widget.http import json_body
from widget.models import Business
from widget.reviews import (
    delete_review,
    feature_review,
    moderate_review,
    reply_to_review,
)
from widget.schemas import owner_review

bp = Blueprint("owner_api", __name__, url_prefix="/api/v1")


def keyed(permission: Permission) -> Callable:
    """Let the view run only for an API key of the URL's business that holds
    ``permission`` (401 without a key, the same 404 as a missing business for
    another business's key); the view gets the business and the key as the actor."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(slug: str, **kwargs):
            key = api_key()
            business = authorize(key, slug, permission)
            return view(business, Actor.for_api_key(key), **kwargs)

        return wrapper

    return decorate


@bp.post("/businesses/<slug>/reviews/<int:review_id>/moderation")
@keyed(Permission.MODERATE)
def moderate(business: Business, actor: Actor, review_id: int):
    data = moderation_schema.load(json_body())
    review = moderate_review(business, review_id, actor=actor, **data)
    return jsonify(owner_review.dump(review))


@bp.put("/businesses/<slug>/reviews/<int:review_id>/reply")
@keyed(Permission.MODERATE)
def reply(business: Business, actor: Actor, review_id: int):
    data = reply_schema.load(json_body())
    review = reply_to_review(business, review_id, data["body"], actor=actor)
    return jsonify(owner_review.dump(review))


@bp.put("/businesses/<slug>/reviews/<int:review_id>/featured")
@keyed(Permission.MODERATE)
def feature(business: Business, actor: Actor, review_id: int):
    data = feature_schema.load(json_body())
    review = feature_review(business, review_id, data["featured"], actor=actor)
    return jsonify(owner_review.dump(review))


@bp.delete("/businesses/<slug>/reviews/<int:review_id>")
@keyed(Permission.MODERATE)
def delete(business: Business, actor: Actor, review_id: int):
    delete_review(business, review_id, actor=actor)
    return "", 204


@bp.get("/businesses/<slug>/export")
@keyed(Permission.MANAGE)
def export(business: Business, actor: Actor):
    """Every review matching the filters, as CSV or JSON, streamed."""
    args = export_query.load(request.args)
    return export_response(business, args, with_email=True)


@bp.post("/businesses/<slug>/webhooks")
@keyed(Permission.MANAGE)
def add_webhook(business: Business, actor: Actor):
    """Add a webhook; the answer holds its secret, shown this once."""
    data = webhook_schema.load(json_body())
    webhook = webhooks.create(business, data["url"], data["events"])
    return jsonify(_webhook(webhook) | {"secret": webhook.secret}), 201


@bp.get("/businesses/<slug>/webhooks")
@keyed(Permission.MANAGE)
def list_webhooks(business: Business, actor: Actor):
    return jsonify(webhooks=[_webhook(hook) for hook in webhooks.listed(business)])


@bp.delete("/businesses/<slug>/webhooks/<int:webhook_id>")
@keyed(Permission.MANAGE)
def remove_webhook(business: Business, actor: Actor, webhook_id: int):
    webhooks.remove(business, webhook_id)
    return "", 204


def _webhook(webhook) -> dict:
    return {
        "id": webhook.id,
        "url": webhook.url,
        "events": webhook.events,
        "created_at": webhook.created_at.isoformat(),
    }
