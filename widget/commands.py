"""Command-line interface: ``vouch <command>``, or ``flask --app wsgi <command>`` in
a checkout (``widget.cli``)."""

from __future__ import annotations

import logging
import os
import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from marshmallow import ValidationError

from widget import (
    api_keys,
    backup,
    demo,
    imports,
    invitations,
    mail,
    reviews,
    worker,
)
from widget.accounts import create_user, join_business, user_by_email
from widget.actors import Actor
from widget.businesses import create_business, find_business
from widget.errors import NotFound, VouchError
from widget.installing import init_command
from widget.models import ImportState, KeyScope, Role


def _business(slug: str):
    """The business named ``slug``, or the command stops saying so."""
    try:
        return find_business(slug)
    except NotFound:
        raise click.ClickException(f"No business with the slug '{slug}'.") from None


def _fail(error: VouchError) -> click.ClickException:
    return click.ClickException(error.in_one_line())


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
@click.option(
    "--password",
    envvar="VOUCH_PASSWORD",
    help="For a new account; asked for unless VOUCH_PASSWORD is set.",
)
@with_appcontext
def create_user_command(email: str, slug: str, role: str, password) -> None:
    """Give EMAIL the role of owner or moderator of a business: a new account, or
    an existing one joining another business."""
    business = _business(slug)
    existing = user_by_email(email)
    try:
        if existing is not None:
            join_business(existing, business, Role(role))
            click.echo(f"{existing.email} is now {role} of '{business.slug}'.")
            return
        if password is None:
            password = click.prompt(
                "Password", hide_input=True, confirmation_prompt=True
            )
        user = create_user(email, password, business, Role(role))
    except VouchError as error:
        raise _fail(error) from None
    click.echo(f"Created {role} {user.email} for '{business.slug}'.")


@click.command("create-api-key")
@click.argument("slug")
@click.option("--label", help="A note to recognise the key by.")
@click.option(
    "--scope",
    type=click.Choice([scope.value for scope in KeyScope]),
    default=KeyScope.MANAGE.value,
    show_default=True,
    help="read: list reviews; moderate: also publish, reject, reply; manage: also "
    "export and webhooks.",
)
@click.option(
    "--expires-days",
    type=click.IntRange(1, api_keys.MAX_DAYS),
    help="Stop working after this many days (default: until revoked).",
)
@with_appcontext
def create_api_key_command(slug, label, scope, expires_days) -> None:
    """Create an owner API key for SLUG and print it (it is shown only this once)."""
    business = _business(slug)
    try:
        key, plaintext = api_keys.issue_api_key(
            business, label, scope=KeyScope(scope), days=expires_days
        )
    except VouchError as error:
        raise _fail(error) from None
    click.echo(plaintext)
    until = key.expires_at.date().isoformat() if key.expires_at else "until revoked"
    click.echo(
        f"Key #{key.id} ({key.scope.value}) for '{business.slug}', {until}. "
        "It is shown only once.",
        err=True,
    )


@click.command("list-api-keys")
@click.argument("slug")
@with_appcontext
def list_api_keys_command(slug) -> None:
    """List SLUG's API keys: id, scope, label, created, last used, expiry, state
    (never the keys themselves: only their hashes are kept)."""
    keys = api_keys.keys_of(_business(slug))
    for key in keys:
        state = "revoked" if key.revoked_at else "active"
        click.echo(
            f"#{key.id}\t{key.scope.value}\t{key.label or '-'}\t"
            f"created {_day(key.created_at)}\tlast used {_day(key.last_used_at)}\t"
            f"expires {_day(key.expires_at)}\t{state}"
        )
    if not keys:
        click.echo("No API keys.")


@click.command("revoke-api-key")
@click.argument("slug")
@click.argument("key_id", type=int)
@with_appcontext
def revoke_api_key_command(slug, key_id) -> None:
    """Stop API key KEY_ID of SLUG working (its id from list-api-keys)."""
    business = _business(slug)
    try:
        key = api_keys.revoke(business, key_id)
    except VouchError as error:
        raise _fail(error) from None
    click.echo(f"Key #{key.id} is revoked.")


