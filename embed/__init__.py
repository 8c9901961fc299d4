"""The public surface: embed.js, the public JSON API, public pages, health checks."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Add the public surface to ``app``: its blueprints, the site's error page and
    the widget's fast path in front of Flask."""
    from embed.api import bp as public_api
    from embed.errors import error_page
    from embed.fast_path import WidgetFastPath
    from embed.health import bp as health
    from embed.hosted import bp as hosted
    from embed.views import bp as embed
    from widget.extensions import csrf
    from widget.http import ERROR_PAGE

    csrf.exempt(public_api)
    # Public forms: nobody is signed in, and each form carries its own one-time token.
    csrf.exempt(hosted)
    for blueprint in (embed, hosted, public_api, health):
        app.register_blueprint(blueprint)
    app.extensions[ERROR_PAGE] = error_page
    config = app.config
    app.wsgi_app = WidgetFastPath(
        app.wsgi_app,
        seconds=float(config["WIDGET_RECHECK_SECONDS"]),
        capacity=int(config["WIDGET_CACHE_ENTRIES"]),
        log=bool(config["REQUEST_LOG"]),
        mint=lambda business_id: _form_token(app, business_id),
    )


def _form_token(app: Flask, business_id: int) -> str:
    """A review form's token for the fast path (outside any request)."""
    from widget import spam

    with app.app_context():
        return spam.form_token(business_id)
