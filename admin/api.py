"""The owner JSON API, authenticated by a business's API key."""

from __future__ import annotations

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
from widget.reviews import (
    delete_review,
    feature_review,
    moderate_review,
    reply_to_review,
)
from widget.schemas import owner_review

bp = Blueprint("owner_api", __name__, url_prefix="/api/v1")


@bp.post("/businesses/<slug>/reviews/<int:review_id>/moderation")
def moderate(slug: str, review_id: int):
    key = api_key()
    business = authorize(key, slug, Permission.MODERATE)
    data = moderation_schema.load(json_body())
    review = moderate_review(
        business,
        review_id,
        data["action"],
        actor=Actor.for_api_key(key),
        reason=data["reason"],
        note=data["note"],
    )
    return jsonify(owner_review.dump(review))


@bp.put("/businesses/<slug>/reviews/<int:review_id>/reply")
def reply(slug: str, review_id: int):
    key = api_key()
    business = authorize(key, slug, Permission.MODERATE)
    data = reply_schema.load(json_body())
    review = reply_to_review(
        business, review_id, data["body"], actor=Actor.for_api_key(key)
    )
    return jsonify(owner_review.dump(review))


@bp.put("/businesses/<slug>/reviews/<int:review_id>/featured")
def feature(slug: str, review_id: int):
    key = api_key()
    business = authorize(key, slug, Permission.MODERATE)
    data = feature_schema.load(json_body())
    review = feature_review(
        business, review_id, data["featured"], actor=Actor.for_api_key(key)
    )
    return jsonify(owner_review.dump(review))


@bp.get("/businesses/<slug>/export")
def export(slug: str):
    """Every review matching the filters, as CSV or JSON, streamed."""
    business = authorize(api_key(), slug, Permission.VIEW)
    return export_response(business, export_query.load(request.args))


@bp.post("/businesses/<slug>/webhooks")
def add_webhook(slug: str):
    """Add a webhook; the answer holds its secret, shown this once."""
    business = authorize(api_key(), slug, Permission.MANAGE)
    data = webhook_schema.load(json_body())
    webhook = webhooks.create(business, data["url"], data["events"])
    return jsonify(_webhook(webhook) | {"secret": webhook.secret}), 201


@bp.get("/businesses/<slug>/webhooks")
def list_webhooks(slug: str):
    business = authorize(api_key(), slug, Permission.MANAGE)
    return jsonify(webhooks=[_webhook(hook) for hook in webhooks.listed(business)])


@bp.delete("/businesses/<slug>/webhooks/<int:webhook_id>")
def remove_webhook(slug: str, webhook_id: int):
    business = authorize(api_key(), slug, Permission.MANAGE)
    webhooks.remove(business, webhook_id)
    return "", 204


def _webhook(webhook) -> dict:
    return {
        "id": webhook.id,
        "url": webhook.url,
        "events": webhook.events,
        "created_at": webhook.created_at.isoformat(),
    }


@bp.delete("/businesses/<slug>/reviews/<int:review_id>")
def delete(slug: str, review_id: int):
    key = api_key()
    business = authorize(key, slug, Permission.MODERATE)
    delete_review(business, review_id, actor=Actor.for_api_key(key))
    return "", 204
