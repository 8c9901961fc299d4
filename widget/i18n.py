"""Languages: Flask-Babel with catalogs in ``widget/translations/`` (English is the
source text). The ``messages`` domain (``widget/``, ``embed/``: what reviewers and
visitors read) is in nl, de and fr; the ``admin`` domain (the owner's panel) is in nl.

The locale of a request is, in order: one a view chose (``use_locale``: the hosted
page's ``?lang=`` or its business's language, an e-mail's recipient), else the best
match of ``Accept-Language`` among the supported ones, else English. The widget sends
its own language as ``Accept-Language``, so API error messages come back in it.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, g, has_request_context, request
from flask_babel import Babel, format_decimal, get_locale

from widget.businesses import LOCALES

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
# The panel's languages; each user picks one (``User.locale``), else the browser's.
ADMIN_LOCALES = ("en", "nl")
LANGUAGE_NAMES = {
    "en": "English",
    "nl": "Nederlands",
    "de": "Deutsch",
    "fr": "Français",
}

babel = Babel()


def supported(tag: str | None) -> str | None:
    """The supported language for a tag such as ``nl-BE``, or None."""
    language = (tag or "").split("-")[0].lower()
    return language if language in LOCALES else None


def use_locale(tag: str | None) -> str:
    """Make ``tag`` (or English) this request's language; return the language."""
    language = supported(tag) or "en"
    g.vouch_locale = language
    from flask_babel import refresh

    refresh()
    return language


def select_locale() -> str:
    if not has_request_context():
        return "en"
    chosen = g.get("vouch_locale")
    if chosen:
        return chosen
    return request.accept_languages.best_match(LOCALES) or "en"


def panel_locale(user) -> str:
    """The panel's language for ``user`` (their choice, else the browser's)."""
    chosen = getattr(user, "locale", None)
    if chosen in ADMIN_LOCALES:
        return chosen
    if has_request_context():
        return request.accept_languages.best_match(ADMIN_LOCALES) or "en"
    return "en"


def init_app(app: Flask) -> None:
    directory = app.config.get("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    # Two catalogs from the same folder, merged: the public texts and the panel's.
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = f"{directory};{directory}"
    app.config["BABEL_DOMAIN"] = "messages;admin"
    babel.init_app(app, locale_selector=select_locale)

    @app.template_filter("one_decimal")
    def one_decimal(number: float) -> str:
        """A number with one decimal, written the way the page's language writes it."""
        return format_decimal(number, format="0.0")

    @app.context_processor
    def language():
        return {"page_language": str(get_locale() or "en")}
