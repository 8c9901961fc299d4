"""``vouch init``: the first run of an instance. It asks for (or takes flags for) the
public address, the database, the mail server and the first business and owner;
checks the database and sends a test e-mail before anything is done; migrates and
creates the business; and writes the instance file (``widget.config``) last, once all
of that worked."""

from __future__ import annotations

import os
import secrets
import smtplib
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

import click
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from widget import addresses, mail
from widget.accounts import create_user, join_business, user_by_email
from widget.businesses import LOCALES, create_business, find_business
from widget.config import INSTANCE_FILE, instance_line, instance_path, instance_settings
from widget.database import MIGRATIONS
from widget.errors import Conflict, NotFound, VouchError
from widget.extensions import db
from widget.models import Role

# How the mail server is spoken to, and its usual port.
SECURITY = {
    "starttls": ({"MAIL_USE_TLS": True, "MAIL_USE_SSL": False}, 587),
    "tls": ({"MAIL_USE_TLS": False, "MAIL_USE_SSL": True}, 465),
    "none": ({"MAIL_USE_TLS": False, "MAIL_USE_SSL": False}, 25),
}


@dataclass
class Asker:
    """Takes a flag's value, else asks at the prompt, else (``--no-input``) the
    default. An empty answer is no answer."""

    interactive: bool

    def __call__(
        self, given: Any, question: str, default: Any = None, hide: bool = False
    ) -> Any:
        if given is not None or not self.interactive:
            value = default if given is None else given
        else:
            value = click.prompt(
                question,
                default="" if default is None else default,
                show_default=default is not None and not hide,
                hide_input=hide,
                confirmation_prompt=hide,
            )
        return None if value == "" else value


@click.command("init")
@click.option(
    "--public-url", help="Where Vouch is reached, like https://reviews.example.com."
)
@click.option(
    "--database-url", help="postgresql://… (default: SQLite in the instance folder)."
)
@click.option("--redis-url", help="redis://… to share rate limits between servers.")
@click.option("--smtp-server", help="The mail server's host name (none: mail waits).")
@click.option("--smtp-port", type=click.IntRange(1, 65535), help="Default by security.")
@click.option(
    "--smtp-security", type=click.Choice(list(SECURITY)), help="Default starttls."
)
@click.option("--smtp-username")
@click.option(
    "--smtp-password", envvar="VOUCH_SMTP_PASSWORD", help="Or VOUCH_SMTP_PASSWORD."
)
@click.option(
    "--mail-from", help='The sender, like "Bakery reviews <reviews@example.com>".'
)
@click.option("--test-email", help="Where the test e-mail goes (default: the owner).")
@click.option("--business", "slug", help="The first business's slug, like bakery.")
@click.option("--business-name", help="Its name, as customers see it.")
@click.option("--business-url", help="Its website.")
@click.option("--locale", type=click.Choice(LOCALES), help="Its language (default en).")
@click.option("--owner-email", help="The owner's e-mail address (their sign-in).")
@click.option("--owner-password", envvar="VOUCH_PASSWORD", help="Or VOUCH_PASSWORD.")
@click.option("--no-input", is_flag=True, help="Ask nothing: flags and defaults only.")
@click.option("--force", is_flag=True, help="Write the instance file again.")
def init_command(**given: Any) -> None:
    """Set up this instance: write its settings file, migrate the database and
    create the first business and owner."""
    folder = instance_path()
    path = os.path.join(folder, INSTANCE_FILE)
    if os.path.exists(path) and not given["force"]:
        raise click.ClickException(
            f"{path} exists already: edit it, or run `vouch init --force` to write "
            "it again (its secret key is kept)."
        )
    ask = Asker(interactive=not given["no_input"])
    settings = _settings(given, ask, kept=_kept_secret(folder, path))
    first = _first_business(given, ask)
    app = _app(settings)
    with app.app_context():
        try:
            _check_database()
            _test_mail(settings, given["test_email"] or first.owner_email, ask)
            upgrade(directory=str(MIGRATIONS))
            click.echo("The database is ready (migrated to the newest schema).")
            if first.slug:
                _create_first(first)
        finally:
            db.session.remove()
            db.engine.dispose()
    _write(path, settings)
    click.echo(f"Wrote the settings to {path}.")
    public = settings["PUBLIC_URL"]
    click.echo(
        f"Done. Start Vouch with `vouch serve` (and `vouch worker` for e-mail and "
        f"webhooks), put it behind HTTPS, and sign in at {public}/admin/."
    )