def _day(moment) -> str:
    return moment.date().isoformat() if moment else "never"


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


@click.command("invite")
@click.argument("slug")
@click.option(
    "--csv",
    "csv_file",
    type=click.File("r", encoding="utf-8-sig"),
    help="Customers: a header row, then name,email"
    "[,order_reference,order_date,language].",
)
@click.option("--name", help="One customer's name (with --email).")
@click.option("--email", help="One customer's e-mail address (with --name).")
@click.option(
    "--order", "order_reference", help="The order reference, for one customer."
)
@click.option(
    "--again",
    is_flag=True,
    help="Also invite addresses invited in the last INVITATION_REPEAT_DAYS days.",
)
@with_appcontext
def invite_command(slug, csv_file, name, email, order_reference, again) -> None:
    """Invite customers of SLUG to write a review: a CSV file, or --name and --email.

    Bad rows are reported by line and the others are still invited; the exit status
    is 1 when any row was bad. The e-mails are queued and sent by `send-mail` or a
    running server; links use VOUCH_PUBLIC_URL.
    """
    try:
        business = _business(slug)
        if csv_file is not None:
            if name or email:
                raise click.UsageError("Give either --csv or --name and --email.")
            rows, problems = invitations.read_csv(csv_file.read())
        elif name and email:
            rows = [
                invitations.load_invitee(
                    {"name": name, "email": email, "order_reference": order_reference}
                )
            ]
            problems = []
        else:
            raise click.UsageError("Give --csv FILE, or --name and --email.")
        batch = invitations.invite(business, rows, problems, again=again)
    except VouchError as error:
        raise _fail(error) from None
    except ValidationError as error:
        raise click.ClickException(
            "; ".join(f"{k}: {' '.join(v)}" for k, v in error.messages.items())
        ) from None
    click.echo(f"Invited {len(batch.invited)} customer(s) of {business.name}.")
    for address in batch.opted_out:
        click.echo(f"Skipped {address}: asked for no more invitations.")
    for address, when in batch.already:
        click.echo(f"{address} was invited on {when:%d %b %Y}.")
    if batch.already:
        repeat = {address.lower() for address, _ in batch.already}
        asked = sys.stdin.isatty() and click.confirm("Send again?", default=False)
        if asked:
            again_rows = [row for row in rows if row["email"].lower() in repeat]
            sent = invitations.invite(business, again_rows, again=True)
            click.echo(f"Invited {len(sent.invited)} again.")
        else:
            click.echo(f"Not invited again: {len(repeat)} (add --again to do so).")
    for line, problem in batch.problems:
        click.echo(f"Line {line}: {problem}", err=True)
    if batch.problems:
        raise click.exceptions.Exit(1)


@click.command("import-reviews")
@click.argument("slug")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--format",
    "kind",
    type=click.Choice(list(imports.FORMATS)),
    required=True,
    help="google (Business Profile JSON), trustpilot (CSV), or vouch (our columns).",
)
@click.option("--platform", help="The platform's name, for --format vouch (like yelp).")
@with_appcontext
def import_reviews_command(slug, file, kind, platform) -> None:
    """Import reviews of SLUG exported from another platform (see the README).

    Bad rows are reported and left out, the others imported; a review imported before
    is skipped. Whether imported reviews are shown and counted is the business's
    setting. The exit status is 1 when any row was bad.
    """
    cli = Actor.named("cli")
    try:
        business = _business(slug)
        batch = imports.check_file(
            business,
            kind,
            file.read(),
            filename=file.name,
            platform=platform,
            actor=cli,
        )
        for problem in batch.problems:
            click.echo(f"{problem['row']}: {problem['problem']}", err=True)
        with click.progressbar(length=batch.total, label="Importing") as bar:
            while batch.state is not ImportState.DONE:
                before = batch.done
                batch = reviews.import_step(
                    business, batch.id, actor=Actor.named("cli")
                )
                bar.update(batch.done - before)
    except VouchError as error:
        raise _fail(error) from None
    click.echo(
        f"Imported {batch.imported} review(s) of {business.name}; "
        f"{batch.skipped} imported before; {len(batch.problems)} row(s) left out."
    )
    if batch.problems:
        raise click.exceptions.Exit(1)


