"""Accepted writes per second, Vouch against its peer (Isso 0.14), side by side.

The same client (``bench.durability.Client``: threads, a connection of its own per
write, a retry with the same key on trouble) drives both, in alternating rounds, on
the same two cores. A Vouch write is what a browser does: the form (``GET …/form``)
and the review (``POST …/reviews``), manual moderation, the confirmation e-mail
queued in the outbox; an Isso write is its one ``POST /new``, moderation on. After
each Vouch round the durability reconcile checks nothing was lost or doubled; after
each Isso round its database holds exactly the comments it accepted.

In the same rotation, the stack's ceiling for a write (``bench.write_ceiling``): a
minimal Flask app on the same database that validates the review with marshmallow
and inserts it with one statement, nothing else. Vouch's writes cannot beat it, so
it shows how far a target is within reach on this stack at all.

Also printed: what the same client gets from a server that does nothing for the
two requests (``bench.write_floor``), and SQL statements per accepted review,
counted in-process on the same requests.
"""

from __future__ import annotations

import os
import statistics
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, event, text

from bench import databases, durability, peer, servers
from widget.businesses import create_business, update_settings
from widget.extensions import db
from widget.models import ModerationPolicy

ROUNDS = 3
CLIENTS = 8
TARGETS = {"sqlite": 1.5, "postgresql": 1.2}


class IssoClient(durability.Client):
    """The durability client, sending what Isso's own script sends for a comment."""

    def submit(self, key: str) -> None:
        try:
            status, body, headers = self.call(
                "POST",
                f"/new?uri={peer.THREAD}",
                peer.comment(key),
                {"Origin": peer.SITE},
            )
        except OSError as error:
            self.tally.saw(f"dropped ({error.__class__.__name__})")
            self.hang_up()
            return
        if status in (201, 202):
            with self.tally.lock:
                self.tally.accepted[key] = body["id"]
            self.hang_up()
        else:
            self.pause(status, body, headers)


@dataclass
class Rounds:
    rates: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add(self, outcome: durability.Outcome, problems: list[str]) -> None:
        self.rates.append(outcome.per_second)
        self.cpu_ms.append(outcome.cpu_per_review_ms)
        self.problems += problems

    @property
    def rate(self) -> float:
        return statistics.median(self.rates)

    def row(self, label: str) -> str:
        rates = " / ".join(f"{rate:,.0f}" for rate in self.rates)
        return (
            f"  {label:34} {self.rate:7,.0f}/s  (rounds {rates})"
            f"  {statistics.median(self.cpu_ms):5.1f} ms CPU per write"
        )


def report(seconds: float, python: Path | None) -> dict[str, float]:
    """Print the side-by-side table for each database; return Vouch / Isso."""
    print(
        f"Accepted writes, {CLIENTS} clients, 4 gunicorn workers each,"
        f" median of {ROUNDS} alternating rounds × {seconds:g} s:"
    )
    floor = _floor(seconds)
    print(
        f"  the same two requests answered by a WSGI app of a few lines"
        f" (bench.write_floor): {floor.per_second:,.0f}/s,"
        f" {floor.cpu_per_review_ms:.1f} ms CPU per write"
    )
    ratios = {}
    for database in ("sqlite", "postgresql"):
        vouch, isso, ceiling = Rounds(), Rounds(), Rounds()
        kinds = [(_vouch_round, vouch), (_ceiling_round, ceiling)]
        if python is not None:
            kinds.append((_isso_round, isso))
        for number in range(ROUNDS):
            # Each kind of round takes each place in the order once in three rounds.
            for measure, rounds in kinds[number:] + kinds[:number]:
                measure(database, seconds, python, rounds)
        print(vouch.row(f"Vouch on {database}, form + review"))
        print(ceiling.row(f"the stack's ceiling on {database}"))
        print(f"  Vouch / ceiling: {vouch.rate / ceiling.rate:.2f}")
        if python is not None:
            print(isso.row("Isso 0.14 on SQLite, one POST"))
            ratios[database] = vouch.rate / isso.rate
            print(
                f"  Vouch / Isso: {ratios[database]:.2f}"
                f" (target ≥ {TARGETS[database]});"
                f" the ceiling / Isso: {ceiling.rate / isso.rate:.2f}"
            )
        problems = vouch.problems + isso.problems + ceiling.problems
        print(
            "  reconciled: nothing lost or doubled on any side"
            if not problems
            else "  PROBLEMS:\n    " + "\n    ".join(problems[:20])
        )
    return ratios


