"""Pages of reviews for one business, by keyset: each page costs the same however deep.

A cursor is an opaque, URL-safe token naming the sort and the last row's sort key; it
is checked strictly, so a tampered or stale cursor is a clear error, not a wrong page.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_

from widget.errors import ValidationFailed
from widget.extensions import db
from widget.models import Business, Review, ReviewStatus

SORTS = ("newest", "highest", "lowest")


@dataclass(frozen=True)
class Page:
    reviews: list[Review]
    next_cursor: str | None


def review_page(
    business: Business,
    *,
    status: ReviewStatus = ReviewStatus.PUBLISHED,
    rating: int | None = None,
    sort: str = "newest",
    per_page: int = 10,
    cursor: str | None = None,
) -> Page:
    """Return a page of ``business``'s reviews in ``status`` and the next cursor."""
    query = db.select(Review).where(
        Review.business_id == business.id, Review.status == status
    )
    if rating is not None:
        query = query.where(Review.rating == rating)
    rating_order = {"highest": Review.rating.desc(), "lowest": Review.rating.asc()}.get(
        sort
    )
    order = [Review.created_at.desc(), Review.id.desc()]
    if rating_order is not None:
        order.insert(0, rating_order)
    query = query.order_by(*order)
    if cursor:
        query = query.where(_after(sort, decode_cursor(cursor, sort)))
    rows = list(db.session.scalars(query.limit(per_page + 1)))
    more = len(rows) > per_page
    rows = rows[:per_page]
    next_cursor = encode_cursor(sort, rows[-1]) if more else None
    return Page(rows, next_cursor)


def _after(sort: str, key: tuple[int | None, datetime, int]):
    """The keyset condition: rows strictly after ``key`` in the sort order."""
    rating, created_at, review_id = key
    later_in_time = or_(
        Review.created_at < created_at,
        and_(Review.created_at == created_at, Review.id < review_id),
    )
    if sort == "newest":
        return later_in_time
    beyond = Review.rating < rating if sort == "highest" else Review.rating > rating
    return or_(beyond, and_(Review.rating == rating, later_in_time))


def encode_cursor(sort: str, review: Review) -> str:
    payload = [sort, review.rating, review.created_at.isoformat(), review.id]
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[int | None, datetime, int]:
    """Return the sort key in ``cursor``; raise ``ValidationFailed`` if it has none."""
    invalid = ValidationFailed(
        "The cursor is not valid.",
        {"cursor": ["Not a cursor from this list and sort."]},
    )
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        cursor_sort, rating, created, review_id = json.loads(raw)
        created_at = datetime.fromisoformat(created)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise invalid from None
    if (
        cursor_sort != sort
        or not isinstance(rating, int)
        or not isinstance(review_id, int)
        or created_at.tzinfo is None
    ):
        raise invalid
    return rating, created_at, review_id


def status_counts(business: Business) -> dict[str, int]:
    """Return how many of ``business``'s reviews are in each status (admin only)."""
    rows = db.session.execute(
        db.select(Review.status, func.count())
        .where(Review.business_id == business.id)
        .group_by(Review.status)
    ).all()
    counts = {status.value: 0 for status in ReviewStatus}
    counts.update({status.value: count for status, count in rows})
    return counts
