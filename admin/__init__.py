"""The owner surface: the HTML admin panel and the owner JSON API."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Add the owner surface to ``app``: the owner API, the panel, and sign-in."""
    from admin.api import bp as owner_api
    from admin.auth import init_login
    from admin.panel import bp as panel
    from widget.extensions import csrf

    csrf.exempt(owner_api)
    init_login()
    app.register_blueprint(owner_api)
    app.register_blueprint(panel)
