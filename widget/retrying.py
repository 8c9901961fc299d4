"""Work that is retried until it succeeds: e-mail in the outbox, webhook deliveries.

Both tables carry ``next_attempt_at``, ``claimed_until``, ``attempts``, ``failed_at``
and ``last_error``, and a column saying it is done. A process claims a row with a
conditional ``UPDATE`` (the claim expires, so a crashed process's work is picked up
again), and a failure waits longer each time until the last attempt gives up.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import or_, update

from widget.extensions import db
from widget.models import utcnow

log = logging.getLogger(__name__)

# Seconds to wait before the next attempt, by attempts made so far.
BACKOFF = (30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600)
CLAIM = timedelta(minutes=2)


def due_ids(model, done, limit: int, now: datetime) -> list[int]:
    """Ids of rows not done, not given up, due, and not claimed by anyone."""
    return list(
        db.session.scalars(
            db.select(model.id)
            .where(
                done.is_(None),
                model.failed_at.is_(None),
                model.next_attempt_at <= now,
                or_(model.claimed_until.is_(None), model.claimed_until < now),
            )
            .order_by(model.next_attempt_at, model.id)
            .limit(limit)
        )
    )


def give_up_exhausted(model, done, max_attempts: int) -> int:
    """Give up rows that used their attempts without an outcome (a process died
    while it held them), so they never wait first in line again."""
    now = utcnow()
    result = db.session.execute(
        update(model)
        .where(
            done.is_(None),
            model.failed_at.is_(None),
            model.attempts >= max_attempts,
            or_(model.claimed_until.is_(None), model.claimed_until < now),
        )
        .values(
            failed_at=now,
            claimed_until=None,
            last_error=f"Gave up after {max_attempts} attempts without an answer.",
        )
    )
    db.session.commit()
    return result.rowcount


def claim(model, row_id: int, done):
    """Take one row for this process (counting the attempt); None if taken."""
    now = utcnow()
    taken = db.session.execute(
        update(model)
        .where(
            model.id == row_id,
            done.is_(None),
            or_(model.claimed_until.is_(None), model.claimed_until < now),
        )
        .values(claimed_until=now + CLAIM, attempts=model.attempts + 1)
    )
    db.session.commit()
    if taken.rowcount != 1:
        return None
    return db.session.get(model, row_id)


def failed(
    row, error: str, max_attempts: int, what: str, *, permanent: bool = False
) -> None:
    """Record a failed attempt: retry later, or give up after ``max_attempts`` (at
    once when the failure is ``permanent``: trying again cannot help)."""
    row.last_error = error[:500]
    row.claimed_until = None
    if permanent or row.attempts >= max_attempts:
        row.failed_at = utcnow()
        log.error("giving up on %s after %s attempts: %s", what, row.attempts, error)
    else:
        wait = BACKOFF[min(row.attempts, len(BACKOFF)) - 1]
        row.next_attempt_at = utcnow() + timedelta(seconds=wait)
        log.warning(
            "%s failed (attempt %s), retrying in %s s: %s",
            what,
            row.attempts,
            wait,
            error,
        )
    db.session.commit()
