"""Fresh benchmark databases: a SQLite file, or a PostgreSQL database made anew."""

from __future__ import annotations

import os

import psycopg
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from widget import create_app
from widget.extensions import db

POSTGRES = os.environ.get(
    "VOUCH_BENCH_POSTGRES_URL",
    "postgresql+psycopg://postgres@127.0.0.1:5432/vouch_bench",
)
SECRET = "bench-secret-key-not-for-production"


def fresh_postgres() -> str | None:
    """Drop and create the benchmark database; None when PostgreSQL is unreachable."""
    url = make_url(POSTGRES)
    admin = url.set(drivername="postgresql", database="postgres")
    try:
        address = admin.render_as_string(hide_password=False)
        with psycopg.connect(address, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{url.database}"')
    except psycopg.Error as error:
        print(f"  (PostgreSQL skipped: {str(error).strip()})")
        return None
    return POSTGRES


def app_for(url: str, **config):
    """A Vouch app on ``url`` with the schema migrated to the newest revision."""
    app = create_app(
        {
            "SECRET_KEY": SECRET,
            "PUBLIC_URL": "http://127.0.0.1",
            "SQLALCHEMY_DATABASE_URI": url,
            "REQUEST_LOG": False,
            # In-process measurements and bulk seeding: no background round
            # competing for the database (the servers under load run their own).
            "MAIL_WORKER": False,
        }
        | config
    )
    with app.app_context():
        upgrade()
    return app


def server_env(url: str) -> dict[str, str]:
    """What a gunicorn-served Vouch needs to run on ``url``."""
    return {
        "DATABASE_URL": url,
        "VOUCH_SECRET_KEY": SECRET,
        # Servers here are asked for by 127.0.0.1, on whatever port they got.
        "VOUCH_PUBLIC_URL": "http://127.0.0.1",
    }


def dispose(app) -> None:
    with app.app_context():
        db.engine.dispose()
