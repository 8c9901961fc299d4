"""The application factory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from marshmallow import ValidationError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from widget.config import DEFAULT_SECRET_KEY, Config, conventional_environment
from widget.database import configure_engine, engine_options
from widget.errors import VouchError
from widget.extensions import csrf, db, limiter, login_manager, migrate
from widget.http import error_response

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create and configure a Vouch app (``widget.config`` gives the load order)."""
    app = Flask("widget", instance_relative_config=True)
    app.config.from_object(Config)
    app.config.update(conventional_environment())
    app.config.from_prefixed_env("VOUCH")
    if test_config:
        app.config.update(test_config)
    _finish_config(app)

    if app.config["PROXY_COUNT"]:
        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    register_extensions(app)
    register_blueprints(app)
    register_errors(app)
    register_commands(app)
    return app


def _finish_config(app: Flask) -> None:
    """Fill in settings derived from others, and refuse unsafe production settings."""
    config = app.config
    if not config["SQLALCHEMY_DATABASE_URI"]:
        os.makedirs(app.instance_path, exist_ok=True)
        config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
            app.instance_path, "vouch.sqlite"
        )
    url = config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith(("postgres://", "postgresql://")):
        # The conventional URL names no driver; Vouch uses psycopg 3.
        config["SQLALCHEMY_DATABASE_URI"] = (
            "postgresql+psycopg://" + url.split("://", 1)[1]
        )
    config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app)
    if not config.get("RATELIMIT_STORAGE_URI"):
        config["RATELIMIT_STORAGE_URI"] = config["REDIS_URL"] or "memory://"
    if not config["TESTING"] and config["SECRET_KEY"] in (None, "", DEFAULT_SECRET_KEY):
        raise RuntimeError(
            "Set VOUCH_SECRET_KEY to a long random value before starting Vouch "
            "(for example: python -c 'import secrets; print(secrets.token_hex(32))')."
        )


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    limiter.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)


def register_blueprints(app: Flask) -> None:
    from admin.api import bp as owner_api
    from admin.views import bp as admin
    from embed.api import bp as public_api
    from embed.views import bp as embed

    csrf.exempt(public_api)
    csrf.exempt(owner_api)
    app.register_blueprint(embed)
    app.register_blueprint(public_api)
    app.register_blueprint(owner_api)
    app.register_blueprint(admin)


def register_errors(app: Flask) -> None:
    """Map every error to a clean response: no stack traces, no 500 for bad input."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = (error.name or "error").lower().replace(" ", "_").replace("'", "")
        body, status = error_response(error.code or 500, code, error.description or "")
        response = app.make_response((body, status))
        if error.code == 405 and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(VouchError)
    def domain_error(error: VouchError):
        body, status = error_response(
            error.status, error.code, error.message, error.errors
        )
        response = app.make_response((body, status))
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="vouch"'
        return response

    @app.errorhandler(ValidationError)
    def schema_error(error: ValidationError):
        return error_response(
            422,
            "validation_failed",
            "Some fields are not valid.",
            error.normalized_messages(),
        )

    @app.errorhandler(DBAPIError)
    @app.errorhandler(PoolTimeout)
    def database_error(error: SQLAlchemyError):
        db.session.rollback()
        if isinstance(error, DBAPIError) and not _is_availability_error(error):
            app.logger.exception("Database error")
            return error_response(
                500, "internal_error", "Something went wrong on our side."
            )
        app.logger.error("Database unavailable: %s", error.__class__.__name__)
        body, status = error_response(
            503,
            "service_unavailable",
            "The service is briefly unavailable. Please retry.",
        )
        response = app.make_response((body, status))
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unhandled error")
        return error_response(
            500, "internal_error", "Something went wrong on our side."
        )


def _is_availability_error(error: DBAPIError) -> bool:
    """True for errors that mean "the database is down or busy", not "bad statement"."""
    return error.connection_invalidated or isinstance(
        error, (OperationalError, InterfaceError)
    )


def register_commands(app: Flask) -> None:
    from widget.commands import commands

    for command in commands:
        app.cli.add_command(command)
