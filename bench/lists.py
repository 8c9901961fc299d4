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

from bench import databases, peer, servers, wrk
from bench.throughput import CONNECTIONS, ROUNDS, THREADS, WORKERS, Figure, measure

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
                runs = [
                    (baseline, baseline.url + path, Figure("minimal Flask, same body")),
                    (vouch, vouch.url + path, Figure("Vouch, page of 10")),
                ]
                with _isso(python, folder / "isso") as isso:
                    if isso is not None:
                        figure = Figure("Isso 0.14, page of 10")
                        runs.append((isso, isso.url + peer.PAGE, figure))
                    for _, target, _ in runs:  # warm up
                        wrk.run(target, 1, connections=CONNECTIONS)
                    for number in range(ROUNDS):
                        shift = number * len(runs) // ROUNDS
                        for server, target, figure in runs[shift:] + runs[:shift]:
                            measure(server, target, seconds, figure)
    ceiling, ours = runs[0][2].rate, runs[1][2].rate
    print(
        f"Review list, {database}: gunicorn gthread {WORKERS} × {THREADS},"
        f" wrk -t2 -c{CONNECTIONS}, median of {ROUNDS} × {seconds:g} s,"
        f" body {len(body):,} B; Isso's thread holds {SEEDED:,} comments"
    )
    heading = f"{'req/s':>8} {'ratio':>6} {'CPU/req':>11} {'p50':>10} {'p99':>10}"
    print(f"  {'':28} {heading}")
    for _, _, figure in runs:
        print(figure.row(ceiling))
    ratios = {"vs_ceiling": ours / ceiling}
    line = f"  Vouch / ceiling: {ratios['vs_ceiling']:.2f} (target ≥ 0.8)"
    if len(runs) > 2:
        ratios["vs_isso"] = ours / runs[2][2].rate
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
