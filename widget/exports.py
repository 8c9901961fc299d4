"""Exporting a business's reviews as CSV or JSON, streamed a batch at a time so a
hundred thousand reviews never sit in memory at once."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from widget.extensions import db
from widget.listing import Filters
from widget.models import Business, Review, ReviewStatus

COLUMNS = (
    "id",
    "status",
    "rating",
    "title",
    "body",
    "author_name",
    "author_email",
    "source",
    "verified",
    "verification_method",
    "language",
    "featured",
    "created_at",
    "published_at",
    "reply",
    "replied_at",
)
BATCH = 500
# Spreadsheet programs run cells that start like a formula; such text gets a quote.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def reviews(
    business: Business, status: ReviewStatus | None, filters: Filters
) -> Iterator[Review]:
    """Every matching review, oldest first, fetched in batches by id."""
    last = 0
    while True:
        query = (
            db.select(Review)
            .where(Review.business_id == business.id, Review.id > last)
            .where(*filters.conditions())
            .order_by(Review.id)
            .limit(BATCH)
        )
        if status is not None:
            query = query.where(Review.status == status)
        batch = list(db.session.scalars(query))
        if not batch:
            return
        yield from batch
        last = batch[-1].id
        db.session.expunge_all()


def row(review: Review, with_email: bool = True, zone: str | None = None) -> dict:
    """One review as exported; without the author's address unless ``with_email``;
    times in ``zone`` (else UTC)."""

    def moment(value):
        if value is None:
            return None
        return (value.astimezone(ZoneInfo(zone)) if zone else value).isoformat()

    found = {
        "id": review.id,
        "status": review.status.value,
        "rating": review.rating,
        "title": review.title,
        "body": review.body,
        "author_name": review.author_name,
        "author_email": review.author_email,
        "source": review.source,
        "verified": review.verified,
        "verification_method": review.verification_method,
        "language": review.language,
        "featured": review.featured,
        "created_at": moment(review.created_at),
        "published_at": moment(review.published_at),
        "reply": review.reply_body,
        "replied_at": moment(review.replied_at),
    }
    if not with_email:
        del found["author_email"]
    return found


def as_csv(
    rows: Iterator[Review],
    with_email: bool = True,
    delimiter: str = ",",
    zone: str | None = None,
) -> Iterator[str]:
    """CSV that opens right in a spreadsheet: a UTF-8 byte order mark first (else
    Excel reads "é" as "Ã©"), and ``delimiter`` ";" where Excel expects it (a comma
    is the decimal sign in Dutch, German and French)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    columns = [c for c in COLUMNS if with_email or c != "author_email"]
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=delimiter)
    writer.writeheader()
    for review in rows:
        cells = row(review, with_email, zone).items()
        writer.writerow({key: _cell(value) for key, value in cells})
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def as_json(
    business: Business,
    rows: Iterator[Review],
    with_email: bool = True,
    zone: str | None = None,
) -> Iterator[str]:
    yield json.dumps({"business": business.slug})[:-1] + ', "reviews": ['
    first = True
    for review in rows:
        exported = row(review, with_email, zone)
        yield ("" if first else ",") + json.dumps(exported, ensure_ascii=False)
        first = False
    yield "]}"


def _cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