def _floor(seconds: float) -> durability.Outcome:
    """What the client and gunicorn allow: the form and the review with nothing
    behind them."""
    with servers.gunicorn("bench.write_floor:app", {}, workers=4, threads=4) as server:
        outcome, _ = durability.drive(
            server, "floor", seconds, CLIENTS, durability.Client
        )
    return outcome


def _vouch_round(database: str, seconds: float, _python, rounds: Rounds) -> None:
    outcome = durability.run(
        database,
        seconds,
        clients=CLIENTS,
        faults=False,
        policy=ModerationPolicy.MANUAL,
    )
    rounds.add(outcome, outcome.problems)


def _ceiling_round(database: str, seconds: float, _python, rounds: Rounds) -> None:
    with (
        tempfile.TemporaryDirectory(prefix="vouch-ceiling-") as folder,
        durability.fresh_database(database, Path(folder)) as (url, _),
        servers.gunicorn(
            "bench.write_ceiling:app",
            {"BENCH_DATABASE_URL": url},
            workers=4,
            threads=4,
        ) as server,
    ):
        outcome, tally = durability.drive(
            server, "ceiling", seconds, CLIENTS, durability.Client
        )
        stored = _ceiling_stored(url)
    problems = list(outcome.problems)
    if stored != len(tally.accepted):
        problems.append(f"the ceiling accepted {len(tally.accepted)}, stored {stored}")
    rounds.add(outcome, problems)


def _ceiling_stored(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(text("SELECT count(*) FROM reviews"))
    finally:
        engine.dispose()


def _isso_round(_database: str, seconds: float, python: Path, rounds: Rounds) -> None:
    with tempfile.TemporaryDirectory(prefix="isso-") as folder:
        with peer.serve(python, Path(folder)) as server:
            outcome, tally = durability.drive(
                server, "isso", seconds, CLIENTS, IssoClient
            )
        problems = list(outcome.problems)
        kept = peer.stored(Path(folder))
        if kept != len(tally.accepted):
            problems.append(f"Isso accepted {len(tally.accepted)}, stored {kept}")
        rounds.add(outcome, problems)


def statements_per_review(url: str, count: int = 100) -> tuple[float, list[str]]:
    """SQL statements per accepted review (form + review through Flask, in-process),
    and the statements of one of them."""
    app = databases.app_for(
        url,
        SUBMIT_RATE_LIMIT="1000000 per minute",
        SUBMIT_BUSINESS_RATE_LIMIT="1000000 per minute",
        MIN_FILL_SECONDS=0,
    )
    with app.app_context():
        business = create_business("count", "Count")
        update_settings(business, {"moderation_policy": ModerationPolicy.MANUAL})
        seen: list[str] = []
        event.listen(
            db.engine,
            "before_cursor_execute",
            lambda _c, _cur, statement, *_: seen.append(statement),
        )
    client = app.test_client()
    for number in range(count + 1):
        if number == 1:
            seen.clear()  # the first write warms the caches
        form = client.get("/api/v1/businesses/count/form").get_json()
        answer = client.post(
            "/api/v1/businesses/count/reviews",
            json={**durability.review(f"s{number}"), "form_token": form["form_token"]},
            headers={"Idempotency-Key": f"s{number}"},
        )
        assert answer.status_code == 201, answer.get_json()
        if number == 1:
            one = list(seen)
    databases.dispose(app)
    return len(seen) / count, one


if __name__ == "__main__":
    # This section of `make bench` alone: python -m bench.writes
    report(float(os.environ.get("BENCH_SECONDS", 10)), peer.install())
