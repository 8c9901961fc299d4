"""The public JSON API: what the widget reads and where reviews are submitted."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, current_app, jsonify, request

from embed.schemas import review_list_query, submission_schema, widget_query
from widget.access import Permission, authorize
from widget.api_keys import key_from_authorization
from widget.businesses import find_business
from widget.disclosure import disclosure_text
from widget.errors import Unauthorized, ValidationFailed
from widget.extensions import limiter
from widget.http import json_body
from widget.listing import review_page
from widget.models import Business, ReviewStatus
from widget.privacy import ip_hash
from widget.reviews import submit_review
from widget.schemas import dump_summary, owner_review, public_review
from widget.summary import figures

bp = Blueprint("public_api", __name__, url_prefix="/api/v1")

# Part of every widget ETag: bump when the response's shape changes.
WIDGET_REVISION = "1"
IDEMPOTENCY_KEY_MAX = 255


@bp.get("/businesses/<slug>/widget")
def widget_data(slug: str):
    """Everything one widget needs, in one cacheable response."""
    business = find_business(slug)
    args = widget_query.load(request.args)
    etag = _widget_etag(business, request.query_string)
    if request.if_none_match.contains(etag):
        return _cacheable(Response(status=304), etag)
    page = review_page(business, per_page=args["limit"]) if args["limit"] else None
    body = {
        "business": {
            "slug": business.slug,
            "name": business.name,
            "url": business.website_url,
        },
        "summary": dump_summary(figures(business.summary)),
        "reviews": public_review.dump(page.reviews, many=True) if page else [],
        "next_cursor": page.next_cursor if page else None,
        "disclosure": disclosure_text(business),
    }
    return _cacheable(jsonify(body), etag)


@bp.get("/businesses/<slug>/reviews")
def list_reviews(slug: str):
    """Published reviews for anyone; other statuses for the business's API key."""
    args = review_list_query.load(request.args)
    key = key_from_authorization(request.headers.get("Authorization"))
    status = ReviewStatus(args["status"])
    if key is None and status is not ReviewStatus.PUBLISHED:
        raise Unauthorized(
            "An API key is needed to list reviews that are not published."
        )
    business = authorize(key, slug, Permission.VIEW) if key else find_business(slug)
    page = review_page(
        business,
        status=status,
        rating=args.get("rating"),
        sort=args["sort"],
        per_page=args["per_page"],
        cursor=args.get("cursor"),
    )
    schema = owner_review if key else public_review
    distribution = figures(business.summary).distribution
    total = distribution[args["rating"]] if "rating" in args else business.summary.count
    body = {
        "reviews": schema.dump(page.reviews, many=True),
        "next_cursor": page.next_cursor,
        "per_page": args["per_page"],
        "total": total if status is ReviewStatus.PUBLISHED else None,
    }
    response = jsonify(body)
    if key is None:
        return _cacheable(response, None)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/businesses/<slug>/reviews")
@limiter.limit(lambda: current_app.config["SUBMIT_RATE_LIMIT"])
def submit(slug: str):
    """Accept a review; ``201`` means it is committed."""
    business = find_business(slug)
    body = json_body(current_app.config["MAX_SUBMISSION_BYTES"])
    data = submission_schema.load(body)
    result = submit_review(
        business,
        data,
        source="widget",
        ip_hash=ip_hash(request.remote_addr),
        idempotency_key=_idempotency_key(),
    )
    response = jsonify(id=result.review_id, status=result.status)
    if result.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response, 201


@bp.after_request
def cors(response: Response) -> Response:
    """Let any site's widget read and submit: no cookies or credentials are involved.

    Which origins may submit is decided on the server, not by CORS headers.
    """
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Retry-After"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST"
        response.headers["Access-Control-Allow-Headers"] = (
            "Content-Type, Idempotency-Key"
        )
        response.headers["Access-Control-Max-Age"] = "600"
    return response


def _widget_etag(business: Business, query: bytes) -> str:
    query_digest = hashlib.sha256(query).hexdigest()[:12]
    return f"w{WIDGET_REVISION}-{business.id}-{business.summary.version}-{query_digest}"


def _cacheable(response: Response, etag: str | None) -> Response:
    config = current_app.config
    response.headers["Cache-Control"] = (
        f"public, max-age={config['WIDGET_MAX_AGE']}, "
        f"stale-while-revalidate={config['WIDGET_STALE_WHILE_REVALIDATE']}"
    )
    if etag:
        response.set_etag(etag)
    return response


def _idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if (
        not key
        or len(key) > IDEMPOTENCY_KEY_MAX
        or not key.isascii()
        or not key.isprintable()
    ):
        raise ValidationFailed(
            "The Idempotency-Key header is not valid.",
            {
                "Idempotency-Key": [
                    f"Use 1-{IDEMPOTENCY_KEY_MAX} printable ASCII characters."
                ]
            },
        )
    return key
