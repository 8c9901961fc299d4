"""The embed builder: choose layout, theme, colour and language, see the real widget,
copy the code."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from admin.embed_code import attributes, options_schema, snippet
from admin.feedback import business_for
from widget.access import Permission
from widget.businesses import LOCALES
from widget.layouts import LAYOUTS, THEMES
from widget.models import Business

# How the builder names what the embed script offers (widget.layouts).
LAYOUT_LABELS = {
    "badge": _l("Badge: stars and count"),
    "micro": _l("Micro: one line"),
    "list": _l("List of reviews"),
    "carousel": _l("Carousel"),
    "grid": _l("Grid"),
    "histogram": _l("Histogram: the spread of stars"),
    "form": _l("Review form"),
    "floating": _l("Floating button"),
}
# What each layout is for, shown under the choice.
LAYOUT_HINTS = {
    "badge": _l(
        "A small badge with your stars and count: near your header or checkout."
    ),
    "micro": _l("One line of stars and count: in a footer or beside a price."),
    "list": _l("Your reviews as a list, with the form to write one."),
    "carousel": _l("Reviews sliding by, as many as fit: on a home page."),
    "grid": _l("Reviews as cards in a grid: on a page of their own."),
    "histogram": _l("The spread of stars, bar by bar; visitors filter by stars."),
    "form": _l("Only the form to write a review: on a thank-you page."),
    "floating": _l(
        "A badge floating in the bottom-right corner of every page; it opens your "
        "reviews. The preview shows it in that corner of this page."
    ),
}
THEME_LABELS = {
    "light": _l("Light"),
    "dark": _l("Dark"),
    "auto": _l("Follow the visitor's setting"),
}


@login_required
def embed_builder(slug: str):
    business = business_for(slug, Permission.VIEW)
    options, errors = options_schema.load_form(request.args)
    html = render_template(
        "admin/embed.html",
        business=business,
        options=options,
        errors=errors,
        layouts={value: LAYOUT_LABELS[value] for value in LAYOUTS},
        hints=LAYOUT_HINTS,
        themes={value: THEME_LABELS[value] for value in THEMES},
        locales=LOCALES,
        attributes=attributes(business, options),
        snippet=_snippet(business, options),
    )
    return html, 422 if errors else 200


@login_required
def embed_snippet(slug: str):
    """The builder's live update: the snippet and attributes for the chosen options."""
    business = business_for(slug, Permission.VIEW)
    options, errors = options_schema.load_form(request.args)
    body = {
        "snippet": _snippet(business, options),
        "attributes": attributes(business, options),
        "errors": errors,
    }
    return jsonify(body), 422 if errors else 200


def _snippet(business: Business, options) -> str:
    return snippet(
        business,
        options,
        url_for("hosted.reviews", slug=business.slug, _external=True),
        url_for("embed.script", _external=True),
    )


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/b/<slug>/embed", view_func=embed_builder)
    bp.add_url_rule("/b/<slug>/embed/snippet", view_func=embed_snippet)
