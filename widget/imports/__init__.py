"""Reviews from other platforms: reading their files (``formats``) and the batches
that wait for the owner's go-ahead (``batches``)."""

from widget.imports.batches import (
    already_imported,
    cancel,
    check_file,
    find_batch,
    imported_ids,
    locked_batch,
    recent_batches,
)
from widget.imports.formats import (
    COLUMNS,
    FORMATS,
    PREVIEW_ROWS,
    ImportedReviewSchema,
    read_file,
    review_schema,
)

__all__ = [
    "COLUMNS",
    "FORMATS",
    "PREVIEW_ROWS",
    "ImportedReviewSchema",
    "already_imported",
    "cancel",
    "check_file",
    "find_batch",
    "imported_ids",
    "locked_batch",
    "read_file",
    "recent_batches",
    "review_schema",
]
