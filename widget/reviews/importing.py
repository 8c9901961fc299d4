"""Reviews imported from other platforms, stored step by step from a checked batch
(``widget.imports`` reads and checks the files)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app

from widget import spam
from widget.actors import Actor
from widget.database import write_transaction
from widget.imports import imported_ids, locked_batch
from widget.models import (
    Business,
    ImportBatch,
    ImportState,
    Review,
    ReviewStatus,
    import_source,
    utcnow,
)
from widget.reviews import states


def import_step(
    business: Business, batch_id: int, *, actor: Actor, now: datetime | None = None
) -> ImportBatch:
    """Import the next rows of a checked batch in one transaction.

    Imported reviews are published as they were on their platform, labelled
    ``import:<platform>``, never verified; a row imported before is skipped. They count
    in the summary only if the business counts imported reviews. No e-mails or
    webhooks: these are not new reviews.
    """
    now = now or utcnow()
    step = current_app.config["IMPORT_STEP_ROWS"]
    with write_transaction():
        batch = locked_batch(business, batch_id)
        if batch.state not in (ImportState.PREVIEW, ImportState.IMPORTING):
            return batch
        batch.state = ImportState.IMPORTING
        source = import_source(batch.platform)
        rows = batch.rows[batch.done : batch.done + step]
        known = imported_ids(business, batch.platform, rows)
        counted: list = []
        note = f"From {batch.platform} ({batch.filename})"
        for row in rows:
            if row["external_id"] in known:
                batch.skipped += 1
                continue
            states.enter(
                business,
                _imported_review(business, row, source, now),
                actor=actor,
                action="import",
                now=now,
                note=note,
                announce=False,
                counted=counted,
            )
            batch.imported += 1
        states.count_published(business, counted, now)
        batch.done += len(rows)
        if batch.done >= len(batch.rows):
            batch.state = ImportState.DONE
            batch.finished_at = now
            batch.rows = []
    return batch


def _imported_review(
    business: Business, row: dict[str, Any], source: str, now: datetime
) -> Review:
    created = datetime.fromisoformat(row["created_at"])
    body = row["body"]
    replied = row["replied_at"]
    return Review(
        business_id=business.id,
        rating=row["rating"],
        title=row["title"],
        body=body,
        author_name=row["author_name"],
        author_email="",
        language=row["language"],
        source=source,
        external_id=row["external_id"],
        status=ReviewStatus.PUBLISHED,
        verified=False,
        created_at=created,
        published_at=created,
        consent_at=now,
        reply_body=row["reply"],
        replied_at=datetime.fromisoformat(replied) if replied else None,
        body_hash=spam.text_hash(body) if body else None,
    )
