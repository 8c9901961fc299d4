"""Nothing lost, nothing doubled: a bounded load test of review submissions.

Several clients send reviews, each with its own ``Idempotency-Key``, to four gunicorn
workers on 127.0.0.1. Meanwhile the worker reading a half-sent review is killed; then,
on SQLite, another worker, and on PostgreSQL the database is restarted twice (fast,
then immediate shutdown) on a private server of the test's own. Clients retry what
failed with the same key and body, as the widget does. Then the database is read
directly and reconciled:

- every submission that got a ``201`` is stored exactly once, under the id it was given;
- no stored review is one that no client sent;
- the rating summary equals a recomputation from the reviews;
- every answer during the trouble was a ``201``, a clean ``503`` JSON with
  ``Retry-After``, or a dropped connection (the killed worker's); none hung.

    python -m bench.durability [--database sqlite|postgresql] [--seconds 20]
                               [--clients 8] [--no-faults]

Without faults (``--no-faults``) the same run measures accepted reviews per second.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from bench import databases, servers
from bench.postgres import private_postgres
from widget.businesses import create_business, update_settings
from widget.extensions import db
from widget.models import Business, ModerationPolicy, RatingSummary, Review
from widget.summary import figures, recompute, recount_statuses, status_counts

SLUG = "load"
FORM = f"/api/v1/businesses/{SLUG}/form"
REVIEWS = f"/api/v1/businesses/{SLUG}/reviews"
CLIENT_TIMEOUT = 15.0
# Settings for the run: the limits and fill-time check guard against people, not this.
SERVER_SETTINGS = {
    "VOUCH_SUBMIT_RATE_LIMIT": "1000000 per minute",
    "VOUCH_SUBMIT_BUSINESS_RATE_LIMIT": "1000000 per minute",
    "VOUCH_MIN_FILL_SECONDS": "0",
    "VOUCH_MAIL_WORKER": "false",
}


def review(key: str) -> dict:
    """The review a client sends under ``key``: the same body on every retry."""
    return {
        "rating": sum(key.encode()) % 5 + 1,
        "title": f"Load {key}",
        "body": f"Review {key} sent by the durability test.",
        "author_name": "Load test",
        "author_email": "load@example.com",
        "consent": True,
    }


@dataclass
class Tally:
    """What the clients saw, shared by their threads."""

    accepted: dict[str, int] = field(default_factory=dict)  # key -> review id
    sent: set[str] = field(default_factory=set)
    answers: Counter = field(default_factory=Counter)
    unclean: list[str] = field(default_factory=list)
    gave_up: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, what: str) -> None:
        with self.lock:
            self.answers[what] += 1


class Client(threading.Thread):
    def __init__(self, number: int, port: int, stop: threading.Event, tally: Tally):
        super().__init__(daemon=True)
        self.number, self.port, self.stop, self.tally = number, port, stop, tally
        self.connection: http.client.HTTPConnection | None = None

    def run(self) -> None:
        sequence = 0
        try:
            while not self.stop.is_set():
                sequence += 1
                key = f"c{self.number}-{sequence}"
                with self.tally.lock:
                    self.tally.sent.add(key)
                self.submit(key)
        except Exception as error:  # a broken client must fail the run, not hide
            with self.tally.lock:
                self.tally.unclean.append(f"client {self.number} failed: {error!r}")
        finally:
            self.hang_up()

    def hang_up(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def submit(self, key: str) -> None:
        """Send one review until it is accepted (or the retry deadline passes)."""
        deadline = time.monotonic() + 90
        token = None
        payload = review(key)
        while time.monotonic() < deadline:
            try:
                if token is None:
                    status, body, headers = self.call("GET", FORM)
                    if status != 200:
                        self.pause(status, body, headers)
                        continue
                    token = body["form_token"]
                status, body, headers = self.call(
                    "POST",
                    REVIEWS,
                    {**payload, "form_token": token},
                    {"Idempotency-Key": key},
                )
            except (OSError, http.client.HTTPException) as error:
                self.tally.saw(f"dropped ({error.__class__.__name__})")
                self.hang_up()
                time.sleep(0.2)
                continue
            if status == 201:
                with self.tally.lock:
                    self.tally.accepted[key] = body["id"]
                # The next review is another visitor's, on a connection of its own.
                self.hang_up()
                return
            self.pause(status, body, headers)
        with self.tally.lock:
            self.tally.gave_up.append(key)

    def pause(self, status: int, body=None, headers=None) -> None:
        clean = body and body.get("error") and headers.getheader("Retry-After")
        if status == 503 and clean:
            self.tally.saw("503 with Retry-After")
        else:
            self.tally.saw(f"{status}")
            if status >= 500 or status in (400, 409, 422):
                with self.tally.lock:
                    self.tally.unclean.append(f"{status}: {body}")
        time.sleep(0.2)

    def call(self, method, path, payload=None, headers=None):
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=CLIENT_TIMEOUT
            )
        started = time.monotonic()
        try:
            self.connection.request(
                method,
                path,
                body=json.dumps(payload) if payload is not None else None,
                headers={"Content-Type": "application/json", **(headers or {})},
            )
            response = self.connection.getresponse()
            raw = response.read()
        except TimeoutError:
            with self.tally.lock:
                self.tally.unclean.append(
                    f"no answer to {method} {path}"
                    f" in {time.monotonic() - started:.0f} s"
                )
            raise
        if response.getheader("Connection", "").lower() == "close":
            self.hang_up()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
            if response.status >= 500:
                with self.tally.lock:
                    self.tally.unclean.append(
                        f"{response.status} without JSON: {raw[:80]!r}"
                    )
        self.tally.saw("answered")
        return response.status, body, response


def cut_off_mid_review(server, tally: Tally, key: str) -> None:
    """Send half of a review, kill the worker that is reading it, then retry with
    the same key, as the widget does after a dropped connection."""
    port = int(server.url.rsplit(":", 1)[1])
    visitor = Client(-1, port, threading.Event(), tally)
    with tally.lock:
        tally.sent.add(key)
    status, body, _ = visitor.call("GET", FORM)
    visitor.hang_up()
    if status != 200:  # the database may be down: no half-sent review then
        visitor.submit(key)
        return
    data = json.dumps({**review(key), "form_token": body["form_token"]}).encode()
    half = len(data) // 2
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
    try:
        connection.putrequest("POST", REVIEWS)
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(len(data)))
        connection.putheader("Idempotency-Key", key)
        connection.endheaders(data[:half])
        reading = server.worker_holding(connection.sock.getsockname()[1])
        os.kill(reading, signal.SIGKILL)
        connection.send(data[half:])
        answer = connection.getresponse()
        with tally.lock:
            tally.unclean.append(f"a killed worker answered {answer.status}")
    except (OSError, http.client.HTTPException) as error:
        tally.saw(f"dropped ({error.__class__.__name__})")
    finally:
        connection.close()
    visitor.submit(key)


@dataclass
class Outcome:
    database: str
    seconds: float
    accepted: int
    per_second: float
    answers: Counter
    faults: list[str]
    problems: list[str]
    cpu_seconds: float = 0.0  # the server's processes, user + system

    @property
    def cpu_per_review_ms(self) -> float:
        return self.cpu_seconds / max(self.accepted, 1) * 1000

    def report(self) -> str:
        lines = [
            f"{self.database}: {self.accepted:,} reviews accepted"
            f" in {self.seconds:.1f} s ({self.per_second:,.0f}/s), 4 gunicorn workers,"
            f" {self.cpu_per_review_ms:.1f} ms of server CPU each",
        ]
        if self.faults:
            lines.append("  faults: " + "; ".join(self.faults))
        shown = {k: v for k, v in self.answers.items() if k != "answered"}
        if shown:
            answers = ", ".join(f"{k} × {v}" for k, v in shown.items())
            lines.append(f"  answers besides 200/201: {answers}")
        lines.append(
            "  reconciled: every 201 stored once, nothing unsent stored,"
            " summary = recount"
            if not self.problems
            else "  PROBLEMS:\n    " + "\n    ".join(self.problems[:20])
        )
        return "\n".join(lines)


@contextmanager
def fresh_database(kind: str, folder: Path) -> Iterator[tuple[str, object]]:
    """A database of ``kind`` for one run: its URL, and the private PostgreSQL server
    behind it (None for SQLite)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder}/load.sqlite", None
    else:
        with private_postgres() as postgres:
            yield postgres.url, postgres


