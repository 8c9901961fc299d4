"""marshmallow schemas for the owner API's input."""

from __future__ import annotations

import enum
import re
from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import (
    EXCLUDE,
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validate,
)

from widget import webhooks
from widget.businesses import LOCALES
from widget.layouts import THEMES
from widget.listing import Filters
from widget.models import ModerationPolicy, ReviewStatus
from widget.reviews import MODERATION_ACTIONS, REJECTION_REASONS
from widget.schemas import PlainText, StrictBoolean

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


class FeatureSchema(Schema):
    class Meta:
        unknown = RAISE

    featured = StrictBoolean(required=True)


feature_schema = FeatureSchema()


ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:[0-9]{1,5})?$")


class LinesField(fields.String):
    """A textarea of one entry per line, loaded as a list without blanks."""

    def _deserialize(self, value, attr, data, **kwargs) -> list[str]:
        text = super()._deserialize(value, attr, data, **kwargs)
        return [line.strip() for line in text.splitlines() if line.strip()]


def _origins(values: list[str]) -> None:
    bad = [value for value in values if not ORIGIN.fullmatch(value.lower().rstrip("/"))]
    if bad:
        raise ValidationError(
            _l("Not a site address (like https://www.example.com): %(list)s")
            % {"list": ", ".join(bad[:5])}
        )
    if len(values) > 50:
        raise ValidationError(_l("At most 50 sites."))


def _words(values: list[str]) -> None:
    if len(values) > 500:
        raise ValidationError(_l("At most 500 entries."))
    long = [value for value in values if len(value) > 60]
    if long:
        raise ValidationError(
            _l("Entries must be at most 60 characters: %(entry)s")
            % {"entry": long[0][:60]}
        )


def _optional(value):
    """Empty form fields mean "none"."""
    return None if value in ("", None) else value


class SettingsSchema(Schema):
    """The business's profile and how it collects and checks reviews (the panel's
    settings form)."""

    class Meta:
        unknown = EXCLUDE

    name = PlainText(
        required=True,
        validate=validate.Length(1, 120, error=_l("Give a name of 1-120 characters.")),
    )
    website_url = fields.Url(
        load_default=None,
        allow_none=True,
        schemes={"http", "https"},
        error_messages={
            # A plain string: the URL validator it is handed to takes no other.
            "invalid": "Give the full address, like https://www.example.com."
        },
    )
    incentives = PlainText(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=300, error=_l("Use at most 300 characters.")),
    )
    retention_days = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(
            1, 3650, error=_l("Give a number of days from 1 to 3650.")
        ),
        error_messages={"invalid": _l("Give a whole number of days.")},
    )

    moderation_policy = fields.String(
        required=True,
        validate=validate.OneOf(
            [policy.value for policy in ModerationPolicy],
            error=_l("Choose one of the moderation policies."),
        ),
    )
    default_locale = fields.String(
        required=True,
        validate=validate.OneOf(
            LOCALES, error=f"Must be one of: {', '.join(LOCALES)}."
        ),
    )
    require_confirmation = fields.Boolean(load_default=False)
    proof_of_work = fields.Boolean(load_default=False)
    count_imported = fields.Boolean(load_default=False)
    widget_theme = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(THEMES, error=_l("Choose light, dark or auto.")),
    )
    widget_accent = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(
            r"^#[0-9a-fA-F]{6}$", error=_l("Give a colour such as #2f55c4.")
        ),
    )
    allowed_origins = LinesField(load_default=list, validate=_origins)
    blocklist = LinesField(load_default=list, validate=_words)

    @pre_load
    def _empty_is_none(self, data, **kwargs):
        """Empty form fields mean "none" where a field may be none."""
        return {
            key: _optional(value) if self._nullable(key) else value
            for key, value in data.items()
        }

    def _nullable(self, name: str) -> bool:
        field = self.fields.get(name)
        return field is not None and field.allow_none

    def form_values(self, business) -> dict[str, Any]:
        """The settings form filled from ``business``, field by field."""
        values: dict[str, Any] = {}
        for name, field in self.fields.items():
            value = getattr(business, name)
            if isinstance(field, LinesField):
                value = "\n".join(value)
            elif isinstance(value, enum.Enum):
                value = value.value
            elif value is None:
                value = ""
            values[name] = value
        return values

    def from_form(self, form) -> dict[str, Any]:
        """What the settings form sent, as this schema reads it: a checkbox is
        ``yes`` when ticked."""
        return {
            name: form.get(name) == "yes"
            if isinstance(field, fields.Boolean)
            else form.get(name, "").strip()
            for name, field in self.fields.items()
        }

    @post_load
    def _normalise(self, data, **kwargs):
        data["moderation_policy"] = ModerationPolicy(data["moderation_policy"])
        data["allowed_origins"] = [
            origin.lower().rstrip("/") for origin in data["allowed_origins"]
        ]
        data["blocklist"] = sorted({word.casefold() for word in data["blocklist"]})
        return data


