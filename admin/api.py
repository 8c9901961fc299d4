"""The owner JSON API, authenticated by a business's API key."""

from __future__ import annotations

from flask import Blueprint, jsonify

from admin.auth import api_key
from admin.schemas import moderation_schema, reply_schema
from widget.access import Permission, authorize
from widget.actors import Actor
from widget.http import json_body
from widget.reviews import delete_review, moderate_review, reply_to_review
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


@bp.delete("/businesses/<slug>/reviews/<int:review_id>")
def delete(slug: str, review_id: int):
    key = api_key()
    business = authorize(key, slug, Permission.MODERATE)
    delete_review(business, review_id, actor=Actor.for_api_key(key))
    return "", 204
