"""marshmallow schemas for the public contract (DESIGN.md, "Contracts")."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from widget.listing import SORTS
from widget.schemas import PlainText

BODY_MAX = 5000
TITLE_MAX = 120
NAME_MAX = 80
EMAIL_MAX = 254
PER_PAGE_MAX = 50
# The widget checks the same things before sending, with the same words (embed.js).
RATING_MESSAGE = "Give a rating from 1 to 5 stars."
BODY_MESSAGE = "Write a few words about your experience."
NAME_MESSAGE = "Give the name to show with your review."
EMAIL_MISSING_MESSAGE = "Give your e-mail address; it is never shown."
EMAIL_INVALID_MESSAGE = "Give a valid e-mail address."
CONSENT_MESSAGE = "Please agree so we can publish your review."


class Rating(fields.Integer):
    """A whole number of stars from 1 to 5; ``true``, ``4.5`` and ``"5"`` fail."""

    def __init__(self, **kwargs: Any):
        super().__init__(
            strict=True,
            validate=validate.Range(1, 5, error=RATING_MESSAGE),
            **kwargs,
        )

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        if isinstance(value, bool):
            raise ValidationError(RATING_MESSAGE)
        return super()._deserialize(value, attr, data, **kwargs)


class StrictBoolean(fields.Boolean):
    """JSON ``true`` or ``false`` only; ``1``, ``"yes"`` and ``"true"`` are refused."""

    def _deserialize(self, value, attr, data, **kwargs) -> bool:
        if not isinstance(value, bool):
            raise ValidationError("Must be true or false.")
        return value


def _length(low: int, high: int, what: str) -> validate.Length:
    if low:
        return validate.Length(
            low, high, error=f"{what} must be {low}-{high} characters."
        )
    return validate.Length(max=high, error=f"{what} must be at most {high} characters.")


def _missing(message: str) -> dict[str, str]:
    """The same clear message whether a field is absent or null."""
    return {"required": message, "null": message}


class ReviewSubmissionSchema(Schema):
    class Meta:
        unknown = RAISE

    rating = Rating(required=True, error_messages=_missing(RATING_MESSAGE))
    title = PlainText(
        load_default=None, allow_none=True, validate=_length(0, TITLE_MAX, "The title")
    )
    body = PlainText(
        required=True,
        multiline=True,
        validate=_length(1, BODY_MAX, "The review"),
        error_messages=_missing(BODY_MESSAGE),
    )
    author_name = PlainText(
        required=True,
        validate=_length(1, NAME_MAX, "Your name"),
        error_messages=_missing(NAME_MESSAGE),
    )
    author_email = fields.Email(
        required=True,
        validate=validate.Length(
            max=EMAIL_MAX, error="Give an e-mail address of at most 254 characters."
        ),
        error_messages={
            "invalid": EMAIL_INVALID_MESSAGE,
            **_missing(EMAIL_MISSING_MESSAGE),
        },
    )
    consent = StrictBoolean(
        required=True,
        validate=validate.Equal(True, error=CONSENT_MESSAGE),
        error_messages=_missing(CONSENT_MESSAGE),
    )
    language = fields.String(
        load_default=None,
        validate=validate.Regexp(
            r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$",
            error="Give a language tag such as 'en' or 'nl-BE'.",
        ),
    )


class ReviewListQuerySchema(Schema):
    class Meta:
        unknown = RAISE

    rating = fields.Integer(
        validate=validate.Range(1, 5, error="Give a rating from 1 to 5.")
    )
    sort = fields.String(
        load_default="newest",
        validate=validate.OneOf(SORTS, error=f"Must be one of: {', '.join(SORTS)}."),
    )
    per_page = fields.Integer(
        load_default=10,
        validate=validate.Range(
            1, PER_PAGE_MAX, error=f"Must be from 1 to {PER_PAGE_MAX}."
        ),
    )
    cursor = fields.String(validate=validate.Length(1, 500))
    status = fields.String(
        load_default="published",
        validate=validate.OneOf(
            ("pending", "published", "rejected", "spam"),
            error="Must be one of: pending, published, rejected, spam.",
        ),
    )


class WidgetQuerySchema(Schema):
    class Meta:
        unknown = RAISE

    limit = fields.Integer(
        load_default=5,
        validate=validate.Range(
            0, PER_PAGE_MAX, error=f"Must be from 0 to {PER_PAGE_MAX}."
        ),
    )


submission_schema = ReviewSubmissionSchema()
review_list_query = ReviewListQuerySchema()
widget_query = WidgetQuerySchema()
