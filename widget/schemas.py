"""Schemas shared by the public and owner APIs: review output and the plain-text field.

Declared field by field, never generated from the models, so private columns
(``author_email``, ``ip_hash``) appear only where a schema names them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields

from widget.addresses import MAX_LENGTH, BadAddress, normalised
from widget.sanitize import plain_text
from widget.summary import STARS, SummaryFigures

# How long a review's texts may be, wherever a review comes from.
BODY_MAX = 5000
TITLE_MAX = 120
NAME_MAX = 80
# How the platforms reviews are imported from are named (others: their own name).
PLATFORM_NAMES = {"google": "Google", "trustpilot": "Trustpilot"}


def platform_label(platform: str) -> str:
    return PLATFORM_NAMES.get(platform, platform.replace("-", " ").title())


class PlainText(fields.String):
    """A string with markup removed (``widget.sanitize``) before it is validated."""

    def __init__(self, *, multiline: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        self.multiline = multiline

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        return plain_text(text, multiline=self.multiline)


class EmailAddress(fields.String):
    """An e-mail address, checked and normalised by ``widget.addresses``."""

    default_error_messages: ClassVar = {"invalid": _l("Give a valid e-mail address.")}

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if len(text) > MAX_LENGTH:
            return text  # the field's length rule says what is wrong
        try:
            return normalised(text)
        except BadAddress:
            raise self.make_error("invalid") from None


class StrictBoolean(fields.Boolean):
    """JSON ``true`` or ``false`` only; ``1``, ``"yes"`` and ``"true"`` are refused."""

    def _deserialize(self, value, attr, data, **kwargs) -> bool:
        if not isinstance(value, bool):
            raise ValidationError(gettext("Must be true or false."))
        return value


class ReplySchema(Schema):
    body = fields.String(attribute="reply_body")
    created_at = fields.DateTime(attribute="replied_at")


class PublicReviewSchema(Schema):
    """A published review as visitors see it: no e-mail, IP hash or moderation data."""

    id = fields.Integer()
    rating = fields.Integer()
    title = fields.String(allow_none=True)
    body = fields.String()
    author_name = fields.String()
    created_at = fields.DateTime()
    verified = fields.Boolean()
    verification_method = fields.String(allow_none=True)
    language = fields.String(allow_none=True)
    featured = fields.Boolean()
    # The platform an imported review came from ("Google"), else null.
    imported_from = fields.Function(
        lambda review: (
            platform_label(review.imported_from) if review.imported_from else None
        )
    )
    reply = fields.Method("dump_reply")

    def dump_reply(self, review) -> dict | None:
        if not review.reply_body:
            return None
        return ReplySchema().dump(review)


class OwnerReviewSchema(PublicReviewSchema):
    """A review as its business sees it through the owner API."""

    status = fields.Function(lambda review: review.status.value)
    author_email = fields.String()
    source = fields.String()
    rejection_reason = fields.String(allow_none=True)
    rejection_note = fields.String(allow_none=True)
    published_at = fields.DateTime(allow_none=True)
    moderated_at = fields.DateTime(allow_none=True)


def dump_summary(figures: SummaryFigures) -> dict[str, Any]:
    return {
        "count": figures.count,
        "average": figures.average,
        "sum": figures.rating_sum,
        "distribution": {str(star): figures.distribution[star] for star in STARS},
    }


public_review = PublicReviewSchema()
owner_review = OwnerReviewSchema()
