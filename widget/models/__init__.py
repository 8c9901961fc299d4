"""Typed SQLAlchemy models, one module per area.

Models hold data and relationships only: they never commit and never serialise
themselves. Every change of a review's state goes through ``widget.reviews``.
"""

from sqlalchemy import select
from sqlalchemy.orm import column_property

from widget.models.base import MAX_ID, UtcDateTime, possible_id, utcnow
from widget.models.business import (
    Business,
    ModerationPolicy,
    RatingSummary,
    ReviewWeek,
)
from widget.models.collection import (
    ImportBatch,
    ImportState,
    Invitation,
    MailOptOut,
    OutboxMessage,
    Webhook,
    WebhookDelivery,
)
from widget.models.people import (
    ApiKey,
    KeyScope,
    Membership,
    Notify,
    Role,
    TeamInvitation,
    User,
    new_session_token,
)
from widget.models.review import (
    LOW_RATING,
    REPLIED,
    UNANSWERED_LOW,
    AuditEvent,
    IdempotencyRecord,
    Report,
    ReportResolution,
    Review,
    ReviewStatus,
    UsedToken,
    import_source,
)

# Whether anyone listens to a business's review events: loaded with the business (one
# EXISTS each), so a submission skips the look-ups when nobody does.
Business.has_webhooks = column_property(
    select(Webhook.id)
    .where(Webhook.business_id == Business.id)
    .correlate_except(Webhook)
    .exists()
)
Business.has_instant_notices = column_property(
    select(Membership.id)
    .where(Membership.business_id == Business.id, Membership.notify == Notify.INSTANT)
    .correlate_except(Membership)
    .exists()
)

__all__ = [
    "LOW_RATING",
    "MAX_ID",
    "REPLIED",
    "UNANSWERED_LOW",
    "ApiKey",
    "AuditEvent",
    "Business",
    "IdempotencyRecord",
    "ImportBatch",
    "ImportState",
    "Invitation",
    "KeyScope",
    "MailOptOut",
    "Membership",
    "ModerationPolicy",
    "Notify",
    "OutboxMessage",
    "RatingSummary",
    "Report",
    "ReportResolution",
    "Review",
    "ReviewStatus",
    "ReviewWeek",
    "Role",
    "TeamInvitation",
    "UsedToken",
    "User",
    "UtcDateTime",
    "Webhook",
    "WebhookDelivery",
    "import_source",
    "new_session_token",
    "possible_id",
    "utcnow",
]
