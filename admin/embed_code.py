"""The embed code an owner pastes: its options, checked, and the snippet they give.

The builder page and its live preview both ask this module, so the snippet has one
source of truth.
"""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from markupsafe import escape
from marshmallow import EXCLUDE, Schema, fields, validate

from widget.businesses import LOCALES
from widget.layouts import LAYOUTS, THEMES
from widget.models import Business

DEFAULT_ACCENT = "#2f55c4"
PRODUCT_MAX = 200


def _one_of(choices: tuple[str, ...]) -> validate.OneOf:
    return validate.OneOf(choices, error=f"Must be one of: {', '.join(choices)}.")


class EmbedOptionsSchema(Schema):
    """The builder's form; empty fields mean "the widget's default"."""

    class Meta:
        unknown = EXCLUDE  # the page's own query parameters

    layout = fields.String(load_default="list", validate=_one_of(LAYOUTS))
    theme = fields.String(load_default="light", validate=_one_of(THEMES))
    accent = fields.String(
        load_default=DEFAULT_ACCENT,
        validate=validate.Regexp(
            r"^#[0-9a-fA-F]{6}$", error=_l("Give a colour such as #2f55c4.")
        ),
    )
    locale = fields.String(
        load_default="",
        validate=validate.OneOf(
            ("", *LOCALES),
            error=f"Must be one of: {', '.join(LOCALES)}, or empty for the page's.",
        ),
    )
    max = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(1, 50, error=_l("Must be from 1 to 50.")),
    )
    min_rating = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(1, 5, error=_l("Must be from 1 to 5.")),
    )
    form = fields.String(load_default="", validate=_one_of(("show", "hide")))
    product = fields.String(
        load_default="",
        validate=validate.Length(
            max=PRODUCT_MAX, error=f"Use at most {PRODUCT_MAX} characters."
        ),
    )

    def load_form(self, args) -> tuple[dict[str, Any], dict[str, list[str]]]:
        """Load query arguments (empty means absent); return (options, errors)."""
        present = {name: value for name, value in args.items() if value != ""}
        errors = self.validate(present)
        good = {name: value for name, value in present.items() if name not in errors}
        return self.load(good), errors


options_schema = EmbedOptionsSchema()


def attributes(business: Business, options: dict[str, Any]) -> list[tuple[str, str]]:
    """The ``data-*`` attributes for ``options``, leaving out the widget's defaults."""
    attrs = [("data-vouch", options["layout"]), ("data-business", business.slug)]
    if options["theme"] != "light":
        attrs.append(("data-theme", options["theme"]))
    if options["accent"].lower() != DEFAULT_ACCENT:
        attrs.append(("data-accent", options["accent"].lower()))
    optional = (
        ("data-locale", options["locale"]),
        ("data-max", options["max"]),
        ("data-min-rating", options["min_rating"]),
        ("data-form", options["form"]),
        ("data-product", options["product"].strip()),
    )
    attrs.extend((name, str(value)) for name, value in optional if value)
    return attrs


def snippet(
    business: Business, options: dict[str, Any], reviews_url: str, script_url: str
) -> str:
    """The HTML to paste: the widget's element with a crawlable link, in the
    widget's language (else the business's), and the script."""
    pairs = attributes(business, options)
    attrs = "".join(f' {name}="{escape(value)}"' for name, value in pairs)
    with force_locale(options.get("locale") or business.default_locale):
        text = gettext("Read reviews of %(name)s", name=business.name)
    link = f'<a href="{escape(reviews_url)}">{escape(text)}</a>'
    return (
        f'<div{attrs}>{link}</div>\n<script async src="{escape(script_url)}"></script>'
    )
