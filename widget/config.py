"""Configuration defaults.

Load order (later wins):
1. ``Config`` below;
2. the instance file ``vouch.env`` in the instance folder (``instance/`` beside the
   code, or ``VOUCH_INSTANCE_PATH``): ``NAME=value`` lines with the same names as
   the environment (``make run`` writes one with a secret key and the public URL),
   so the server, every CLI command and the worker read one configuration without
   exporting anything; an app made with a ``test_config`` does not read it;
3. the conventional ``DATABASE_URL`` and ``REDIS_URL`` environment variables;
4. every ``VOUCH_*`` environment variable, without its prefix
   (``VOUCH_SECRET_KEY`` sets ``SECRET_KEY``; values are parsed as JSON when they
   can be, so ``VOUCH_SESSION_COOKIE_SECURE=false`` is a boolean);
5. the ``test_config`` mapping given to ``create_app``.

This module and ``create_app`` are the only places that read the environment.
"""

from __future__ import annotations

import json
import os
from typing import Any, ClassVar

from flask import Flask

DEFAULT_SECRET_KEY = "change-me"


class Config:
    SECRET_KEY = DEFAULT_SECRET_KEY
    # None: a SQLite file in the instance folder, chosen by create_app.
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {}
    # Seconds a SQLite writer waits for the lock before giving up with a 503.
    SQLITE_BUSY_TIMEOUT = 5.0
    # Seconds to wait for a PostgreSQL connection, and milliseconds to wait for a lock.
    DATABASE_CONNECT_TIMEOUT = 3
    DATABASE_LOCK_TIMEOUT_MS = 5000

    REDIS_URL: str | None = None

    # Whole request bodies; the submission endpoint has its own, smaller limit.
    MAX_CONTENT_LENGTH = 1024 * 1024
    MAX_SUBMISSION_BYTES = 16 * 1024

    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are
    # trusted. 0 trusts none: the client address is the socket's peer.
    PROXY_COUNT = 0

    # Rate limits (Flask-Limiter notation). Shared across workers when REDIS_URL is set.
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI: str | None = None
    RATELIMIT_HEADERS_ENABLED = True
    SUBMIT_RATE_LIMIT = "10 per minute;100 per day"
    # All submissions to one business, from everywhere.
    SUBMIT_BUSINESS_RATE_LIMIT = "60 per hour"
    LOGIN_RATE_LIMIT = "10 per minute"
    # Failed sign-ins per account (known or not, so the answer tells nothing), in
    # windows that make each further try wait longer.
    ACCOUNT_LOGIN_RATE_LIMIT = "5 per minute;10 per 10 minutes;20 per hour;40 per day"
    REPORT_RATE_LIMIT = "10 per hour"
    # Links to choose a new password: how long one works, and how many may be asked
    # for (per client, and per address, whoever asks).
    PASSWORD_RESET_MINUTES = 30
    PASSWORD_RESET_RATE_LIMIT = "5 per hour"
    # Spam defences (widget.spam): how long a form may stay open, how quickly people
    # can fill one in, and how much work the optional proof-of-work challenge asks.
    FORM_TOKEN_MAX_AGE = 24 * 3600
    # A submission's Idempotency-Key is remembered this long; a retry after that
    # counts as a new submission.
    IDEMPOTENCY_KEY_HOURS = 48
    # Sent (or given-up) e-mails are kept this long, for the panel, then deleted.
    OUTBOX_KEEP_DAYS = 30
    MIN_FILL_SECONDS = 3.0
    # Seconds in which the panel can undo a publish, reject or spam of a pending
    # review; the statement of reasons to its author waits that long before it goes.
    UNDO_SECONDS = 10
    POW_MAX_NUMBER = 50_000
    # Where Vouch is reached from outside (https://reviews.example.com); every link in
    # e-mails and QR codes starts with it, never with a request's Host header.
    # Required outside debug and testing. Unless TRUSTED_HOSTS is set, only its host
    # (and the loopback names, for local health checks) may be asked for.
    PUBLIC_URL: str | None = None
    TRUSTED_HOSTS: list[str] | None = None
    # E-mail over SMTP (smtplib). Sending happens outside requests (widget.mail).
    # None: no mail server is set up; e-mail waits in the outbox and the panel says so.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "Vouch <reviews@localhost>"
    MAIL_TIMEOUT = 10
    # A background thread per process delivers the outbox; off, `flask send-mail` does.
    MAIL_WORKER = True
    MAIL_POLL_SECONDS = 5.0
    MAIL_MAX_ATTEMPTS = 8
    # Invitation links stay valid this long; one reminder after REMINDER_DAYS.
    INVITATION_MAX_AGE_DAYS = 30
    # An address invited this recently is not invited again unless asked to.
    INVITATION_REPEAT_DAYS = 30
    INVITATION_REMINDER_DAYS = 7
    INVITATION_CSV_MAX_ROWS = 5000
    CONFIRMATION_MAX_AGE_DAYS = 30
    # Imports from other platforms: reviews per file, and per step of the progress bar.
    IMPORT_MAX_ROWS = 20000
    IMPORT_MAX_BYTES = 20 * 1024 * 1024
    IMPORT_STEP_ROWS = 200
    # Webhooks (widget.webhooks): loopback and private targets only when allowed.
    WEBHOOK_ALLOW_PRIVATE = False
    WEBHOOK_TIMEOUT = 10
    WEBHOOK_MAX_ATTEMPTS = 8

    # One JSON line per request on standard error (widget.operations).
    REQUEST_LOG = True

    # Public endpoint caching.
    WIDGET_MAX_AGE = 60
    WIDGET_STALE_WHILE_REVALIDATE = 600
    # Finished widget answers each process keeps in memory (0 keeps none), and how long
    # one is given again without asking the database whether the business changed.
    WIDGET_CACHE_ENTRIES = 1024
    WIDGET_RECHECK_SECONDS = 1.0
    EMBED_SCRIPT_MAX_AGE = 300

    # Key for the salted hash of submitter IP addresses; defaults to SECRET_KEY.
    IP_HASH_KEY: str | None = None

    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None

    # Password used by the `demo` command for the demo owner.
    DEMO_OWNER_EMAIL = "owner@demo.example"
    DEMO_OWNER_PASSWORD = "vouch-demo"


