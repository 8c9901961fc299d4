"""The background round: every job that runs outside requests, each in its own
guarded step.

Each round queues due reminders (and, once an hour, the daily digests), delivers
e-mail and webhook events until none is due, and once an hour forgets spent one-time
tokens, old idempotency keys and e-mails sent long ago, and erases personal data
past each business's retention period. A job that fails is logged with its name and
rolled back; the others still run.
``flask send-mail`` runs one round with the hourly jobs; each app process runs rounds
in its background thread (``widget.background``).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask

from widget import invitations, mail, notices, spam, webhooks
from widget.background import EXTENSION, BackgroundThread
from widget.extensions import db
from widget.models import utcnow
from widget.reviews import forget_idempotency_keys, forget_old_mail, purge_expired

log = logging.getLogger(__name__)

# Seconds between rounds of the hourly jobs.
HOURLY = 3600


def _drain(deliver: Callable[[], tuple[int, int]]) -> tuple[int, int]:
    """Call ``deliver`` until it finds nothing more to do; (done, failed) in all.

    A failed row is rescheduled or given up, so it is not due again in this round:
    a batch of failures goes on to the rows behind it.
    """
    done = failed = 0
    while True:
        sent, broken = deliver()
        done, failed = done + sent, failed + broken
        if not sent and not broken:
            return done, failed


# (name, job, hourly): the order a round runs them in.
# What queues e-mail runs before the mail is sent.
JOBS: tuple[tuple[str, Callable[[], object], bool], ...] = (
    ("reminders", invitations.schedule_reminders, False),
    ("digests", notices.send_digests, True),
    ("mail", lambda: _drain(mail.deliver_due), False),
    ("webhooks", lambda: _drain(webhooks.deliver_due), False),
    ("spent tokens", lambda: spam.forget_spent(utcnow()), True),
    ("idempotency keys", lambda: forget_idempotency_keys(utcnow()), True),
    ("retention", purge_expired, True),
    ("old mail", forget_old_mail, True),
)


@dataclass
class Round:
    """What each job of a round returned, and which failed."""

    results: dict[str, object] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)


def run_round(*, hourly: bool) -> Round:
    """Run every job once (the hourly ones only with ``hourly``), each guarded."""
    done = Round()
    for name, job, is_hourly in JOBS:
        if is_hourly and not hourly:
            continue
        try:
            done.results[name] = job()
        except Exception:  # one job's failure never stops the others
            log.exception("background job %r failed", name)
            db.session.rollback()
            done.failed.append(name)
    return done


class _Rounds:
    """The background thread's round: the hourly jobs once an hour."""

    def __init__(self) -> None:
        self.last_hourly = float("-inf")

    def __call__(self) -> Round:
        hourly = time.monotonic() - self.last_hourly > HOURLY
        if hourly:
            self.last_hourly = time.monotonic()
        return run_round(hourly=hourly)


def run_forever(app: Flask, stopping: threading.Event | None = None) -> None:
    """Run rounds every ``MAIL_POLL_SECONDS`` until ``stopping`` is set, or SIGTERM
    or SIGINT arrives (the round under way is finished first): the worker service
    (``flask --app wsgi worker``)."""
    stopping = stopping or threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    rounds = _Rounds()
    interval = app.config["MAIL_POLL_SECONDS"]
    log.info("worker started; a round every %s s", interval)
    while not stopping.is_set():
        with app.app_context():
            try:
                rounds()
            finally:
                db.session.remove()
        stopping.wait(interval)
    log.info("worker stopped")


def init_app(app: Flask) -> None:
    """Give ``app`` a background thread when ``MAIL_WORKER`` is on."""
    if not app.config["MAIL_WORKER"]:
        return
    thread = app.extensions[EXTENSION] = BackgroundThread(app, _Rounds())
    app.before_request(thread.start)
