"""marshmallow schemas for the owner API's input."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from widget.reviews import MODERATION_ACTIONS, REJECTION_REASONS
from widget.schemas import PlainText

REPLY_MAX = 2000
NOTE_MAX = 500


class ModerationSchema(Schema):
    class Meta:
        unknown = RAISE

    action = fields.String(
        required=True,
        validate=validate.OneOf(
            MODERATION_ACTIONS,
            error=f"Must be one of: {', '.join(MODERATION_ACTIONS)}.",
        ),
    )
    reason = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(
            REJECTION_REASONS, error=f"Must be one of: {', '.join(REJECTION_REASONS)}."
        ),
    )
    note = PlainText(
        load_default=None,
        allow_none=True,
        multiline=True,
        validate=validate.Length(max=NOTE_MAX, error=f"At most {NOTE_MAX} characters."),
    )


class ReplyInputSchema(Schema):
    class Meta:
        unknown = RAISE

    body = PlainText(
        required=True,
        allow_none=True,
        multiline=True,
        validate=validate.Length(
            max=REPLY_MAX, error=f"At most {REPLY_MAX} characters."
        ),
    )


moderation_schema = ModerationSchema()
reply_schema = ReplyInputSchema()
