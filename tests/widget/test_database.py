"""Storage: migrations, SQLite settings, clean failure when the database is away."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from tests.builders import make_business, review_payload, submit
from widget import create_app
from widget.extensions import db

ROOT = Path(__file__).resolve().parents[2]


def test_migrations_build_the_schema_the_models_describe(tmp_path, database_url):
    """`flask db upgrade` on an empty database leaves autogenerate nothing to add."""
    if database_url.startswith("sqlite"):
        database_url = f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "MAIL_WORKER": False}
    )
    runner = app.test_cli_runner()
    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0, upgrade.output
    check = runner.invoke(args=["db", "check"])
    assert check.exit_code == 0, check.output
    with app.app_context():
        db.engine.dispose()


def test_sqlite_runs_in_wal_mode_with_full_sync(tmp_path):
    url = f"sqlite:///{tmp_path / 'wal.sqlite'}"
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "MAIL_WORKER": False}
    )
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA synchronous")).scalar() == 2
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.session.remove()
        db.engine.dispose()


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path):
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/vouch.sqlite")


def test_refuses_to_start_without_a_secret_key():
    with pytest.raises(RuntimeError, match="VOUCH_SECRET_KEY"):
        create_app({"TESTING": False, "SECRET_KEY": "change-me"})


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://postgres@127.0.0.1:1/nothing",
        "sqlite:////nonexistent-directory/vouch.sqlite",
    ],
)
def test_unreachable_database_gives_503_json_not_a_hang(url):
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "MAIL_WORKER": False}
    )
    client = app.test_client()
    read = client.get("/api/v1/businesses/bakery/widget")
    write = client.post("/api/v1/businesses/bakery/reviews", json=review_payload())
    for response in (read, write):
        assert response.status_code == 503
        assert response.get_json()["error"] == "service_unavailable"
        assert response.headers["Retry-After"]
    page = client.get("/demo")
    assert page.status_code == 503 and page.mimetype == "text/html"


def _hold_summary_lock(app):
    """Lock the summary row from another connection, as a long transaction would."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        connection = sqlite3.connect(
            url.removeprefix("sqlite:///"), isolation_level=None
        )
        connection.execute("BEGIN IMMEDIATE")
        return connection
    connection = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"))
    connection.execute("SELECT * FROM rating_summaries FOR UPDATE")
    return connection


def test_locked_database_gives_503_and_writes_nothing(make_app):
    from widget.models import ModerationPolicy

    app = make_app(SQLITE_BUSY_TIMEOUT=0.2, DATABASE_LOCK_TIMEOUT_MS=200)
    make_business(app, moderation_policy=ModerationPolicy.AUTO_ALL)
    client = app.test_client()
    blocker = _hold_summary_lock(app)
    try:
        response = submit(client)
    finally:
        blocker.rollback()
        blocker.close()
    assert response.status_code == 503
    assert response.get_json()["error"] == "service_unavailable"
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM reviews")).scalar() == 0
        assert (
            db.session.execute(text("SELECT count FROM rating_summaries")).scalar() == 0
        )
    assert submit(client).status_code == 201


def test_concurrent_writers_all_succeed_and_summary_stays_exact(app):
    from widget.businesses import find_business
    from widget.models import ModerationPolicy
    from widget.summary import figures, recompute

    make_business(app, moderation_policy=ModerationPolicy.AUTO_ALL)
    statuses: list[int] = []

    def writer(worker: int) -> None:
        client = app.test_client()
        for n in range(8):
            statuses.append(submit(client, rating=(worker + n) % 5 + 1).status_code)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [201] * 32
    with app.app_context():
        business = find_business("bakery")
        assert figures(business.summary) == recompute(business)
        assert business.summary.count == 32


def test_a_setting_of_the_wrong_kind_stops_the_start_with_its_name(tmp_path):
    """Environment values that are not JSON arrive as text; a number or a yes/no
    setting given text is refused by name, before anything runs."""
    env = {
        **os.environ,
        "VOUCH_SECRET_KEY": "a-long-enough-secret-for-this-test-only",
        "VOUCH_IDEMPOTENCY_KEY_HOURS": "two days",
        "VOUCH_MAIL_WORKER": "maybe",
        "VOUCH_MIN_FILL_SECONDS": "2.5",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'vouch.sqlite'}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "routes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "VOUCH_IDEMPOTENCY_KEY_HOURS must be a number, not 'two days'." in (
        result.stderr
    )
    assert "VOUCH_MAIL_WORKER must be true or false, not 'maybe'." in result.stderr
    assert "MIN_FILL_SECONDS" not in result.stderr  # 2.5 is a number
    with pytest.raises(RuntimeError, match="VOUCH_PROXY_COUNT must be a number"):
        create_app({"TESTING": True, "PROXY_COUNT": True})
