"""Review use cases: the one place where reviews are written.

``states`` changes a review's status together with everything that follows from it;
the modules beside it are the use cases, by purpose: ``submission`` (every door's
path from a form to a stored review, confirmation), ``moderation``, ``erasure``,
``importing`` and ``idempotency``. Views, the CLI and the APIs call these functions
and never write review rows themselves.
"""

from widget.reviews.erasure import (
    anonymise_review,
    delete_review,
    forget_old_mail,
    forget_subject,
    purge_expired,
)
from widget.reviews.idempotency import Submission, forget_idempotency_keys
from widget.reviews.importing import import_step
from widget.reviews.moderation import (
    MODERATION_ACTIONS,
    UNDOABLE,
    feature_review,
    moderate_review,
    reply_to_review,
    undo_moderation,
)
from widget.reviews.states import REJECTION_REASONS, STATUS_NAMES, TRANSITIONS
from widget.reviews.submission import accept_submission, confirm_review, store_review

__all__ = [
    "MODERATION_ACTIONS",
    "REJECTION_REASONS",
    "STATUS_NAMES",
    "TRANSITIONS",
    "UNDOABLE",
    "Submission",
    "accept_submission",
    "anonymise_review",
    "confirm_review",
    "delete_review",
    "feature_review",
    "forget_idempotency_keys",
    "forget_old_mail",
    "forget_subject",
    "import_step",
    "moderate_review",
    "purge_expired",
    "reply_to_review",
    "store_review",
    "undo_moderation",
]