def run(
    database: str = "sqlite",
    seconds: float = 20,
    clients: int = 8,
    faults: bool = True,
    url: str | None = None,
    policy: ModerationPolicy = ModerationPolicy.AUTO_ALL,
) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="vouch-load-") as folder:
        chosen = (
            nullcontext((url, None)) if url else fresh_database(database, Path(folder))
        )
        with chosen as (url, postgres):
            app = databases.app_for(url)
            with app.app_context():
                business = create_business(SLUG, "Load test")
                update_settings(business, {"moderation_policy": policy})
            databases.dispose(app)
            env = {**databases.server_env(url), **SERVER_SETTINGS}
            log = Path(folder) / "server.log"
            with servers.gunicorn(
                "wsgi:app", env, workers=4, threads=4, log=log
            ) as server:
                outcome, tally = _load(
                    server, database, seconds, clients, faults, postgres
                )
            outcome.problems += _reconcile(app, tally)
            if outcome.problems:
                outcome.problems += _server_errors(log)
            databases.dispose(app)
            return outcome


def drive(
    server, name: str, seconds: float, clients: int, client: type[Client]
) -> tuple[Outcome, Tally]:
    """``clients`` of the kind ``client`` against ``server`` for ``seconds``, no
    faults: what ``bench.writes`` runs against Vouch and its peer alike."""
    return _load(server, name, seconds, clients, False, None, client)


