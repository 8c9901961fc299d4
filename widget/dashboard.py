"""The owner's dashboard numbers: how the business is doing and what to do today.

The totals and the pending count come from the summary row. The reply rate and the low
ratings without a reply are counted in partial indexes that hold only those reviews
(``widget.models``), so they cost what the answer's size costs, not the business's
size; the weekly figures are grouped by the database over the last year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func

from widget.database import written
from widget.extensions import db
from widget.models import LOW_RATING, Business, Review, ReviewStatus, utcnow
from widget.summary import SummaryFigures, counted, figures, status_counts

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
    replied = db.session.scalar(
        db.select(func.count()).where(published, Review.reply_body.is_not(None))
    )
    summary = figures(business.summary)
    unreplied = Review.reply_body.is_(None)
    low = published & (Review.rating <= written(LOW_RATING)) & unreplied
    unanswered = db.session.scalar(db.select(func.count()).where(low))
    return Dashboard(
        summary=summary,
        pending=status_counts(business.summary)[ReviewStatus.PENDING.value],
        reply_rate=replied / summary.count if summary.count else None,
        unanswered_low=unanswered,
        latest_unanswered_low=_latest(low, 5),
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


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weeks(business: Business, now: datetime) -> list[Week]:
    """Counted reviews and their average per week (Monday to Sunday, UTC)."""
    first = _week_start(now.date()) - timedelta(weeks=WEEKS - 1)
    since = datetime.combine(first, datetime.min.time(), tzinfo=now.tzinfo)
    if db.engine.dialect.name == "postgresql":
        bucket = func.date(
            func.date_trunc("week", func.timezone("UTC", Review.created_at))
        )
    else:
        # SQLite: the Sunday on or after the day, minus six days, is its Monday.
        bucket = func.date(Review.created_at, "weekday 0", "-6 days")
    rows = db.session.execute(
        db.select(bucket, func.count(), func.avg(Review.rating))
        .where(*counted(business), Review.created_at >= since)
        .group_by(bucket)
    ).all()
    found = {
        (start if isinstance(start, date) else date.fromisoformat(start)): (count, avg)
        for start, count, avg in rows
    }
    weeks = []
    for n in range(WEEKS):
        start = first + timedelta(weeks=n)
        count, average = found.get(start, (0, None))
        weeks.append(
            Week(
                start, count, round(float(average), 2) if average is not None else None
            )
        )
    return weeks
