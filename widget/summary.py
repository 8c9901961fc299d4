"""The rating summary: one row per business, changed with every review state change.

Public reads take the count, average and distribution from this row; they never
aggregate over reviews. The ``version`` column grows whenever anything public changes,
which makes it a cheap cache key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, update

from widget.extensions import db
from widget.models import RatingSummary, Review, ReviewStatus, utcnow

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


def record_published(business_id: int, rating: int, delta: int, now: datetime) -> None:
    """Count (``delta=1``) or uncount (``delta=-1``) one published review of ``rating``.

    Runs as a single atomic UPDATE inside the caller's transaction.
    """
    star_column = getattr(RatingSummary, f"count_{rating}")
    db.session.execute(
        update(RatingSummary)
        .where(RatingSummary.business_id == business_id)
        .values(
            {
                RatingSummary.count: RatingSummary.count + delta,
                star_column: star_column + delta,
                RatingSummary.rating_sum: RatingSummary.rating_sum + delta * rating,
                RatingSummary.version: RatingSummary.version + 1,
                RatingSummary.updated_at: now,
            }
        )
        .execution_options(synchronize_session=False)
    )


def touch(business_id: int, now: datetime | None = None) -> None:
    """Mark something public as changed without changing the counts (e.g. a reply)."""
    db.session.execute(
        update(RatingSummary)
        .where(RatingSummary.business_id == business_id)
        .values(
            {
                RatingSummary.version: RatingSummary.version + 1,
                RatingSummary.updated_at: now or utcnow(),
            }
        )
        .execution_options(synchronize_session=False)
    )


def recompute(business_id: int) -> SummaryFigures:
    """Compute the figures from the reviews. For checks, never for serving."""
    rows = db.session.execute(
        db.select(Review.rating, func.count())
        .where(
            Review.business_id == business_id, Review.status == ReviewStatus.PUBLISHED
        )
        .group_by(Review.rating)
    ).all()
    distribution = dict.fromkeys(STARS, 0)
    for rating, count in rows:
        distribution[rating] = count
    return SummaryFigures(
        count=sum(distribution.values()),
        rating_sum=sum(star * n for star, n in distribution.items()),
        distribution=distribution,
    )
