"""Print the embed script's size and in-process timings of the public widget endpoint.

Figures are measured side by side in one run: a full widget response against a 304,
and the same endpoint at 1,000 and 50,000 published reviews (it should stay flat).
"""

from __future__ import annotations

import gzip
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, update

from widget import create_app
from widget.businesses import create_business
from widget.extensions import db
from widget.models import RatingSummary, Review, ReviewStatus

SCRIPT = Path(__file__).resolve().parent.parent / "embed" / "static" / "embed.js"
ROUNDS = 3
REQUESTS = 400


def script_size() -> None:
    raw = SCRIPT.read_bytes()
    print(f"embed.js: {len(raw):,} bytes, {len(gzip.compress(raw, 9)):,} bytes gzipped")


def seed(app, slug: str, count: int) -> None:
    """Insert ``count`` published reviews in bulk and set the summary to match."""
    with app.app_context():
        business = create_business(slug, slug.title())
        start = datetime(2024, 1, 1, tzinfo=UTC)
        rows = [
            {
                "business_id": business.id,
                "rating": n % 5 + 1,
                "title": f"Review {n}",
                "body": "Seeded for the benchmark. " * 4,
                "author_name": "Bench",
                "author_email": "bench@example.com",
                "status": ReviewStatus.PUBLISHED,
                "source": "widget",
                "verified": False,
                "featured": False,
                "created_at": start + timedelta(minutes=n),
                "published_at": start + timedelta(minutes=n),
                "consent_at": start,
            }
            for n in range(count)
        ]
        for offset in range(0, count, 5000):
            db.session.execute(insert(Review), rows[offset : offset + 5000])
        per_star = {
            star: sum(1 for n in range(count) if n % 5 + 1 == star)
            for star in range(1, 6)
        }
        db.session.execute(
            update(RatingSummary)
            .where(RatingSummary.business_id == business.id)
            .values(
                count=count,
                rating_sum=sum(star * n for star, n in per_star.items()),
                **{f"count_{star}": n for star, n in per_star.items()},
            )
        )
        db.session.commit()


def rate(client, url: str, headers: dict[str, str]) -> float:
    """Best of ROUNDS: requests per second for REQUESTS sequential requests."""
    best = 0.0
    for _ in range(ROUNDS):
        began = time.perf_counter()
        for _ in range(REQUESTS):
            client.get(url, headers=headers)
        best = max(best, REQUESTS / (time.perf_counter() - began))
    return best


def main() -> None:
    script_size()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite"
        app = create_app(
            {"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url}
        )
        with app.app_context():
            db.create_all()
        seed(app, "small", 1_000)
        seed(app, "large", 50_000)
        client = app.test_client()
        figures = {}
        for slug in ("small", "large"):
            path = f"/api/v1/businesses/{slug}/widget"
            etag = client.get(path).headers["ETag"]
            figures[slug] = (
                rate(client, path, {}),
                rate(client, path, {"If-None-Match": etag}),
            )
        for slug, (full, cached) in figures.items():
            print(
                f"widget endpoint, {slug:5}: {full:7.0f} req/s full, {cached:7.0f} 304"
            )
        small, large = figures["small"][0], figures["large"][0]
        print(f"flatness (50k / 1k reviews, full responses): {large / small:.2f}")
        print(f"304 / full (50k reviews): {figures['large'][1] / large:.2f}")
        print("(in-process test client, SQLite, one core, best of 3 x 400 requests)")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
