"""The owner's dashboard as a business grows: 1,000 and 100,000 published reviews over
the last year, and 1,000,000 over ten years (the same 100,000 a year), every third one
answered. Server time of the whole page (in-process, median of several loads) and the
plans of the statements it ran. The weekly figures cover one year, so a page should
cost what a year of reviews costs, not what the business's whole history costs.

    python -m bench.dashboard      # SQLite, and PostgreSQL when it is reachable
"""

from __future__ import annotations

import tempfile
from datetime import timedelta

from bench import databases, pages
from bench.seeding import seed, settle
from widget.extensions import db
from widget.models import utcnow

YEAR = timedelta(days=364)
# Name: (reviews, over how many years up to now).
SIZES = {"1k": (1_000, 1), "100k": (100_000, 1), "1M": (1_000_000, 10)}


def prepare(app, sizes: dict[str, tuple[int, int]] = SIZES) -> list[str]:
    """Seed one business per size; return their slugs."""
    slugs = []
    for name, (count, years) in sizes.items():
        slug = f"dash-{name.lower()}"
        seed(
            app,
            slug,
            count,
            start=utcnow() - years * YEAR,
            step=years * YEAR / count,
            replied_every=3,
        )
        slugs.append(slug)
    settle(app)
    return slugs


def report(app, database: str, slugs: list[str]) -> None:
    print(f"Dashboard, {database}, in-process server time (median of {pages.REPEATS}):")
    with app.app_context():
        engine = db.engine
    for slug in slugs:
        client = pages.owner_of(app, slug)
        path = f"/admin/b/{slug}/dashboard"
        print(f"  {slug}: {pages.median_ms(client, path):.1f} ms")
    print(f"  query plans, {slugs[-1]}:")
    for line in pages.plans(app, engine, client, path):
        print(f"    {line}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        targets = [("SQLite", f"sqlite:///{folder}/dashboard.sqlite")]
        postgres = databases.fresh_postgres()
        if postgres:
            targets.append(("PostgreSQL", postgres))
        for name, url in targets:
            app = databases.app_for(url)
            report(app, name, prepare(app))
            databases.dispose(app)


if __name__ == "__main__":
    main()
