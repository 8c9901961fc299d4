"""`make bench`: every figure measured side by side in one run, printed as it comes.

1. the embed scripts' sizes, their paint time in Chromium, and the time to draw a
   share picture;
2. the widget endpoint under gunicorn against a minimal Flask app serving the same
   body, at 1k, 100k and 1M reviews, full and 304, on SQLite and PostgreSQL;
3. a page of 10 reviews against that ceiling and against Isso 0.14's page of 10;
4. the owner's queue at 100k pending (and every other panel page of that business,
   against 100 ms each) and the public list at 1M, with query plans;
5. the dashboard at 1k and 100k reviews, with the plans of its statements;
6. the production recipe: nginx's micro-cache against nginx serving a static file;
7. accepted writes per second against Isso 0.14 and the stack's ceiling for a write
   (bench.writes, alternating rounds), SQL statements per accepted review, and every
   review published on arrival.

Isso is installed once into bench/out/isso-0.14.0, a virtualenv of its own; without
network access on the first run, its rows say so and the rest runs.

BENCH_SECONDS (default 10) sets each load run's length; BENCH_QUEUE (100000) the
queue's size; BENCH_SCALES (default
"1k=1000,100k=100000,1M=1000000") the business sizes. wrk and nginx come from
Debian's packages (`.ci/run` installs them); without them those parts say so.
"""

from __future__ import annotations

import os
import platform
import shutil
import tempfile
import time
from datetime import UTC, datetime

from bench import (
    cards,
    dashboard,
    databases,
    durability,
    links,
    lists,
    nginx,
    pages,
    paint,
    peer,
    proxy,
    sizes,
    throughput,
    writes,
    wrk,
)
from bench.seeding import seed
from widget.models import ModerationPolicy

QUEUE_SIZE = int(os.environ.get("BENCH_QUEUE", 100_000))
SETTLE_SECONDS = 5


def main() -> None:
    seconds = float(os.environ.get("BENCH_SECONDS", 10))
    scales = _scales(os.environ.get("BENCH_SCALES"))
    _machine()
    print("Peer: Isso 0.14 in its own virtualenv")
    isso = peer.install()
    sizes.report()
    print("Spam check, link scan of a 5,000-character body (target < 10 ms):")
    links.report()
    with tempfile.TemporaryDirectory() as folder:
        small = databases.app_for(f"sqlite:///{folder}/paint.sqlite")
        seed(small, "small", 1_000)
        print(
            "Script request to widget painted, headless Chromium,"
            f" {paint.LOADS} cold loads, 1,000 reviews:"
        )
        paint.report(small, "small")
        cards.report(small, "small")
        databases.dispose(small)
        targets = [("SQLite", f"sqlite:///{folder}/bench.sqlite")]
        postgres = databases.fresh_postgres()
        if postgres:
            targets.append(("PostgreSQL", postgres))
        for name, url in targets:
            _section(f"{name}: seeding {', '.join(scales)} reviews")
            began = time.monotonic()
            app = throughput.prepare(url, scales)
            print(f"  seeded in {time.monotonic() - began:.0f} s")
            _settle()
            if wrk.available():
                throughput.report(name, url, seconds, scales)
                small = f"shop-{next(iter(scales)).lower()}"
                lists.report(name, url, small, seconds, isso)
            else:
                print("  (wrk is not installed: apt-get install wrk)")
            pages.report(app, name, QUEUE_SIZE, f"shop-{list(scales)[-1].lower()}")
            dashboard.report(app, name, dashboard.prepare(app))
            databases.dispose(app)
    _section("Production recipe")
    if wrk.available() and nginx.binary():
        proxy.report(seconds)
    else:
        print("  (needs wrk and nginx: apt-get install wrk nginx)")
    _section("Writes")
    with tempfile.TemporaryDirectory() as folder:
        targets = {"SQLite": f"sqlite:///{folder}/statements.sqlite"}
        postgres = databases.fresh_postgres()
        if postgres:
            targets["PostgreSQL"] = postgres
        for name, url in targets.items():
            count, one = writes.statements_per_review(url)
            print(
                f"SQL statements per accepted review (form + review), {name}:"
                f" {count:.1f} (target ≤ 6), of which"
                f" {sum(s.split()[0] in ('BEGIN', 'COMMIT') for s in one)}"
                " BEGIN/COMMIT; one review's:"
            )
            for statement in one:
                print("    " + " ".join(statement.split())[:100])
    writes.report(seconds, isso)
    print("Every review published on arrival (policy auto_all), no peer:")
    for database in ("sqlite", "postgresql"):
        outcome = durability.run(
            database,
            seconds,
            clients=8,
            faults=False,
            policy=ModerationPolicy.AUTO_ALL,
        )
        print("  " + outcome.report().lstrip())


def _settle() -> None:
    """Write out what seeding left in the page cache and give the kernel a moment, so
    that its writeback does not run during the first measured rounds (it took a
    third of the ceiling's rate in two runs before)."""
    os.sync()
    time.sleep(SETTLE_SECONDS)


def _scales(text: str | None) -> dict[str, int]:
    if not text:
        return throughput.SCALES
    pairs = (part.split("=") for part in text.split(","))
    return {name: int(count) for name, count in pairs}


def _machine() -> None:
    model = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):  # noqa: SIM115
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} cores ({model})"
        f" · Python {platform.python_version()} · wrk: {shutil.which('wrk') or '—'}"
        f" · nginx: {nginx.binary() or '—'}"
    )


def _section(title: str) -> None:
    print(f"\n== {title}")


if __name__ == "__main__":
    main()
