"""Import batches: a checked file's good rows wait in an ``ImportBatch`` until the
owner has seen the preview and starts the import, which
``widget.reviews.import_step`` runs in steps so the panel can show progress.
Imported reviews are labelled ``import:<platform>``, never verified, and count only
if the owner chooses so.
"""

from __future__ import annotations

from flask_babel import gettext

from widget.actors import Actor
from widget.database import write_transaction
from widget.errors import NotFound
from widget.extensions import db
from widget.imports.formats import FORMATS, file_problem, platform_for, read_file
from widget.models import (
    Business,
    ImportBatch,
    ImportState,
    Review,
    import_source,
    possible_id,
    utcnow,
)


def check_file(
    business: Business,
    kind: str,
    raw: bytes,
    *,
    filename: str,
    actor: Actor,
    platform: str | None = None,
) -> ImportBatch:
    """Read and check a file; keep its good rows in a batch waiting for the owner."""
    if kind not in FORMATS:
        raise file_problem("Choose which platform the file comes from.", "format")
    source_platform = platform_for(kind, platform)
    checked = read_file(kind, raw)
    with write_transaction() as session:
        batch = ImportBatch(
            business_id=business.id,
            platform=source_platform,
            filename=(filename or "upload")[:255],
            created_by=actor.label,
            rows=checked.rows,
            problems=checked.problems,
            created_at=utcnow(),
        )
        session.add(batch)
    return batch


def find_batch(business: Business, batch_id: int) -> ImportBatch:
    """One import batch of ``business``; others are ``NotFound``."""
    batch = db.session.get(ImportBatch, batch_id) if possible_id(batch_id) else None
    if batch is None or batch.business_id != business.id:
        raise NotFound(gettext("No such import."))
    return batch


def imported_ids(business: Business, platform: str, rows: list[dict]) -> set[str]:
    """The platform ids among ``rows`` that ``business`` imported before."""
    ids = [row["external_id"] for row in rows]
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        found.update(
            db.session.scalars(
                db.select(Review.external_id).where(
                    Review.business_id == business.id,
                    Review.source == import_source(platform),
                    Review.external_id.in_(ids[start : start + 500]),
                )
            )
        )
    return found


def already_imported(business: Business, batch: ImportBatch) -> int:
    """How many of the batch's rows are in Vouch already (they will be skipped)."""
    return len(imported_ids(business, batch.platform, batch.rows))


def locked_batch(business: Business, batch_id: int) -> ImportBatch:
    """One import batch of ``business``, locked for update (inside a transaction)."""
    batch = db.session.scalar(
        db.select(ImportBatch)
        .where(ImportBatch.id == batch_id, ImportBatch.business_id == business.id)
        .with_for_update()
    )
    if batch is None:
        raise NotFound(gettext("No such import."))
    return batch


def cancel(business: Business, batch_id: int) -> ImportBatch:
    """Drop a batch that was checked but not started."""
    with write_transaction():
        batch = locked_batch(business, batch_id)
        if batch.state is ImportState.PREVIEW:
            batch.state = ImportState.CANCELLED
            batch.rows = []
    return batch


def recent_batches(business: Business, limit: int = 10) -> list[ImportBatch]:
    return list(
        db.session.scalars(
            db.select(ImportBatch)
            .where(ImportBatch.business_id == business.id)
            .order_by(ImportBatch.id.desc())
            .limit(limit)
        )
    )
