"""The owner's dashboard numbers: how the business is doing and what to do today.

Everything is read from counters the review service keeps (``widget.summary``): the
totals, the pending count, the replied and unanswered low ratings on the summary row,
and a row per week. Only the five newest unanswered low ratings are read from the
reviews, through a partial index. So the page costs the same at 1,000 reviews or a
million.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_

from widget.database import written
from widget.extensions import db
from widget.models import LOW_RATING, Business, Review, ReviewStatus, ReviewWeek, utcnow
from widget.summary import SummaryFigures, counted, figures, status_counts, week_of

WEEKS = 52


@dataclass(frozen=True)
class Week:
    start: date
    count: int
    average: float | None


@dataclass(frozen=True)
class Dashboard:
    summary: SummaryFigures
    pending: int
    reply_rate: float | None
    unanswered_low: int
    latest_unanswered_low: list[Review]
    weeks: list[Week]


def dashboard(business: Business, now: datetime | None = None) -> Dashboard:
    now = now or utcnow()
    published = and_(*counted(business, as_written=True))
    row = business.summary
    summary = figures(row)
    unreplied = Review.reply_body.is_(None)
    low = published & (Review.rating <= written(LOW_RATING)) & unreplied
    return Dashboard(
        summary=summary,
        pending=status_counts(row)[ReviewStatus.PENDING.value],
        reply_rate=row.replied / summary.count if summary.count else None,
        unanswered_low=row.unanswered_low,
        latest_unanswered_low=_latest(low, 5) if row.unanswered_low else [],
        weeks=_weeks(business, now),
    )


def _latest(low, count: int) -> list[Review]:
    """The newest ``count`` reviews matching ``low``: the newest of each low rating,
    each read in index order, then merged."""
    newest = [
        review
        for stars in range(1, LOW_RATING + 1)
        for review in db.session.scalars(
            db.select(Review)
            .where(low, Review.rating == stars)
            .order_by(Review.created_at.desc(), Review.id.desc())
            .limit(count)
        )
    ]
    newest.sort(key=lambda review: (review.created_at, review.id), reverse=True)
    return newest[:count]


def _weeks(business: Business, now: datetime) -> list[Week]:
    """Counted reviews and their average per week (Monday to Sunday, UTC), from the
    week rows."""
    first = week_of(now) - timedelta(weeks=WEEKS - 1)
    found = {
        row.week: (row.count, row.rating_sum)
        for row in db.session.scalars(
            db.select(ReviewWeek).where(
                ReviewWeek.business_id == business.id, ReviewWeek.week >= first
            )
        )
    }
    weeks = []
    for n in range(WEEKS):
        start = first + timedelta(weeks=n)
        count, rating_sum = found.get(start, (0, 0))
        average = round(rating_sum / count, 2) if count else None
        weeks.append(Week(start, count, average))
    return weeks