settings_schema = SettingsSchema()


class WebhookSchema(Schema):
    """A webhook to add: where, and which events."""

    class Meta:
        unknown = RAISE

    url = fields.String(
        required=True,
        validate=validate.Length(
            1, 2048, error=_l("Give an address of 1-2048 characters.")
        ),
    )
    events = fields.List(
        fields.String(
            validate=validate.OneOf(
                webhooks.EVENTS, error=f"Must be one of: {', '.join(webhooks.EVENTS)}."
            )
        ),
        required=True,
        validate=validate.Length(min=1, error=_l("Choose at least one event.")),
    )


webhook_schema = WebhookSchema()


def _yes_no(field: str):
    return fields.String(
        load_default=None,
        validate=validate.OneOf(("yes", "no"), error=_l("Choose yes or no.")),
        data_key=field,
    )


class QueueQuerySchema(Schema):
    """The queue's filters (query string)."""

    class Meta:
        unknown = EXCLUDE

    rating = fields.Integer(
        load_default=None,
        validate=validate.Range(1, 5, error=_l("Choose 1 to 5 stars.")),
        error_messages={"invalid": _l("Choose 1 to 5 stars.")},
    )
    verified = _yes_no("verified")
    reply = _yes_no("reply")
    since = fields.Date(
        load_default=None,
        error_messages={"invalid": _l("Give the date as YYYY-MM-DD.")},
    )
    until = fields.Date(
        load_default=None,
        error_messages={"invalid": _l("Give the date as YYYY-MM-DD.")},
    )
    q = fields.String(
        load_default=None,
        validate=[
            validate.Length(max=100, error=_l("Search for at most 100 characters.")),
            # Databases cannot compare text with NUL and other control characters.
            validate.Regexp(
                r"[^\x00-\x1f\x7f]*\Z",
                error=_l("Search for text without control characters."),
            ),
        ],
    )

    @pre_load
    def _empty_is_absent(self, data, **kwargs):
        return {key: value for key, value in data.items() if value not in ("", None)}


queue_query = QueueQuerySchema()


def filters_of(args: dict) -> Filters:
    """The review filters that loaded queue or export arguments ask for."""
    return Filters(
        verified=None if args["verified"] is None else args["verified"] == "yes",
        has_reply=None if args["reply"] is None else args["reply"] == "yes",
        since=args["since"],
        until=args["until"],
        text=args["q"],
        rating=args["rating"],
    )


# csv-semicolon: what Excel expects where a comma is the decimal sign (nl, de, fr).
FORMATS = ("csv", "csv-semicolon", "json")


class ExportQuerySchema(QueueQuerySchema):
    """What to export: the queue's filters, a status (or all), and the format."""

    format = fields.String(
        load_default="csv",
        validate=validate.OneOf(
            FORMATS, error=_l("Choose csv, csv-semicolon or json.")
        ),
    )
    status = fields.String(
        load_default=None,
        validate=validate.OneOf(
            [status.value for status in ReviewStatus],
            error=_l("Must be one of: pending, published, rejected, spam."),
        ),
    )


export_query = ExportQuerySchema()