def _kept_secret(folder: str, path: str) -> str | None:
    if not os.path.exists(path):
        return None
    try:
        return instance_settings(folder).get("SECRET_KEY")
    except RuntimeError:
        return None


def _settings(given: dict[str, Any], ask: Asker, kept: str | None) -> dict[str, Any]:
    public = ask(given["public_url"], "Public address (https://reviews.example.com)")
    settings: dict[str, Any] = {
        "SECRET_KEY": kept or secrets.token_hex(32),
        "PUBLIC_URL": _public_url(public),
    }
    if not settings["PUBLIC_URL"].startswith("https://"):
        # Secure-only cookies never come back over plain HTTP: sign-in would fail.
        settings |= {"SESSION_COOKIE_SECURE": False, "REMEMBER_COOKIE_SECURE": False}
    database = ask(given["database_url"], "Database URL (empty: SQLite)")
    if database:
        settings["SQLALCHEMY_DATABASE_URI"] = _database_url(database)
    redis = ask(given["redis_url"], "Redis URL (empty: none, one server)")
    if redis:
        if urlsplit(redis).scheme not in ("redis", "rediss", "unix"):
            raise click.ClickException(f"--redis-url must be redis://…, not {redis!r}.")
        settings["REDIS_URL"] = redis
    server = ask(given["smtp_server"], "Mail server (empty: none for now)")
    if server:
        settings |= _mail_settings(server, given, ask, settings["PUBLIC_URL"])
    return settings