@click.command("send-mail")
@with_appcontext
def send_mail_command() -> None:
    """Run the background round once, now: queue due reminders and digests, send the
    due e-mails and webhook events, forget expired one-time tokens and idempotency
    keys, and erase personal data past its retention period."""
    done = worker.run_round(hourly=True)
    delivered, failed = done.results.get("mail", (0, 0))
    waiting = mail.waiting()
    click.echo(
        f"Queued {done.results.get('reminders', 0)} reminder(s); "
        f"delivered {delivered} e-mail(s), {failed} failed, {waiting} waiting."
    )
    if not mail.configured() and waiting:
        click.echo(
            f"No mail server is set up (VOUCH_MAIL_SERVER): {waiting} e-mail(s) wait "
            "in the outbox.",
            err=True,
        )
    posted, missed = done.results.get("webhooks", (0, 0))
    if posted or missed:
        click.echo(f"Delivered {posted} webhook event(s), {missed} failed.")
    if done.failed:
        click.echo("Failed: " + ", ".join(done.failed) + " (see the log).", err=True)
    if failed or missed or done.failed or (waiting and not mail.configured()):
        raise click.exceptions.Exit(1)


@click.command("worker")
@with_appcontext
def worker_command() -> None:
    """Run the background work until stopped: e-mail, webhooks, reminders, digests
    and the purges, a round every MAIL_POLL_SECONDS. For a worker service of its own
    (deploy/vouch-worker.service); the web servers then run with
    VOUCH_MAIL_WORKER=false."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    worker.run_forever(current_app._get_current_object())


@click.command("purge-personal-data")
@with_appcontext
def purge_command() -> None:
    """Erase reviewers' e-mail addresses and IP hashes past each business's retention
    period (a running server does this too)."""
    changed = reviews.purge_expired()
    click.echo(f"Erased the e-mail address and IP hash of {changed} review(s).")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(path: str) -> None:
    """Write the whole instance (every table) to PATH as JSON."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise click.ClickException(f"The folder {folder} does not exist.")
    if not os.access(folder, os.W_OK):
        raise click.ClickException(f"The folder {folder} cannot be written to.")
    with open(path, "w", encoding="utf-8") as out:
        counts = backup.write(out)
    click.echo(
        f"Wrote {sum(counts.values())} rows from {len(counts)} tables to {path}."
    )


@click.command("restore")
@click.argument("path", type=click.File("r", encoding="utf-8"))
@with_appcontext
def restore_command(path) -> None:
    """Load a backup into this database, which must be empty and migrated."""
    try:
        counts = backup.read(path)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {sum(counts.values())} rows into {len(counts)} tables.")


@click.command("serve")
@click.option(
    "--bind",
    default=lambda: os.environ.get("VOUCH_BIND", "127.0.0.1:8000"),
    show_default="127.0.0.1:8000, or VOUCH_BIND",
    help="Address and port to listen on.",
)
@click.option(
    "--workers", type=click.IntRange(min=1), help="Processes (default: one per core)."
)
@with_appcontext
def serve_command(bind: str, workers: int | None) -> None:
    """Serve Vouch with gunicorn and the production settings
    (widget/gunicorn_conf.py). The settings are checked before it starts."""
    arguments = [sys.executable, "-m", "gunicorn", "-c", "python:widget.gunicorn_conf"]
    arguments += ["--bind", bind]
    if workers:
        arguments += ["--workers", str(workers)]
    arguments.append("widget.cli:application()")
    sys.stdout.flush()
    os.execv(sys.executable, arguments)


commands = [
    init_command,
    serve_command,
    create_business_command,
    create_user_command,
    create_api_key_command,
    demo_command,
    invite_command,
    import_reviews_command,
    send_mail_command,
    worker_command,
    list_api_keys_command,
    revoke_api_key_command,
    purge_command,
    backup_command,
    restore_command,
]
