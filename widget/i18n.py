"""Languages: Flask-Babel with catalogs in ``widget/translations/`` (English is the
source text). The ``messages`` domain (``widget/``, ``embed/``: what reviewers and
visitors read) and the ``admin`` domain (the owner's panel) are in nl, de and fr.

The locale of a request is, in order: one a view chose (``use_locale``: the hosted
page's ``?lang=`` or its business's language, an e-mail's recipient), else the best
match of ``Accept-Language`` among the supported ones, else English. The widget sends
its own language as ``Accept-Language``, so API error messages come back in it.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

from babel import dates as babel_dates
from flask import Flask, g, has_request_context, request
from flask_babel import Babel, format_decimal, format_percent, get_locale
from flask_babel import lazy_gettext as _l

from widget.businesses import LOCALES
from widget.models import ReviewStatus

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
# The panel's languages; each user picks one (``User.locale``), else the browser's.
ADMIN_LOCALES = ("en", "nl", "de", "fr")
LANGUAGE_NAMES = {
    "en": "English",
    "nl": "Nederlands",
    "de": "Deutsch",
    "fr": "Français",
}

babel = Babel()

# How a review's status is named in a sentence ("This review is published"), in the
# reader's language.
STATUS_NAMES = {
    ReviewStatus.PENDING: _l("waiting"),
    ReviewStatus.PUBLISHED: _l("published"),
    ReviewStatus.REJECTED: _l("rejected"),
    ReviewStatus.SPAM: _l("marked as spam"),
}


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


# The time zone a business's language suggests, for users who chose none.
ZONE_OF_LOCALE = {
    "nl": "Europe/Amsterdam",
    "de": "Europe/Berlin",
    "fr": "Europe/Paris",
    "en": "Europe/London",
}


@cache
def time_zones() -> list[str]:
    """Every IANA time zone a user may choose, sorted."""
    return sorted(zone for zone in available_timezones() if "/" in zone)


def zone_for(user, business_locale: str | None) -> str:
    """``user``'s time zone: their choice, else the one of the business's language."""
    chosen = getattr(user, "timezone", None)
    if chosen in time_zones():
        return chosen
    return ZONE_OF_LOCALE.get(business_locale or "", "UTC")


def use_timezone(zone: str) -> None:
    """Show this request's times in ``zone``."""
    g.vouch_timezone = zone
    from flask_babel import refresh

    refresh()


def select_timezone() -> str:
    return (g.get("vouch_timezone") if has_request_context() else None) or "UTC"


def moment_in(moment: datetime, zone: str, locale: str) -> str:
    """A date and time in ``zone`` as ``locale`` writes it, naming the zone
    ("29 nov 2026 20:15 (Europe/Amsterdam)"), for e-mails."""
    local = moment.astimezone(ZoneInfo(zone))
    day = babel_dates.format_date(local, "medium", locale=locale)
    time = babel_dates.format_time(local, "short", locale=locale)
    return f"{day} {time} ({zone})"


def init_app(app: Flask) -> None:
    directory = app.config.get("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    # Two catalogs from the same folder, merged: the public texts and the panel's.
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = f"{directory};{directory}"
    app.config["BABEL_DOMAIN"] = "messages;admin"
    babel.init_app(
        app, locale_selector=select_locale, timezone_selector=select_timezone
    )

    @app.template_filter("in_zone")
    def in_zone(moment: datetime, zone: str) -> str:
        """A date and time in ``zone``, in the page's language, naming the zone."""
        return moment_in(moment, zone, str(get_locale() or "en"))

    @app.template_filter("one_decimal")
    def one_decimal(number: float) -> str:
        """A number with one decimal, written the way the page's language writes it."""
        return format_decimal(number, format="0.0")

    @app.template_filter("percentformat")
    def percentformat(share: float) -> str:
        """A share (0.4) as the page's language writes a percentage ("40 %")."""
        return format_percent(share)

    @app.context_processor
    def language():
        return {"page_language": str(get_locale() or "en")}
