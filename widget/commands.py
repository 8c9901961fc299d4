"""Command-line interface: ``flask --app wsgi <command>``."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from widget import demo
from widget.accounts import create_user
from widget.api_keys import issue_api_key
from widget.businesses import create_business, find_business
from widget.errors import VouchError
from widget.models import Role


def _fail(error: VouchError) -> click.ClickException:
    details = "; ".join(
        f"{field}: {' '.join(messages)}"
        for field, messages in (error.errors or {}).items()
    )
    return click.ClickException(f"{error.message} {details}".strip())


@click.command("create-business")
@click.argument("slug")
@click.argument("name")
@click.option("--url", "website_url", help="The business's website.")
@click.option("--locale", default="en", show_default=True, help="Default language.")
@with_appcontext
def create_business_command(
    slug: str, name: str, website_url: str | None, locale: str
) -> None:
    """Create a business with the URL-safe SLUG and display NAME."""
    try:
        business = create_business(
            slug, name, website_url=website_url, default_locale=locale
        )
    except VouchError as error:
        raise _fail(error) from None
    click.echo(f"Created business '{business.slug}' ({business.name}).")


@click.command("create-user")
@click.argument("email")
@click.option("--business", "slug", required=True, help="Slug of the business to join.")
@click.option(
    "--role",
    type=click.Choice([role.value for role in Role]),
    default=Role.OWNER.value,
    show_default=True,
)
@click.password_option(
    envvar="VOUCH_PASSWORD", help="Asked for unless VOUCH_PASSWORD is set."
)
@with_appcontext
def create_user_command(email: str, slug: str, role: str, password: str) -> None:
    """Create a user with EMAIL as owner or moderator of a business."""
    try:
        business = find_business(slug)
        user = create_user(email, password, business, Role(role))
    except VouchError as error:
        raise _fail(error) from None
    click.echo(f"Created {role} {user.email} for '{business.slug}'.")


@click.command("create-api-key")
@click.argument("slug")
@click.option("--label", help="A note to recognise the key by.")
@with_appcontext
def create_api_key_command(slug: str, label: str | None) -> None:
    """Create an owner API key for SLUG and print it (it is shown only this once)."""
    try:
        business = find_business(slug)
    except VouchError as error:
        raise _fail(error) from None
    _, plaintext = issue_api_key(business, label)
    click.echo(plaintext)
    click.echo(
        f"This key gives full owner access to '{business.slug}'. "
        "It is shown only once.",
        err=True,
    )


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the demo business (slug 'demo') with sample reviews and an owner, once."""
    created = demo.load_demo()
    config = current_app.config
    state = "Loaded" if created else "Already loaded:"
    click.echo(f"{state} the demo business 'demo'.")
    click.echo(f"  Owner e-mail:    {config['DEMO_OWNER_EMAIL']}")
    click.echo(f"  Owner password:  {config['DEMO_OWNER_PASSWORD']}")


commands = [
    create_business_command,
    create_user_command,
    create_api_key_command,
    demo_command,
]
