"""Share pictures: the time to draw a review's card (1200×630 and 1080×1080) and the
business's summary card, in-process, each drawn anew (the memory of pictures already
made is bypassed), against the 50 ms target."""

from __future__ import annotations

import statistics
import time

from widget import cards
from widget.extensions import db
from widget.models import Business, Review

DRAWS = 20
TARGET_MS = 50


def report(app, slug: str) -> None:
    with app.test_request_context():
        business = db.session.scalar(db.select(Business).where(Business.slug == slug))
        review = db.session.scalar(
            db.select(Review)
            .where(Review.business_id == business.id)
            .order_by(Review.id)
            .limit(1)
        )
        review.body = "Warm bread, kind people and the best rye in town. " * 20
        review.title = "Crème brûlée worth the trip 😀"
        summary = cards.drawn_summary(business, 4.6, 1234)
        pictures = {
            "review, 1200×630": (cards.drawn(business, review), "wide"),
            "review, 1080×1080": (cards.drawn(business, review), "square"),
            "business summary, 1200×630": (summary, "wide"),
        }
        db.session.rollback()
        print(
            f"Share pictures, drawn anew, median of {DRAWS} (target ≤ {TARGET_MS} ms):"
        )
        for label, (what, shape) in pictures.items():
            times = []
            for _ in range(DRAWS):
                began = time.perf_counter()
                png = cards.render(what, cards.SHAPES[shape], None)
                times.append((time.perf_counter() - began) * 1000)
            median = statistics.median(times)
            print(
                f"  {label:28} {median:6.1f} ms  (slowest {max(times):.1f} ms,"
                f" {len(png):,} B)"
            )
