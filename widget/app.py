"""The application factory."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response
from marshmallow import ValidationError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from widget import headers, i18n, operations, worker
from widget.config import (
    DEFAULT_SECRET_KEY,
    Config,
    conventional_environment,
    instance_folder,
    instance_settings,
    mistyped,
)
from widget.database import (
    MIGRATIONS,
    configure_engine,
    end_session,
    engine_options,
)
from widget.errors import TooManyRequests, VouchError
from widget.extensions import csrf, db, limiter, login_manager, migrate
from widget.http import error_response
from widget.schemas import platform_label
from widget.sessions import PageSessions

# Host names a request may always use: local health checks and tools on the server.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create and configure a Vouch app (``widget.config`` gives the load order)."""
    app = Flask(
        "widget", instance_relative_config=True, instance_path=instance_folder()
    )
    app.session_interface = PageSessions()
    app.config.from_object(Config)
    if test_config is None:
        app.config.update(instance_settings(app.instance_path))
    app.config.update(conventional_environment())
    app.config.from_prefixed_env("VOUCH")
    if test_config:
        app.config.update(test_config)
    _finish_config(app)

    register_extensions(app)
    operations.init_app(app)
    register_blueprints(app)
    register_errors(app)
    register_commands(app)
    register_middleware(app)
    return app


def register_middleware(app: Flask) -> None:
    """Outermost, the proxy headers, so that everything inside (the widget's fast
    path too) sees the client's host and address."""
    config = app.config
    if config["PROXY_COUNT"]:
        count = int(config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def _finish_config(app: Flask) -> None:
    """Fill in settings derived from others, and refuse unsafe production settings."""
    config = app.config
    problems = mistyped(config)
    if problems:
        raise RuntimeError(" ".join(problems))
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
    missing = _missing_settings(config)
    if missing:
        raise RuntimeError(" ".join(missing))


def _missing_settings(config) -> list[str]:
    """What must be set before Vouch serves anyone, each said in a sentence; the
    hosts a request may name are derived from the public address here."""
    missing = []
    if not config["TESTING"] and config["SECRET_KEY"] in (None, "", DEFAULT_SECRET_KEY):
        missing.append(
            "Set VOUCH_SECRET_KEY to a long random value before starting Vouch "
            "(for example: python -c 'import secrets; print(secrets.token_hex(32))')."
        )
    public = config["PUBLIC_URL"]
    if public:
        parts = urlsplit(public)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            missing.append(
                "VOUCH_PUBLIC_URL must be an http:// or https:// address, "
                f"not {public!r}."
            )
        elif config["TRUSTED_HOSTS"] is None:
            config["TRUSTED_HOSTS"] = [parts.hostname, *LOOPBACK_NAMES]
    elif not (config["TESTING"] or config["DEBUG"]):
        missing.append(
            "Set VOUCH_PUBLIC_URL to the address Vouch is reached at (for example "
            "https://reviews.example.com): links in e-mails start with it."
        )
    return missing


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    # Runs before Flask-SQLAlchemy's own teardown (they run in reverse order).
    app.teardown_appcontext(end_session)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    # Registered before the limiter's own hook, so it runs after it.
    app.after_request(_retry_after_only_when_refused)
    limiter.init_app(app)
    _check_limits_in_views_only(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    i18n.init_app(app)
    worker.init_app(app)
    headers.init_app(app)
    app.jinja_env.globals["platform_label"] = platform_label


def _retry_after_only_when_refused(response: Response) -> Response:
    """Flask-Limiter puts ``Retry-After`` on every answer of a limited view, next to
    what is left of the limit. It means "try again later": it stays on a refusal
    (``429``, ``503``) and is taken off everything else, an accepted review included."""
    if response.status_code not in (429, 503):
        response.headers.pop("Retry-After", None)
    return response


def _check_limits_in_views_only(app: Flask) -> None:
    """Every rate limit in Vouch is declared on its view, and Flask-Limiter checks
    those in the view's wrapper. Its app-wide ``before_request`` hook looks only for
    default and application-wide limits, of which there are none, yet costs every
    request (about a third of a cached widget response), so it is taken out."""
    with app.app_context():
        manager = limiter.limit_manager
        app_wide = manager.default_limits + manager.application_limits
    if app_wide:
        raise RuntimeError("App-wide rate limits need Flask-Limiter's request hook.")
    app.before_request_funcs[None].remove(limiter._check_request_limit)


def register_blueprints(app: Flask) -> None:
    """The surfaces add themselves: blueprints, error page, middleware. The only
    place the core imports them."""
    import admin
    import apidoc
    import embed

    for surface in (embed, apidoc, admin):
        surface.init_app(app)


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
        if isinstance(error, TooManyRequests):
            response.headers["Retry-After"] = str(error.retry_after)
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
        end_session()
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