def _load(
    server, database, seconds, clients, faults, postgres, client=Client
) -> tuple[Outcome, Tally]:
    port = int(server.url.rsplit(":", 1)[1])
    stop, tally = threading.Event(), Tally()
    threads = [client(n, port, stop, tally) for n in range(clients)]
    cpu_before = server.cpu_seconds()
    began = time.monotonic()
    for thread in threads:
        thread.start()
    done: list[str] = []
    if faults:
        plan = [(0.2, "kill the worker reading a review")]
        if postgres is not None:
            plan += [
                (0.4, "restart PostgreSQL (fast)"),
                (0.7, "restart PostgreSQL (immediate)"),
            ]
        else:
            plan += [(0.6, "kill a worker")]
        for at, fault in plan:
            time.sleep(max(0.0, began + at * seconds - time.monotonic()))
            if fault == "kill the worker reading a review":
                cut_off_mid_review(server, tally, key=f"cut-{len(done)}")
            elif fault == "kill a worker":
                os.kill(server.workers()[0], signal.SIGKILL)
            else:
                postgres.restart("fast" if "fast" in fault else "immediate")
            done.append(f"{fault} at {time.monotonic() - began:.1f} s")
    time.sleep(max(0.0, began + seconds - time.monotonic()))
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.monotonic() - began
    cpu = server.cpu_seconds() - cpu_before
    problems = [f"unclean answer: {u}" for u in tally.unclean]
    problems += [f"never accepted: {key}" for key in tally.gave_up]
    problems += [f"client {t.name} still running" for t in threads if t.is_alive()]
    outcome = Outcome(
        database=database,
        seconds=elapsed,
        accepted=len(tally.accepted),
        per_second=len(tally.accepted) / elapsed,
        answers=tally.answers,
        faults=done,
        problems=problems,
        cpu_seconds=cpu,
    )
    return outcome, tally


def _server_errors(log: Path) -> list[str]:
    """The server's logged tracebacks, to say why an answer was unclean."""
    text = log.read_text(errors="replace")
    return [
        "server: " + part.strip()[-1500:]
        for part in text.split("Traceback (most recent call last):")[1:]
    ][:3]


def _reconcile(app, tally: Tally) -> list[str]:
    problems = []
    with app.app_context():
        business_id = db.session.scalar(select(RatingSummary.business_id))
        rows = db.session.execute(
            select(Review.id, Review.title).where(Review.business_id == business_id)
        ).all()
        stored = Counter(title.removeprefix("Load ") for _, title in rows)
        ids = {title.removeprefix("Load "): review_id for review_id, title in rows}
        for key, review_id in tally.accepted.items():
            if stored[key] != 1:
                problems.append(f"{key}: accepted, stored {stored[key]} times")
            elif ids[key] != review_id:
                problems.append(f"{key}: answered id {review_id}, stored as {ids[key]}")
        for key in stored.keys() - tally.sent:
            problems.append(f"{key}: stored, but no client sent it")
        for key, times in stored.items():
            if times > 1 and key not in tally.accepted:
                problems.append(f"{key}: never accepted, stored {times} times")
        business = db.session.get(Business, business_id)
        kept, counted = figures(business.summary), recompute(business)
        if (kept.count, kept.rating_sum, kept.distribution) != (
            counted.count,
            counted.rating_sum,
            counted.distribution,
        ):
            problems.append(f"summary {kept} but the reviews give {counted}")
        statuses = recount_statuses(business)
        if status_counts(business.summary) != statuses:
            problems.append(
                f"status counts {status_counts(business.summary)}, recount {statuses}"
            )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database", choices=["sqlite", "postgresql"], default="sqlite"
    )
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--no-faults", dest="faults", action="store_false")
    parser.add_argument(
        "--policy",
        choices=[policy.value for policy in ModerationPolicy],
        default=ModerationPolicy.AUTO_ALL.value,
        help="the business's moderation policy (auto_all publishes every review)",
    )
    options = parser.parse_args()
    outcome = run(
        options.database,
        options.seconds,
        options.clients,
        options.faults,
        policy=ModerationPolicy(options.policy),
    )
    print(outcome.report())
    return 1 if outcome.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
