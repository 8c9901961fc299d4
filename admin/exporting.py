"""The review export download, shared by the panel and the owner API."""

from __future__ import annotations

from flask import Response, stream_with_context

from admin.schemas import filters_of
from widget import exports
from widget.models import ReviewStatus


def export_response(
    business, args, *, with_email: bool, zone: str | None = None
) -> Response:
    """The export download for ``args`` (loaded by ``export_query``); reviewers'
    addresses only ``with_email`` (owners, and keys that may manage); times in
    ``zone`` (else UTC), ISO 8601 with their offset."""
    filters = filters_of(args)
    status = ReviewStatus(args["status"]) if args["status"] else None
    rows = exports.reviews(business, status, filters)
    if args["format"] == "json":
        body = exports.as_json(business, rows, with_email, zone)
        mimetype = "application/json"
    else:
        delimiter = ";" if args["format"] == "csv-semicolon" else ","
        body = exports.as_csv(rows, with_email, delimiter, zone)
        mimetype = "text/csv"
    response = Response(stream_with_context(body), mimetype=mimetype)
    extension = "json" if args["format"] == "json" else "csv"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="vouch-{business.slug}-reviews.{extension}"'
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
