"""A page of 10 reviews, the call behind "load more", filters and sorting: Vouch's
public list against the stack's ceiling (the minimal Flask app returning the same
body under the same gunicorn settings) and against Isso's page of 10 comments
(``GET /?uri=…&limit=10``, its own gunicorn as its documentation says), with wrk in
alternating rounds."""

from __future__ import annotations

import tempfile
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench import databases, peer, servers
from bench.throughput import (
    CONNECTIONS,
    ROUNDS,
    THREADS,
    WORKERS,
    Figure,
    alternate,
    table,
)

SEEDED = 1_000


def report(database: str, url: str, slug: str, seconds: float, python: Path | None):
    """Serve the business ``slug`` (seeded by ``throughput.prepare``), measure;
    print the table and return Vouch / ceiling and Vouch / Isso."""
    path = f"/api/v1/businesses/{slug}/reviews?per_page=10"
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        env = databases.server_env(url)
        with servers.gunicorn(
            "wsgi:app", env, workers=WORKERS, threads=THREADS
        ) as vouch:
            with urllib.request.urlopen(vouch.url + path) as response:
                body = response.read()
            (folder / "list.json").write_bytes(body)
            with servers.gunicorn(
                "bench.baseline:app",
                {"BENCH_BODY": str(folder / "list.json")},
                workers=WORKERS,
                threads=THREADS,
            ) as baseline:
                ceiling = Figure("minimal Flask, same body")
                ours = Figure("Vouch, page of 10")
                runs = [
                    (baseline, baseline.url + path, ceiling, None),
                    (vouch, vouch.url + path, ours, None),
                ]
                with _isso(python, folder / "isso") as isso:
                    if isso is not None:
                        figure = Figure("Isso 0.14, page of 10")
                        runs.append((isso, isso.url + peer.PAGE, figure, None))
                    alternate(runs, seconds)
    print(
        f"Review list, {database}: gunicorn gthread {WORKERS} × {THREADS},"
        f" wrk -t2 -c{CONNECTIONS}, median of {ROUNDS} × {seconds:g} s,"
        f" body {len(body):,} B; Isso's thread holds {SEEDED:,} comments"
    )
    table([figure for _, _, figure, _ in runs], ceiling.rate)
    ratios = {"vs_ceiling": ours.rate / ceiling.rate}
    line = f"  Vouch / ceiling: {ratios['vs_ceiling']:.2f} (target ≥ 0.8)"
    if len(runs) > 2:
        ratios["vs_isso"] = ours.rate / runs[2][2].rate
        line += f"; Vouch / Isso: {ratios['vs_isso']:.1f} (target ≥ 20)"
    print(line)
    return ratios


@contextmanager
def _isso(python: Path | None, folder: Path) -> Iterator[servers.Server | None]:
    """Isso serving a thread of ``SEEDED`` published comments (None without it)."""
    if python is None:
        yield None
        return
    folder.mkdir()
    with peer.serve(python, folder) as server:
        peer.seed(server, folder, SEEDED)
        yield server
