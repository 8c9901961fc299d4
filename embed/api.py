"""The public JSON API: what the widget reads and where reviews are submitted."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from embed.evidence import request_evidence
from embed.fast_path import FORM_BUSINESS
from embed.schemas import (
    report_schema,
    review_list_query,
    submission_schema,
    widget_query,
)
from embed.widget_cache import BodyCache
from widget import reports, spam
from widget.access import Permission, authorize
from widget.api_keys import key_from_authorization
from widget.businesses import current_version, find_business
from widget.disclosure import disclosure_text
from widget.errors import Unauthorized, ValidationFailed
from widget.http import json_body
from widget.listing import published_review, review_page
from widget.models import Business, ReviewStatus
from widget.reviews import accept_submission
from widget.schemas import dump_summary, owner_review, public_review
from widget.summary import figures, matching

bp = Blueprint("public_api", __name__, url_prefix="/api/v1")


@bp.record_once
def _make_body_cache(state) -> None:
    state.app.extensions["vouch_widget_bodies"] = BodyCache(
        state.app.config["WIDGET_CACHE_ENTRIES"]
    )


# Part of every cached answer's ETag: bump when a response's shape changes.
WIDGET_REVISION = "3"
IDEMPOTENCY_KEY_MAX = 255


@bp.get("/businesses/<slug>/widget")
def widget_data(slug: str):
    """Everything one widget needs, in one cacheable response (``_current_body``)."""
    args = widget_query.load(request.args)
    return _current_body(slug, "w", lambda: _widget_body(find_business(slug), args))


def _current_body(slug: str, kind: str, make: Callable[[], bytes]) -> Response:
    """A public JSON answer that depends only on the business, its summary version
    and the query string, made by ``make`` at most once per process and version.

    The ETag is known from one indexed row; a body already made for it in this process
    is sent as it is (``embed.widget_cache``), and a caller holding it gets ``304``.
    Repeats within a second are answered before Flask (``embed.fast_path``).
    """
    business_id, version = current_version(slug)
    etag = _etag(kind, business_id, version, request.query_string)
    if request.if_none_match.contains(etag):
        return _cacheable(Response(status=304), etag)
    key = (etag, request.scheme + "://" + request.host)
    body = _bodies().get(key)
    if body is None:
        body = make()
        _bodies().put(key, body)
    return _cacheable(Response(body, mimetype="application/json"), etag)


def _widget_body(business: Business, args: dict) -> bytes:
    summary = figures(business.summary)
    slug = business.slug
    page = (
        review_page(
            business,
            rating=args.get("rating"),
            min_rating=args.get("min_rating"),
            sort=args["sort"],
            per_page=args["limit"],
        )
        if args["limit"]
        else None
    )
    body = {
        "business": {
            "slug": business.slug,
            "name": business.name,
            "url": business.website_url,
        },
        "summary": dump_summary(summary),
        "reviews": public_review.dump(page.reviews, many=True) if page else [],
        "next_cursor": page.next_cursor if page else None,
        "total": matching(summary, args),
        "disclosure": disclosure_text(business, args["locale"]),
        # What the owner chose for widgets whose snippet does not say.
        "defaults": {"theme": business.widget_theme, "accent": business.widget_accent},
        "links": {
            "reviews": url_for("hosted.reviews", slug=slug, _external=True),
            "how_reviews_work": url_for(
                "hosted.how_reviews_work", slug=slug, _external=True
            ),
        },
    }
    return current_app.json.dumps(body).encode()


def _bodies() -> BodyCache:
    return current_app.extensions["vouch_widget_bodies"]


@bp.get("/businesses/<slug>/reviews")
def list_reviews(slug: str):
    """Published reviews for anyone (cached as the widget's body is); other statuses
    for the business's API key."""
    args = review_list_query.load(request.args)
    key = key_from_authorization(request.headers.get("Authorization"))
    status = ReviewStatus(args["status"])
    if key is None:
        if status is not ReviewStatus.PUBLISHED:
            raise Unauthorized(
                "An API key is needed to list reviews that are not published."
            )
        return _current_body(
            slug,
            "l",
            lambda: current_app.json.dumps(
                _review_list(find_business(slug), status, args, keyed=False)
            ).encode(),
        )
    business = authorize(key, slug, Permission.VIEW)
    response = jsonify(_review_list(business, status, args, keyed=True))
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _review_list(business: Business, status, args: dict, *, keyed: bool) -> dict:
    page = review_page(
        business,
        status=status,
        rating=args.get("rating"),
        min_rating=args.get("min_rating"),
        sort=args["sort"],
        per_page=args["per_page"],
        cursor=args.get("cursor"),
    )
    schema = owner_review if keyed else public_review
    total = matching(figures(business.summary), args)
    return {
        "reviews": schema.dump(page.reviews, many=True),
        "next_cursor": page.next_cursor,
        "per_page": args["per_page"],
        "total": total if status is ReviewStatus.PUBLISHED else None,
    }


@bp.get("/businesses/<slug>/form")
def form(slug: str):
    """What a review form must send back: a one-time form token, the honeypot field's
    name, and a proof-of-work challenge when the business asks for one.

    Without a challenge only the token differs from one answer to the next, so the
    fast path may make the next ones itself (``embed.fast_path``)."""
    business = find_business(slug)
    challenge = spam.challenge(business)
    if challenge is None:
        request.environ[FORM_BUSINESS] = business.id
    response = jsonify(
        form_token=spam.form_token(business.id),
        honeypot=spam.HONEYPOT_FIELD,
        challenge=challenge,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/businesses/<slug>/reviews")
@spam.limited
def submit(slug: str):
    """Accept a review; ``201`` means it is committed (in the spam folder if the
    submission looked like spam: its status says so)."""
    business = find_business(slug, with_summary=False)
    body = json_body(current_app.config["MAX_SUBMISSION_BYTES"])
    data = submission_schema.load(body)
    result = accept_submission(
        business,
        data,
        spam.Evidence.take(data, **request_evidence()),
        source="widget",
        idempotency_key=_idempotency_key(),
    )
    response = jsonify(id=result.review_id, status=result.status)
    if result.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response, 201


@bp.post("/businesses/<slug>/reviews/<int:review_id>/reports")
@reports.limited
def report(slug: str, review_id: int):
    """A visitor reports a published review; the owner sees it in the panel."""
    business = find_business(slug)
    review = published_review(business, review_id)
    data = report_schema.load(json_body(current_app.config["MAX_SUBMISSION_BYTES"]))
    filed = reports.file(business, review, data, client_address=request.remote_addr)
    return jsonify(id=filed.id), 201


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
            "Content-Type, Idempotency-Key, Accept-Language"
        )
        response.headers["Access-Control-Max-Age"] = "600"
    return response


def _etag(kind: str, business_id: int, version: int, query: bytes) -> str:
    query_digest = hashlib.sha256(query).hexdigest()[:12]
    return f"{kind}{WIDGET_REVISION}-{business_id}-{version}-{query_digest}"


def _cacheable(response: Response, etag: str) -> Response:
    config = current_app.config
    response.headers["Cache-Control"] = (
        f"public, max-age={config['WIDGET_MAX_AGE']}, "
        f"stale-while-revalidate={config['WIDGET_STALE_WHILE_REVALIDATE']}"
    )
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
