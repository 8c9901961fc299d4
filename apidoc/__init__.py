"""The API's own documentation: the OpenAPI document and its readable page."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from apidoc.openapi import bp

    app.register_blueprint(bp)
