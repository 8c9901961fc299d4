"""Schemas shared by the public and owner APIs: review output and the plain-text field.

Declared field by field, never generated from the models, so private columns
(``author_email``, ``ip_hash``) appear only where a schema names them.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from widget.sanitize import plain_text
from widget.summary import STARS, SummaryFigures


class PlainText(fields.String):
    """A string with markup removed (``widget.sanitize``) before it is validated."""

    def __init__(self, *, multiline: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        self.multiline = multiline

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        return plain_text(text, multiline=self.multiline)


class ReplySchema(Schema):
    body = fields.String(attribute="reply_body")
    created_at = fields.DateTime(attribute="replied_at")


class PublicReviewSchema(Schema):
    """A published review as visitors see it: no e-mail, IP hash or moderation data."""

    id = fields.Integer()
    rating = fields.Integer()
    title = fields.String()
    body = fields.String()
    author_name = fields.String()
    created_at = fields.DateTime()
    verified = fields.Boolean()
    verification_method = fields.String()
    language = fields.String()
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
    rejection_reason = fields.String()
    rejection_note = fields.String()
    published_at = fields.DateTime()
    moderated_at = fields.DateTime()
    featured = fields.Boolean()


def dump_summary(figures: SummaryFigures) -> dict[str, Any]:
    return {
        "count": figures.count,
        "average": figures.average,
        "sum": figures.rating_sum,
        "distribution": {str(star): figures.distribution[star] for star in STARS},
    }


public_review = PublicReviewSchema()
owner_review = OwnerReviewSchema()
