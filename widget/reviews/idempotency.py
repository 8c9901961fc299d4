"""Idempotent submissions: a repeat of a request sent with an ``Idempotency-Key``
gets the first answer, and the same key with another body is a conflict."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext
from sqlalchemy import bindparam, select

from widget.database import insert_row
from widget.errors import Conflict
from widget.extensions import db
from widget.models import Business, IdempotencyRecord, Review


@dataclass(frozen=True)
class Submission:
    """What a submission produced; ``replayed`` when an idempotency key matched."""

    review_id: int
    status: str
    replayed: bool = False


def fingerprint(data: dict[str, Any]) -> str:
    """The same for the same validated submission."""
    canonical = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def earlier(
    business: Business, key: str | None, print_: str | None
) -> Submission | None:
    """The stored answer for ``key``, or None; ``Conflict`` for another body."""
    if not key:
        return None
    record = (
        db.session.connection()
        .execute(_EARLIER, {"business_id": business.id, "key": key})
        .first()
    )
    if record is None:
        return None
    if record.fingerprint != print_:
        raise Conflict(
            gettext("This Idempotency-Key was already used for a different submission.")
        )
    return Submission(record.review_id, record.status, replayed=True)


# Prebuilt: it runs for every keyed submission.
_EARLIER = select(
    IdempotencyRecord.fingerprint, IdempotencyRecord.review_id, IdempotencyRecord.status
).where(
    IdempotencyRecord.business_id == bindparam("business_id"),
    IdempotencyRecord.key == bindparam("key"),
)


def remember(
    business: Business, key: str, print_: str, review: Review, now: datetime
) -> None:
    """Store the answer for ``key`` in the submission's transaction."""
    insert_row(
        IdempotencyRecord,
        {
            "business_id": business.id,
            "key": key,
            "fingerprint": print_,
            "review_id": review.id,
            "status": review.status.value,
            "created_at": now,
        },
    )


def forget_idempotency_keys(now: datetime) -> int:
    """Delete idempotency records older than ``IDEMPOTENCY_KEY_HOURS``: a retry that
    late is a new submission. Returns how many were deleted."""
    hours = current_app.config["IDEMPOTENCY_KEY_HOURS"]
    oldest = now - timedelta(hours=hours)
    result = db.session.execute(
        db.delete(IdempotencyRecord).where(IdempotencyRecord.created_at < oldest)
    )
    db.session.commit()
    return result.rowcount
