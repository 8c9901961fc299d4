"""Pages of reviews for one business, by keyset: each page costs the same however deep.

A cursor is an opaque, URL-safe token naming the sort and the last row's sort key; it
is checked strictly, so a tampered or stale cursor is a clear error, not a wrong page.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask_babel import gettext
from sqlalchemy import and_, func, or_, tuple_

from widget import summary
from widget.errors import NotFound, ValidationFailed
from widget.extensions import db
from widget.models import Business, Review, ReviewStatus, possible_id
from widget.summary import counted

# "featured": the reviews the owner pinned first, then the newest.
SORTS = ("featured", "newest", "highest", "lowest")


@dataclass(frozen=True)
class Filters:
    """The panel's extra filters on a list of reviews (all optional)."""

    verified: bool | None = None
    has_reply: bool | None = None
    since: date | None = None
    until: date | None = None
    text: str | None = None
    rating: int | None = None

    def conditions(self) -> list:
        found = []
        if self.rating is not None:
            found.append(Review.rating == self.rating)
        if self.verified is not None:
            found.append(Review.verified.is_(self.verified))
        if self.has_reply is True:
            found.append(Review.reply_body.is_not(None))
        elif self.has_reply is False:
            found.append(Review.reply_body.is_(None))
        if self.since is not None:
            found.append(Review.created_at >= _midnight(self.since))
        if self.until is not None:
            found.append(Review.created_at < _midnight(self.until + timedelta(days=1)))
        if self.text:
            pattern = _like(self.text)
            found.append(
                or_(
                    *(
                        column.ilike(pattern, escape="\\")
                        for column in (
                            Review.body,
                            Review.title,
                            Review.author_name,
                            Review.author_email,
                        )
                    )
                )
            )
        return found


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, its wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC)


@dataclass(frozen=True)
class Page:
    reviews: list[Review]
    next_cursor: str | None


def review_page(
    business: Business,
    *,
    status: ReviewStatus = ReviewStatus.PUBLISHED,
    rating: int | None = None,
    min_rating: int | None = None,
    sort: str = "newest",
    per_page: int = 10,
    cursor: str | None = None,
    filters: Filters | None = None,
    public: bool = True,
) -> Page:
    """Return a page of ``business``'s reviews in ``status`` and the next cursor.

    Public pages of published reviews hold what the summary counts; the panel
    (``public=False``) sees every review in ``status``.
    """
    if public and status is ReviewStatus.PUBLISHED:
        query = db.select(Review).where(*counted(business))
    else:
        query = db.select(Review).where(
            Review.business_id == business.id, Review.status == status
        )
    if filters is not None:
        query = query.where(*filters.conditions())
    if rating is not None:
        query = query.where(Review.rating == rating)
    if min_rating is not None:
        query = query.where(Review.rating >= min_rating)
    leading = {
        "featured": Review.featured.desc(),
        "highest": Review.rating.desc(),
        "lowest": Review.rating.asc(),
    }.get(sort)
    order = [Review.created_at.desc(), Review.id.desc()]
    if leading is not None:
        order.insert(0, leading)
    query = query.order_by(*order)
    if cursor:
        query = query.where(_after(sort, decode_cursor(cursor, sort)))
    rows = list(db.session.scalars(query.limit(per_page + 1)))
    more = len(rows) > per_page
    rows = rows[:per_page]
    next_cursor = encode_cursor(sort, rows[-1]) if more else None
    return Page(rows, next_cursor)


def _after(sort: str, key: tuple[int, bool, datetime, int]):
    """The keyset condition: rows strictly after ``key`` in the sort order.

    Written as row-value comparisons where the sort's columns all run one way, so
    both databases seek in the index instead of filtering rows one by one.
    """
    rating, featured, created_at, review_id = key
    later_in_time = tuple_(Review.created_at, Review.id) < tuple_(created_at, review_id)
    if sort == "newest":
        return later_in_time
    if sort == "featured":
        # Pinned first, then newest: all three columns descend.
        return tuple_(Review.featured, Review.created_at, Review.id) < tuple_(
            featured, created_at, review_id
        )
    if sort == "highest":
        return tuple_(Review.rating, Review.created_at, Review.id) < tuple_(
            rating, created_at, review_id
        )
    return or_(Review.rating > rating, and_(Review.rating == rating, later_in_time))


def encode_cursor(sort: str, review: Review) -> str:
    payload = [
        sort,
        review.rating,
        review.featured,
        review.created_at.isoformat(),
        review.id,
    ]
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[int, bool, datetime, int]:
    """Return the sort key in ``cursor``; raise ``ValidationFailed`` if it has none."""
    invalid = ValidationFailed(
        "The cursor is not valid.",
        {"cursor": ["Not a cursor from this list and sort."]},
    )
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        cursor_sort, rating, featured, created, review_id = json.loads(raw)
        created_at = datetime.fromisoformat(created)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise invalid from None
    if (
        cursor_sort != sort
        or not isinstance(rating, int)
        or not isinstance(featured, bool)
        or not isinstance(review_id, int)
        or created_at.tzinfo is None
    ):
        raise invalid
    return rating, featured, created_at, review_id


def status_counts(business: Business) -> dict[str, int]:
    """Return how many of ``business``'s reviews are in each status (admin only)."""
    db.session.refresh(business.summary)
    return summary.status_counts(business.summary)


def published_review(business: Business, review_id: int) -> Review:
    """One review of ``business`` that visitors see; anything else is ``NotFound``."""
    review = None
    if possible_id(review_id):
        review = db.session.scalar(
            db.select(Review).where(Review.id == review_id, *counted(business))
        )
    if review is None:
        raise NotFound(gettext("No such review."))
    return review


def reviews_by_id(business: Business, ids: list[int]) -> list[Review]:
    """The reviews of ``business`` among ``ids`` (for the panel's reported tab)."""
    if not ids:
        return []
    return list(
        db.session.scalars(
            db.select(Review).where(
                Review.business_id == business.id, Review.id.in_(ids)
            )
        )
    )


def withheld_counts(business: Business) -> dict[str, int]:
    """How many of ``business``'s reviews are withheld (rejected or spam), by reason."""
    rows = db.session.execute(
        db.select(Review.rejection_reason, func.count())
        .where(
            Review.business_id == business.id,
            Review.status.in_((ReviewStatus.REJECTED, ReviewStatus.SPAM)),
        )
        .group_by(Review.rejection_reason)
    ).all()
    return {reason or "other": count for reason, count in rows}


def verified_counts(business: Business) -> dict[str, int]:
    """How many counted reviews of ``business`` collected by Vouch were verified, by
    method (imported ones: ``imported_counts``)."""
    rows = db.session.execute(
        db.select(Review.verification_method, func.count())
        .where(*counted(business), ~Review.imported)
        .group_by(Review.verification_method)
    ).all()
    return {method or "none": count for method, count in rows}


def imported_counts(business: Business) -> dict[str, int]:
    """How many published reviews of ``business`` came from each other platform."""
    rows = db.session.execute(
        db.select(Review.source, func.count())
        .where(
            Review.business_id == business.id,
            Review.status == ReviewStatus.PUBLISHED,
            Review.imported,
        )
        .group_by(Review.source)
    ).all()
    return {source.partition(":")[2]: count for source, count in rows}
