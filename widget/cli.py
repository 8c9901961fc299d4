"""The ``vouch`` command of an installed Vouch: the same commands as
``flask --app wsgi`` (``backup``, ``worker``, ``db upgrade``, …), with ``init`` and
``serve`` that work before anything is configured."""

from __future__ import annotations

import os
import sys

import click
from flask import Flask
from flask.cli import FlaskGroup

from widget import create_app
from widget.commands import init_command, serve_command
from widget.config import INSTANCE_FILE, instance_path


def application() -> Flask:
    """The configured app, or the process stops with one message naming what is
    missing (what gunicorn, ``wsgi.py`` and every command load)."""
    try:
        return create_app()
    except RuntimeError as problem:
        hint = ""
        if not os.path.exists(os.path.join(instance_path(), INSTANCE_FILE)):
            hint = " `vouch init` (or `make run` in a checkout) writes them."
        sys.exit(f"Vouch cannot start: {problem}{hint}")


class VouchGroup(FlaskGroup):
    """Flask's command line with the app made by ``application`` and without
    Flask's own options (``--app``, ``--env-file``, ``--debug``)."""

    def __init__(self, **extra) -> None:
        super().__init__(add_version_option=False, load_dotenv=False, **extra)
        self.params = [p for p in self.params if p.name not in FLASK_OPTIONS]
        click.version_option(package_name="vouch", prog_name="vouch")(self)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command; before ``vouch init`` only the ones that need no
        settings, with a line saying so instead of a traceback."""
        try:
            return super().list_commands(ctx)
        except SystemExit as stopped:
            configured = os.path.exists(os.path.join(instance_path(), INSTANCE_FILE))
            click.echo(
                f"{stopped.code}\n"
                if configured
                else "Vouch is not set up here yet: `vouch init` writes its settings, "
                "and its other commands appear here then.\n",
                err=True,
            )
            return sorted(self.commands)


FLASK_OPTIONS = ("env_file", "app", "debug")


cli = VouchGroup(
    create_app=application,
    help="Vouch, the self-hosted review widget. Start with `vouch init`.",
)
cli.add_command(init_command)
cli.add_command(serve_command)


def main() -> None:
    cli.main(prog_name="vouch")