INSTANCE_FILE = "vouch.env"


def instance_folder() -> str | None:
    """The instance folder chosen by ``VOUCH_INSTANCE_PATH``, or None (Flask's)."""
    return os.environ.get("VOUCH_INSTANCE_PATH") or None


def instance_path() -> str:
    """Where the instance file is: ``VOUCH_INSTANCE_PATH``, else Flask's instance
    folder for the code (``instance/`` beside a checkout, ``<venv>/var/widget-instance``
    for an installed package)."""
    return instance_folder() or Flask("widget").instance_path


def instance_settings(folder: str) -> dict[str, Any]:
    """The settings in ``folder``'s ``vouch.env`` (none when there is no file).

    Names are those of the environment: ``VOUCH_*`` without the prefix, and
    ``DATABASE_URL`` / ``REDIS_URL``; values are parsed as JSON when they can be.
    A line that is not ``NAME=value`` stops the start, naming the line.
    """
    path = os.path.join(folder, INSTANCE_FILE)
    if not os.path.exists(path):
        return {}
    found: dict[str, Any] = {}
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, sign, value = line.partition("=")
            name, value = name.strip(), value.strip()
            if not sign or not name.replace("_", "").isalnum():
                raise RuntimeError(f"{path}, line {number}: write NAME=value.")
            key = _CONVENTIONAL.get(name) or name.removeprefix("VOUCH_")
            found[key] = _parsed(value)
    return found


def instance_line(key: str, value: Any) -> str:
    """The instance file's line for the setting ``key``: text in quotes (kept as
    it is), numbers and yes/no as they are."""
    name = next((n for n, k in _CONVENTIONAL.items() if k == key), f"VOUCH_{key}")
    if isinstance(value, bool):
        return f"{name}={'true' if value else 'false'}"
    if isinstance(value, int | float):
        return f"{name}={value}"
    quote = "'" if '"' in value else '"'
    if quote in value or "\n" in value:
        raise ValueError(f"{name} cannot hold both kinds of quotes or a line break.")
    return f"{name}={quote}{value}{quote}"


_CONVENTIONAL = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI", "REDIS_URL": "REDIS_URL"}


def _parsed(value: str) -> Any:
    """A quoted value is text, whatever it looks like; others are JSON when they
    can be (``true``, ``25``), else text."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    try:
        return json.loads(value)
    except ValueError:
        return value


def conventional_environment() -> dict[str, str]:
    """Return the settings taken from unprefixed, conventional variables."""
    found = {}
    if os.environ.get("DATABASE_URL"):
        found["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("REDIS_URL"):
        found["REDIS_URL"] = os.environ["REDIS_URL"]
    return found


def mistyped(config: dict[str, Any]) -> list[str]:
    """What is wrong with settings whose default is a number or a yes/no but whose
    value is not (an environment value that is not JSON arrives as text)."""
    problems = []
    for name in sorted(vars(Config)):
        default, value = getattr(Config, name), config.get(name)
        if not name.isupper() or value is None:
            continue
        if isinstance(default, bool) and not isinstance(value, bool):
            problems.append(f"VOUCH_{name} must be true or false, not {value!r}.")
        elif (
            isinstance(default, int | float)
            and not isinstance(default, bool)
            and (isinstance(value, bool) or not isinstance(value, int | float))
        ):
            problems.append(f"VOUCH_{name} must be a number, not {value!r}.")
    return problems
