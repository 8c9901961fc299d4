"""The owner's dashboard numbers: how the business is doing and what to do today.

Everything is counted by the database (grouped and indexed), so it costs about the same
with a hundred reviews or a hundred thousand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func

from widget.extensions import db
from widget.models import Business, Review, ReviewStatus, utcnow
from widget.summary import SummaryFigures, counted, figures

WEEKS = 52
LOW_RATING = 2


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
    published = and_(*counted(business))
    pending = db.session.scalar(
        db.select(func.count()).where(
            Review.business_id == business.id, Review.status == ReviewStatus.PENDING
        )
    )
    replied = db.session.scalar(
        db.select(func.count()).where(published, Review.reply_body.is_not(None))
    )
    summary = figures(business.summary)
    low = published & (Review.rating <= LOW_RATING) & Review.reply_body.is_(None)
    unanswered = db.session.scalar(db.select(func.count()).where(low))
    latest = list(
        db.session.scalars(
            db.select(Review)
            .where(low)
            .order_by(Review.created_at.desc(), Review.id.desc())
            .limit(5)
        )
    )
    return Dashboard(
        summary=summary,
        pending=pending,
        reply_rate=replied / summary.count if summary.count else None,
        unanswered_low=unanswered,
        latest_unanswered_low=latest,
        weeks=_weeks(business, now),
    )


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
