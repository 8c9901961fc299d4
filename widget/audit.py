"""Reading the audit log: who did what to which review, when and why.

Events are written by ``widget.reviews`` in the same transaction as each change; here
they are only read, newest first, a keyset page at a time.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import and_, or_

from widget.errors import ValidationFailed
from widget.extensions import db
from widget.models import AuditEvent, Business


@dataclass(frozen=True)
class AuditPage:
    events: list[AuditEvent]
    next_cursor: str | None


def audit_page(
    business: Business, *, cursor: str | None = None, per_page: int = 50
) -> AuditPage:
    query = (
        db.select(AuditEvent)
        .where(AuditEvent.business_id == business.id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    )
    if cursor:
        created_at, event_id = _decode(cursor)
        query = query.where(
            or_(
                AuditEvent.created_at < created_at,
                and_(AuditEvent.created_at == created_at, AuditEvent.id < event_id),
            )
        )
    rows = list(db.session.scalars(query.limit(per_page + 1)))
    more = len(rows) > per_page
    rows = rows[:per_page]
    return AuditPage(rows, _encode(rows[-1]) if more else None)


def _encode(event: AuditEvent) -> str:
    raw = json.dumps([event.created_at.isoformat(), event.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created, event_id = json.loads(raw)
        created_at = datetime.fromisoformat(created)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        created_at, event_id = None, None
    if created_at is None or created_at.tzinfo is None or not isinstance(event_id, int):
        raise ValidationFailed(
            gettext("The cursor is not valid."),
            {"cursor": [gettext("Not a cursor from this log.")]},
        )
    return created_at, event_id
