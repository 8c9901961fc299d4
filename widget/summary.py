"""The rating summary: one row per business, changed with every review state change.

Public reads take the count, average and distribution from this row; they never
aggregate over reviews. The ``version`` column grows whenever anything public changes,
which makes it a cheap cache key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from sqlalchemy import bindparam, func, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from widget.database import written
from widget.extensions import db
from widget.models import (
    LOW_RATING,
    Business,
    RatingSummary,
    Review,
    ReviewStatus,
    ReviewWeek,
    utcnow,
)

STARS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class SummaryFigures:
    count: int
    rating_sum: int
    distribution: dict[int, int]

    @property
    def average(self) -> float | None:
        """The mean rating rounded half-up to one decimal, or None with no reviews."""
        if not self.count:
            return None
        mean = Decimal(self.rating_sum) / Decimal(self.count)
        return float(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def figures(summary: RatingSummary) -> SummaryFigures:
    """Return the figures held in a summary row."""
    return SummaryFigures(
        count=summary.count,
        rating_sum=summary.rating_sum,
        distribution={star: getattr(summary, f"count_{star}") for star in STARS},
    )


def matching(summary: SummaryFigures, filters: dict) -> int:
    """How many published reviews a list filter (``rating`` or ``min_rating``) keeps.

    Read off the distribution, so filtered lists can say "12 of 40" without counting.
    """
    if filters.get("rating") is not None:
        return summary.distribution[filters["rating"]]
    low = filters.get("min_rating") or 1
    return sum(summary.distribution[star] for star in STARS if star >= low)


def record_published(
    business_id: int, review: Review, delta: int, now: datetime
) -> None:
    """Count (``delta=1``) or uncount (``delta=-1``) one published ``review``: its
    stars, and the dashboard's counters (its reply, its week).

    Runs as atomic UPDATEs inside the caller's transaction.
    """
    record_many(business_id, {review.rating: delta}, now)
    record_dashboard(business_id, [review], delta)


def record_dashboard(business_id: int, reviews: list[Review], delta: int) -> None:
    """Add (``delta=1``) or take away (``-1``) counted published ``reviews`` in the
    dashboard's counters: replied, unanswered low ratings, and their weeks."""
    replied = sum(1 for review in reviews if review.reply_body)
    low = sum(
        1 for review in reviews if not review.reply_body and review.rating <= LOW_RATING
    )
    if replied or low:
        record_replies(business_id, delta * replied, delta * low)
    weeks: dict[date, list[int]] = {}
    for review in reviews:
        found = weeks.setdefault(week_of(review.created_at), [0, 0])
        found[0] += delta
        found[1] += delta * review.rating
    upsert = _week_upsert(db.session.get_bind().dialect.name)
    for week, (count, rating_sum) in weeks.items():
        db.session.connection().execute(
            upsert,
            {
                "business_id": business_id,
                "week": week,
                "count": count,
                "rating_sum": rating_sum,
            },
        )


