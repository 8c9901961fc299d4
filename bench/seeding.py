"""Businesses with many reviews, written in bulk (Core inserts of 10,000 rows), with a
rating summary that matches them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, update

from widget.businesses import create_business
from widget.extensions import db
from widget.models import LOW_RATING, RatingSummary, Review, ReviewStatus, ReviewWeek
from widget.summary import week_of

BATCH = 10_000


def seed(
    app,
    slug: str,
    count: int,
    status: ReviewStatus = ReviewStatus.PUBLISHED,
    *,
    start: datetime = datetime(2020, 1, 1, tzinfo=UTC),
    step: timedelta = timedelta(minutes=1),
    replied_every: int = 0,
) -> None:
    """Create business ``slug`` with ``count`` reviews in ``status``, one every
    ``step`` from ``start``; with ``replied_every``, every so many has a reply."""
    with app.app_context():
        business = create_business(slug, slug.title())
        published = status is ReviewStatus.PUBLISHED
        # The counters the review service keeps, kept here as the rows go in.
        replied_count = unanswered_low = 0
        weeks: dict = {}
        for offset in range(0, count, BATCH):
            rows = []
            for n in range(offset, min(offset + BATCH, count)):
                at = start + n * step
                replied = bool(replied_every) and n % replied_every == 0
                rating = n % 5 + 1
                if published:
                    replied_count += replied
                    unanswered_low += not replied and rating <= LOW_RATING
                    week = weeks.setdefault(week_of(at), [0, 0])
                    week[0] += 1
                    week[1] += rating
                rows.append(
                    {
                        "business_id": business.id,
                        "rating": rating,
                        "title": f"Review {n}",
                        "body": "Seeded for the benchmark. " * 4,
                        "author_name": "Bench",
                        "author_email": "bench@example.com",
                        "status": status,
                        "source": "widget",
                        "verified": False,
                        "featured": False,
                        "created_at": at,
                        "published_at": at if published else None,
                        "consent_at": at,
                        "reply_body": "Thank you!" if replied else None,
                        "replied_at": at if replied else None,
                    }
                )
            db.session.execute(insert(Review), rows)
            db.session.commit()
        if published:
            per_star = {
                star: count // 5 + (1 if (star - 1) < count % 5 else 0)
                for star in range(1, 6)
            }
            db.session.execute(
                update(RatingSummary)
                .where(RatingSummary.business_id == business.id)
                .values(
                    count=count,
                    rating_sum=sum(star * n for star, n in per_star.items()),
                    replied=replied_count,
                    unanswered_low=unanswered_low,
                    **{f"count_{star}": n for star, n in per_star.items()},
                )
            )
            if weeks:
                db.session.execute(
                    insert(ReviewWeek),
                    [
                        {
                            "business_id": business.id,
                            "week": w,
                            "count": c,
                            "rating_sum": r,
                        }
                        for w, (c, r) in weeks.items()
                    ],
                )
            db.session.commit()
        db.session.execute(
            update(RatingSummary)
            .where(RatingSummary.business_id == business.id)
            .values({status.value: count})
        )
        db.session.commit()


def settle(app) -> None:
    """Bring the planner's statistics up to date after a bulk load, as a database
    that has been running for a while has them (and PostgreSQL's autovacuum would
    otherwise run during the measurements)."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(
                isolation_level="AUTOCOMMIT"
            ) as connection:
                connection.exec_driver_sql("VACUUM ANALYZE")
        else:
            with engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
