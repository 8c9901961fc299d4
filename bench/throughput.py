"""The widget endpoint under gunicorn against the stack's ceiling: a minimal Flask app
serving the same body with the same gunicorn settings, measured alternately in one run.
"""

from __future__ import annotations

import statistics
import tempfile
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench import databases, servers, wrk
from bench.seeding import seed, settle

SCALES = {"1k": 1_000, "100k": 100_000, "1M": 1_000_000}
ROUNDS = 3
WORKERS, THREADS, CONNECTIONS = 2, 4, 16


@dataclass
class Figure:
    label: str
    per_second: list[float] = field(default_factory=list)
    cpu_us: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)
    errors: int = 0
    # Rounds run again because a worker sat idle through them (``measure``).
    redrawn: int = 0

    def add(self, run: wrk.Run, cpu_seconds: float) -> None:
        self.per_second.append(run.per_second)
        self.cpu_us.append(cpu_seconds / max(run.requests, 1) * 1e6)
        self.p50.append(run.p50_ms)
        self.p99.append(run.p99_ms)
        self.errors += run.errors

    @property
    def rate(self) -> float:
        return statistics.median(self.per_second)

    def row(self, ceiling: float, cpu: bool = True) -> str:
        used = f"{statistics.median(self.cpu_us):8.0f} µs" if cpu else f"{'':11}"
        return (
            f"  {self.label:28} {self.rate:8.0f} {self.rate / ceiling:6.2f}"
            f" {used}"
            f" {statistics.median(self.p50):7.2f} ms"
            f" {statistics.median(self.p99):7.2f} ms"
            + (f"  ({self.errors} errors)" if self.errors else "")
            + (f"  ({self.redrawn} run again: a worker idle)" if self.redrawn else "")
        )


def measure(server: servers.Server, url: str, seconds: float, figure: Figure, **kw):
    """One round of wrk against ``url``, added to ``figure``.

    wrk opens its connections at once and keeps them. gunicorn's workers all wait on
    one listening socket, and the first to wake may accept every one of them: then
    the other workers sit idle for the whole round, which measures that draw, not
    the server (on two workers a third of the rate, about one round in four here).
    Such a round is run again, at most ``REDRAWS`` times, and counted in the figure.
    """
    for attempt in range(REDRAWS + 1):
        before = server.cpu_by_process()
        run = wrk.run(url, seconds, connections=CONNECTIONS, **kw)
        after = server.cpu_by_process()
        idle = _idle_workers(server, before, after)
        if not idle or attempt == REDRAWS:
            break
        figure.redrawn += 1
    figure.add(run, sum(after.values()) - sum(before.values()))


# How often a round with an idle worker is run again, and what counts as idle: less
# than this share of the CPU an even split between the workers would give each.
REDRAWS = 3
IDLE_SHARE = 0.1


def _idle_workers(
    server: servers.Server, before: dict[int, float], after: dict[int, float]
) -> list[int]:
    workers = [pid for pid in server.workers() if pid in before and pid in after]
    used = {pid: after[pid] - before[pid] for pid in workers}
    total = sum(used.values())
    if len(workers) < 2 or total <= 0:
        return []
    even = total / len(workers)
    return [pid for pid, seconds in used.items() if seconds < IDLE_SHARE * even]


Target = tuple[servers.Server, str, Figure, dict[str, str] | None]


def alternate(runs: list[Target], seconds: float) -> None:
    """Warm each address up once, then measure every run ``ROUNDS`` times; each
    round starts elsewhere, so no figure always comes first."""
    for target in dict.fromkeys(target for _, target, _, _ in runs):
        wrk.run(target, 1, connections=CONNECTIONS)
    for round_number in range(ROUNDS):
        shift = round_number * len(runs) // ROUNDS
        for server, target, figure, headers in runs[shift:] + runs[:shift]:
            measure(server, target, seconds, figure, headers=headers)


def table(figures: list[Figure], ceiling: float) -> None:
    """Print ``figures`` as rows against ``ceiling``, under one heading."""
    heading = f"{'req/s':>8} {'ratio':>6} {'CPU/req':>11} {'p50':>10} {'p99':>10}"
    print(f"  {'':28} {heading}")
    for figure in figures:
        print(figure.row(ceiling))


def prepare(url: str, scales=SCALES):
    """One business per scale (``shop-1k`` …), published reviews, seeded in bulk."""
    app = databases.app_for(url)
    for name, count in scales.items():
        seed(app, f"shop-{name.lower()}", count)
    settle(app)
    return app


def report(database: str, url: str, seconds: float, scales=SCALES) -> dict[str, float]:
    """Serve the businesses ``prepare`` made, measure; print the table, return ratios.

    Also measured: the same server with the version read from the database on every
    request (WIDGET_RECHECK_SECONDS=0), to show what the one-second reuse buys.
    """
    strict_env = {**databases.server_env(url), "VOUCH_WIDGET_RECHECK_SECONDS": "0"}
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "vouch.log"
        with servers.gunicorn(
            "wsgi:app",
            databases.server_env(url),
            workers=WORKERS,
            threads=THREADS,
            log=log,
        ) as vouch:
            paths = {
                name: f"{vouch.url}/api/v1/businesses/shop-{name.lower()}/widget"
                for name in scales
            }
            first = next(iter(paths.values()))
            with urllib.request.urlopen(first) as response:
                body, etag = response.read(), response.headers["ETag"]
            (Path(folder) / "body.json").write_bytes(body)
            with (
                servers.gunicorn(
                    "bench.baseline:app",
                    {"BENCH_BODY": str(Path(folder) / "body.json")},
                    workers=WORKERS,
                    threads=THREADS,
                ) as baseline,
                servers.gunicorn(
                    "wsgi:app", strict_env, workers=WORKERS, threads=THREADS
                ) as strict,
            ):
                ceiling = Figure("minimal Flask, same body")
                full = {name: Figure(f"Vouch, {name} reviews") for name in scales}
                small = next(iter(scales))
                cached = Figure(f"Vouch, {small} reviews, 304")
                reread = Figure(f"Vouch, {small}, version read each time")
                base_url = f"{baseline.url}/api/v1/businesses/x/widget"
                strict_url = first.replace(vouch.url, strict.url)
                runs = [
                    (baseline, base_url, ceiling, None),
                    *((vouch, path, full[name], None) for name, path in paths.items()),
                    (vouch, first, cached, {"If-None-Match": etag}),
                    (strict, strict_url, reread, None),
                ]
                alternate(runs, seconds)
    top = ceiling.rate
    print(
        f"Widget endpoint, {database}: gunicorn gthread {WORKERS} workers × {THREADS}"
        f" threads, wrk -t2 -c{CONNECTIONS}, median of {ROUNDS} × {seconds:g} s,"
        f" body {len(body):,} B"
    )
    table([ceiling, *full.values(), cached, reread], top)
    names = list(scales)
    small, large = full[names[0]].rate, full[names[-1]].rate
    ratios = {
        "vs_ceiling": small / top,
        "flat": large / small,
        "not_modified": cached.rate / small,
    }
    print(
        f"  Vouch / ceiling: {ratios['vs_ceiling']:.2f} (target ≥ 1.0);"
        f" {names[-1]} / {names[0]}: {ratios['flat']:.2f} (target ≥ 0.9);"
        f" 304 / full: {ratios['not_modified']:.2f} (target ≥ 1.2)"
    )
    return ratios