@cache
def _week_upsert(dialect: str):
    """Add a week's count and star sum to its row, made if missing (prebuilt once
    per dialect: every review published or withdrawn takes one)."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    columns = ReviewWeek.__table__.c
    statement = insert(ReviewWeek).values(
        {
            name: bindparam(name, type_=columns[name].type)
            for name in ("business_id", "week", "count", "rating_sum")
        }
    )
    return statement.on_conflict_do_update(
        index_elements=[ReviewWeek.business_id, ReviewWeek.week],
        set_={
            "count": ReviewWeek.count + statement.excluded.count,
            "rating_sum": ReviewWeek.rating_sum + statement.excluded.rating_sum,
        },
    )


def record_replies(business_id: int, replied: int, unanswered_low: int) -> None:
    """Move the replied and unanswered-low counters by these amounts."""
    _change(_REPLIES, business_id, replied=replied, unanswered_low=unanswered_low)


def week_of(moment: datetime) -> date:
    """The Monday (UTC) of the week ``moment`` is in."""
    day = moment.astimezone(UTC).date()
    return day - timedelta(days=day.weekday())


def record_many(business_id: int, deltas: dict[int, int], now: datetime) -> None:
    """Count (positive) or uncount (negative) published reviews per star at once."""
    _change(
        _STARS_COUNTED,
        business_id,
        count=sum(deltas.values()),
        rating_sum=sum(star * n for star, n in deltas.items()),
        now=now,
        **{f"count_{star}": deltas.get(star, 0) for star in STARS},
    )


def record_status(
    business_id: int, before: ReviewStatus | None, after: ReviewStatus | None
) -> None:
    """Move one review between the status counts (None: it is new, or deleted).

    Not public: the version does not change.
    """
    if before != after:
        db.session.connection().execute(
            _STATUS_MOVES[before, after], {"summary_of": business_id}
        )


def _summary_update(values: dict):
    """An update of the summary row of the business ``:summary_of``."""
    return (
        update(RatingSummary)
        .where(RatingSummary.business_id == bindparam("summary_of"))
        .values(values)
    )


def _status_move(before: ReviewStatus | None, after: ReviewStatus | None):
    values = {}
    if before is not None:
        column = getattr(RatingSummary, before.value)
        values[column] = column - 1
    if after is not None:
        column = getattr(RatingSummary, after.value)
        values[column] = column + 1
    return _summary_update(values)


# Prebuilt, one for each move between statuses (None: new or deleted): every review
# that arrives or is moderated takes one.
_STATUS_MOVES = {
    (before, after): _status_move(before, after)
    for before in (None, *ReviewStatus)
    for after in (None, *ReviewStatus)
    if before != after
}


def status_counts(summary: RatingSummary) -> dict[str, int]:
    """How many reviews are in each status, as kept by ``record_status``."""
    return {status.value: getattr(summary, status.value) for status in ReviewStatus}


def recount_statuses(business: Business) -> dict[str, int]:
    """The status counts from the reviews. For checks, never for serving."""
    rows = db.session.execute(
        db.select(Review.status, func.count())
        .where(Review.business_id == business.id)
        .group_by(Review.status)
    ).all()
    counts = {status.value: 0 for status in ReviewStatus}
    counts.update({status.value: count for status, count in rows})
    return counts


def touch(business_id: int, now: datetime | None = None) -> None:
    """Mark something public as changed without changing the counts (e.g. a reply)."""
    _change(_TOUCHED, business_id, now=now or utcnow())


def counted(business: Business, *, as_written: bool = False) -> list:
    """The conditions that pick the reviews the summary counts (and visitors see):
    published ones, without imported ones unless the owner chose to count them.

    ``as_written`` puts the status into the SQL as a constant, for the queries that a
    partial index on published reviews serves (``widget.dashboard``).
    """
    published = ReviewStatus.PUBLISHED
    if as_written:
        published = written(published, Review.status.type)
    found = [Review.business_id == business.id, Review.status == published]
    if not business.count_imported:
        found.append(~Review.imported)
    return found


def distribution_of(*conditions) -> dict[int, int]:
    """How many reviews matching ``conditions`` have each number of stars."""
    rows = db.session.execute(
        db.select(Review.rating, func.count())
        .where(*conditions)
        .group_by(Review.rating)
    ).all()
    distribution = dict.fromkeys(STARS, 0)
    for rating, count in rows:
        distribution[rating] = count
    return distribution


def recompute(business: Business) -> SummaryFigures:
    """Compute the figures from the reviews. For checks, never for serving."""
    distribution = distribution_of(*counted(business))
    return SummaryFigures(
        count=sum(distribution.values()),
        rating_sum=sum(star * n for star, n in distribution.items()),
        distribution=distribution,
    )


@dataclass(frozen=True)
class DashboardCounts:
    replied: int
    unanswered_low: int
    weeks: dict[date, tuple[int, int]]


def kept_dashboard(business: Business) -> DashboardCounts:
    """The dashboard's counters as the review service keeps them."""
    rows = db.session.scalars(
        db.select(ReviewWeek).where(
            ReviewWeek.business_id == business.id, ReviewWeek.count != 0
        )
    )
    summary = business.summary
    return DashboardCounts(
        summary.replied,
        summary.unanswered_low,
        {row.week: (row.count, row.rating_sum) for row in rows},
    )


def recompute_dashboard(business: Business) -> DashboardCounts:
    """The dashboard's counters from the reviews. For checks, never for serving."""
    replied = low = 0
    weeks: dict[date, tuple[int, int]] = {}
    for review in db.session.scalars(db.select(Review).where(*counted(business))):
        if review.reply_body:
            replied += 1
        elif review.rating <= LOW_RATING:
            low += 1
        count, rating_sum = weeks.get(week_of(review.created_at), (0, 0))
        weeks[week_of(review.created_at)] = (count + 1, rating_sum + review.rating)
    return DashboardCounts(replied, low, weeks)


def _change(statement, business_id: int, **values) -> None:
    """Update the business's summary row with one of the prebuilt statements below
    and its ``values``: a Core statement on the session's connection, the cheapest
    there is under the write lock (an ORM copy of the row already loaded keeps the
    values it had)."""
    db.session.connection().execute(statement, {"summary_of": business_id, **values})


def _adding(*names: str, touched: bool = False):
    """An update of a summary row adding ``:name`` to each named counter; a
    ``touched`` one also moves the version on and sets ``updated_at`` to ``:now``.
    Built once: the counters move with every published review."""
    values = {
        getattr(RatingSummary, name): getattr(RatingSummary, name) + bindparam(name)
        for name in names
    }
    if touched:
        values[RatingSummary.version] = RatingSummary.version + 1
        values[RatingSummary.updated_at] = bindparam(
            "now", type_=RatingSummary.updated_at.type
        )
    return _summary_update(values)


_STARS_COUNTED = _adding(
    "count", "rating_sum", *(f"count_{star}" for star in STARS), touched=True
)
_REPLIES = _adding("replied", "unanswered_low")
_TOUCHED = _adding(touched=True)
