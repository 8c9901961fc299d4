"""marshmallow schemas for the public contract (DESIGN.md, "Contracts")."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    validate,
    validates_schema,
)

from widget import reports, spam
from widget.listing import SORTS
from widget.models import ReviewStatus
from widget.schemas import (
    BODY_MAX,
    NAME_MAX,
    TITLE_MAX,
    EmailAddress,
    PlainText,
    StrictBoolean,
)

EMAIL_MAX = 254
PER_PAGE_MAX = 50
# The widget checks the same things before sending, with the same words (embed.js);
# they are translated into the request's language (widget.i18n).
RATING_MESSAGE = _l("Give a rating from 1 to 5 stars.")
BODY_MESSAGE = _l("Write a few words about your experience.")
NAME_MESSAGE = _l("Give the name to show with your review.")
EMAIL_MISSING_MESSAGE = _l("Give your e-mail address; it is never shown.")
EMAIL_INVALID_MESSAGE = _l("Give a valid e-mail address.")
CONSENT_MESSAGE = _l("Please agree so we can publish your review.")
FORM_MISSING_MESSAGE = _l("This form is incomplete. Reload the page and send it again.")


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


def _missing(message: str) -> dict[str, str]:
    """The same clear message whether a field is absent or null."""
    return {"required": message, "null": message}


LANGUAGE_TAG = validate.Regexp(
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$",
    error="Give a language tag such as 'en' or 'nl-BE'.",
)


class ReviewSubmissionSchema(Schema):
    class Meta:
        unknown = RAISE

    rating = Rating(required=True, error_messages=_missing(RATING_MESSAGE))
    title = PlainText(
        load_default=None,
        allow_none=True,
        validate=validate.Length(
            max=TITLE_MAX,
            error=_l("The title must be at most %(max)s characters.", max=TITLE_MAX),
        ),
    )
    body = PlainText(
        required=True,
        multiline=True,
        validate=[
            validate.Length(min=1, error=BODY_MESSAGE),
            validate.Length(
                max=BODY_MAX,
                error=_l(
                    "The review must be at most %(max)s characters.", max=BODY_MAX
                ),
            ),
        ],
        error_messages=_missing(BODY_MESSAGE),
    )
    author_name = PlainText(
        required=True,
        validate=[
            validate.Length(min=1, error=NAME_MESSAGE),
            validate.Length(
                max=NAME_MAX,
                error=_l("Your name must be at most %(max)s characters.", max=NAME_MAX),
            ),
        ],
        error_messages=_missing(NAME_MESSAGE),
    )
    author_email = EmailAddress(
        required=True,
        validate=validate.Length(
            max=EMAIL_MAX,
            error=_l(
                "Give an e-mail address of at most %(max)s characters.",
                max=EMAIL_MAX,
            ),
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
    language = fields.String(load_default=None, validate=LANGUAGE_TAG)
    # The author wants one e-mail when the review is published (off unless ticked).
    notify_when_published = StrictBoolean(load_default=False)
    # Anti-spam fields (widget.spam): taken out before the review is stored.
    form_token = fields.String(
        data_key=spam.FORM_FIELD,
        required=True,
        validate=validate.Length(max=1000, error=FORM_MISSING_MESSAGE),
        error_messages=_missing(FORM_MISSING_MESSAGE),
    )
    website = fields.String(
        data_key=spam.HONEYPOT_FIELD, load_default=None, allow_none=True
    )
    altcha = fields.String(data_key=spam.POW_FIELD, load_default=None, allow_none=True)


class _FilteredQuery(Schema):
    """Which published reviews a list shows: filter and order (never the summary)."""

    class Meta:
        unknown = RAISE

    rating = fields.Integer(
        validate=validate.Range(1, 5, error="Give a rating from 1 to 5.")
    )
    min_rating = fields.Integer(
        validate=validate.Range(1, 5, error="Give a rating from 1 to 5.")
    )
    sort = fields.String(
        load_default="newest",
        validate=validate.OneOf(SORTS, error=f"Must be one of: {', '.join(SORTS)}."),
    )

    @validates_schema
    def _one_filter(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "rating" in data and "min_rating" in data:
            raise ValidationError(
                "Give either rating or min_rating, not both.", "min_rating"
            )


class ReviewListQuerySchema(_FilteredQuery):
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
            [status.value for status in ReviewStatus],
            error="Must be one of: pending, published, rejected, spam.",
        ),
    )


class HostedQuerySchema(_FilteredQuery):
    cursor = fields.String(validate=validate.Length(1, 500))
    # The page's language; an unknown one shows the page in English.
    lang = fields.String(validate=validate.Length(max=35))


class WidgetQuerySchema(_FilteredQuery):
    limit = fields.Integer(
        load_default=5,
        validate=validate.Range(
            0, PER_PAGE_MAX, error=f"Must be from 0 to {PER_PAGE_MAX}."
        ),
    )
    locale = fields.String(load_default=None, validate=LANGUAGE_TAG)


class ReportSchema(Schema):
    class Meta:
        unknown = RAISE

    reason = fields.String(
        required=True,
        validate=validate.OneOf(
            tuple(reports.REASONS), error=_l("Choose why you report this review.")
        ),
        error_messages=_missing(_l("Choose why you report this review.")),
    )
    note = PlainText(
        load_default=None,
        multiline=True,
        validate=validate.Length(
            max=1000, error=_l("Use at most %(max)s characters.", max=1000)
        ),
    )
    email = EmailAddress(
        load_default=None,
        validate=validate.Length(max=EMAIL_MAX, error=EMAIL_INVALID_MESSAGE),
        error_messages={"invalid": EMAIL_INVALID_MESSAGE},
    )


submission_schema = ReviewSubmissionSchema()
report_schema = ReportSchema()
review_list_query = ReviewListQuerySchema()
widget_query = WidgetQuerySchema()
hosted_query = HostedQuerySchema()