def _public_url(value: str | None) -> str:
    if not value:
        raise click.ClickException("Give the public address: --public-url https://….")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.ClickException(
            f"--public-url must be an http:// or https:// address, not {value!r}."
        )
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise click.ClickException(
            f"--public-url is the site's own address, without a path: not {value!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


def _database_url(value: str) -> str:
    try:
        url = make_url(value)
    except ArgumentError:
        raise click.ClickException(f"--database-url is not a URL: {value!r}.") from None
    if url.get_backend_name() not in ("sqlite", "postgresql", "postgres"):
        raise click.ClickException(
            "--database-url must be a postgresql:// or sqlite:/// URL, "
            f"not {url.get_backend_name()!r}."
        )
    return value


def _mail_settings(
    server: str, given: dict[str, Any], ask: Asker, public: str
) -> dict[str, Any]:
    security = ask(given["smtp_security"], "Security (starttls, tls, none)", "starttls")
    if security not in SECURITY:
        raise click.ClickException(f"--smtp-security is one of {', '.join(SECURITY)}.")
    flags, usual_port = SECURITY[security]
    port = ask(given["smtp_port"], "Port", usual_port)
    try:
        port = int(port)
    except ValueError:
        message = f"The mail server's port is a number: {port!r}."
        raise click.ClickException(message) from None
    username = ask(given["smtp_username"], "User name (empty: none)")
    password = ask(given["smtp_password"], "Password", hide=True) if username else None
    host = urlsplit(public).hostname
    sender = ask(given["mail_from"], "Sender", f"Vouch <reviews@{host}>")
    if given["mail_from"]:
        try:
            addresses.normalised(parseaddr(sender)[1])
        except addresses.BadAddress:
            raise click.ClickException(
                f"--mail-from needs a valid address, like Vouch <reviews@{host}>."
            ) from None
    settings = {"MAIL_SERVER": server, "MAIL_PORT": port, "MAIL_DEFAULT_SENDER": sender}
    if username:
        settings |= {"MAIL_USERNAME": username, "MAIL_PASSWORD": password or ""}
    return settings | flags


@dataclass
class First:
    slug: str | None = None
    name: str | None = None
    website: str | None = None
    locale: str = "en"
    owner_email: str | None = None
    owner_password: str | None = None


def _first_business(given: dict[str, Any], ask: Asker) -> First:
    slug = ask(given["slug"], "First business: slug, like bakery (empty: later)")
    if not slug:
        return First()
    first = First(
        slug=slug,
        name=ask(given["business_name"], "Its name", slug.replace("-", " ").title()),
        website=ask(given["business_url"], "Its website (empty: none)"),
        locale=ask(given["locale"], "Its language (en, nl, de, fr)", "en"),
        owner_email=ask(given["owner_email"], "The owner's e-mail (empty: later)"),
    )
    if first.owner_email:
        first.owner_password = ask(given["owner_password"], "Their password", hide=True)
        if not first.owner_password:
            raise click.ClickException(
                "Give the owner a password: --owner-password or VOUCH_PASSWORD."
            )
    return first


def _app(settings: dict[str, Any]) -> Flask:
    from widget import create_app

    try:
        return create_app({**settings, "MAIL_WORKER": False})
    except RuntimeError as problem:
        raise click.ClickException(str(problem)) from None


def _check_database() -> None:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        raise click.ClickException(
            f"Cannot reach the database: {getattr(error, 'orig', error)}. "
            "Nothing was written."
        ) from None
    finally:
        db.session.rollback()


def _test_mail(settings: dict[str, Any], to_address: str | None, ask: Asker) -> None:
    if "MAIL_SERVER" not in settings:
        click.echo(
            "No mail server: invitations, confirmations and alerts wait in the outbox "
            "until VOUCH_MAIL_SERVER is set in the instance file."
        )
        return
    to_address = ask(to_address, "Send a test e-mail to")
    if not to_address:
        raise click.ClickException(
            "Name where the test e-mail goes: --test-email (or --owner-email)."
        )
    try:
        answer = mail.send_test(to_address)
    except (OSError, smtplib.SMTPException, addresses.BadAddress) as error:
        raise click.ClickException(
            f"The test e-mail to {to_address} could not be sent "
            f"({mail.explain(error)}). Nothing was written: check the mail settings "
            "and run `vouch init` again."
        ) from None
    click.echo(
        f"Sent a test e-mail to {to_address}; the mail server answered: {answer}"
    )


def _write(path: str, settings: dict[str, Any]) -> None:
    try:
        lines = [instance_line(key, value) for key, value in settings.items()]
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    os.makedirs(os.path.dirname(path), exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write("# Vouch settings: NAME=value, the names of the environment.\n")
        out.write("\n".join(lines) + "\n")


def _create_first(first: First) -> None:
    try:
        business = find_business(first.slug)
        click.echo(f"The business '{business.slug}' exists already.")
    except NotFound:
        try:
            business = create_business(
                first.slug,
                first.name,
                website_url=first.website,
                default_locale=first.locale,
            )
        except VouchError as error:
            raise click.ClickException(error.in_one_line()) from None
        click.echo(f"Created the business '{business.slug}' ({business.name}).")
    if not first.owner_email:
        return
    try:
        existing = user_by_email(first.owner_email)
        if existing is None:
            create_user(first.owner_email, first.owner_password, business, Role.OWNER)
        else:
            join_business(existing, business, Role.OWNER)
    except Conflict:
        pass  # a member already: written again with --force
    except VouchError as error:
        raise click.ClickException(error.in_one_line()) from None
    click.echo(f"{first.owner_email} is the owner of '{business.slug}'.")
