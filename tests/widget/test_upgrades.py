"""Upgrades keep data: a database made by the first migration and filled as Vouch
filled it then is migrated to today's schema on both engines, and every review, the
summary and the audit log come through, as the widget, the owner API and a backup
show."""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES_PROBLEM, _libpq, postgres_admin_url
from widget import create_app
from widget.extensions import db

FIRST = "a9ed0be26839"
WHEN = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
# (id, rating, status, reason, body) as the first version stored them.
REVIEWS = [
    (1, 5, "published", None, "Best sourdough in town."),
    (2, 3, "published", None, "Good bread, slow service."),
    (3, 4, "pending", None, "Lovely croissants."),
    (4, 1, "rejected", "off_topic", "My neighbour's car is loud."),
    (5, 2, "spam", "spam", "Cheap pills at example.com and example.net"),
]


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite'}"
        return
    if POSTGRES_PROBLEM:
        pytest.skip(POSTGRES_PROBLEM)
    name = f"vouch_upgrade_{secrets.token_hex(4)}"
    admin = _libpq(postgres_admin_url())
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield make_url(postgres_admin_url()).set(database=name).render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fill_as_the_first_version_did(app) -> None:
    rows = {
        "businesses": [
            {
                "id": 1,
                "slug": "bakery",
                "name": "Bakery",
                "website_url": "https://bakery.example",
                "default_locale": "nl",
                "moderation_policy": "manual",
                "allowed_origins": "[]",
                "created_at": WHEN,
            }
        ],
        "rating_summaries": [
            {
                "business_id": 1,
                "count": 2,
                "count_1": 0,
                "count_2": 0,
                "count_3": 1,
                "count_4": 0,
                "count_5": 1,
                "rating_sum": 8,
                "version": 7,
                "updated_at": WHEN,
            }
        ],
        "users": [
            {
                "id": 1,
                "email": "owner@bakery.example",
                "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaA",
                "created_at": WHEN,
            }
        ],
        "memberships": [{"id": 1, "user_id": 1, "business_id": 1, "role": "owner"}],
        "reviews": [
            {
                "id": review_id,
                "business_id": 1,
                "rating": rating,
                "title": None,
                "body": body,
                "author_name": f"Author {review_id}",
                "author_email": f"author{review_id}@example.com",
                "status": status,
                "rejection_reason": reason,
                "verified": False,
                "source": "widget",
                "featured": False,
                "created_at": WHEN,
                "published_at": WHEN if status == "published" else None,
                "consent_at": WHEN,
            }
            for review_id, rating, status, reason, body in REVIEWS
        ],
        "audit_events": [
            {
                "id": review_id,
                "business_id": 1,
                "review_id": review_id,
                "actor": "user:owner@bakery.example",
                "action": "submit",
                "to_status": "pending",
                "created_at": WHEN,
            }
            for review_id, *_ in REVIEWS
        ],
    }
    with app.app_context():
        for table, values in rows.items():
            for row in values:
                names = ", ".join(row)
                marks = ", ".join(f":{name}" for name in row)
                db.session.execute(
                    text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), row
                )
        if db.engine.dialect.name == "postgresql":
            for table in ("businesses", "users", "memberships", "reviews"):
                db.session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT MAX(id) FROM {table}))"
                    )
                )
        db.session.commit()


def test_a_first_version_database_upgrades_with_everything_kept(fresh_url, tmp_path):
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": fresh_url, "MAIL_WORKER": False}
    )
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", FIRST]).exit_code == 0
    fill_as_the_first_version_did(app)
    upgraded = runner.invoke(args=["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output

    client = app.test_client()
    answer = client.get("/api/v1/businesses/bakery/widget?limit=10")
    widget = answer.get_json()
    assert answer.status_code == 200, widget
    assert widget["summary"]["count"] == 2
    assert widget["summary"]["average"] == 4.0
    assert sorted(r["id"] for r in widget["reviews"]) == [1, 2]
    key = runner.invoke(args=["create-api-key", "bakery"]).output.splitlines()[0]
    seen = {}
    for status in ("published", "pending", "rejected", "spam"):
        listed = client.get(
            f"/api/v1/businesses/bakery/reviews?status={status}",
            headers={"Authorization": f"Bearer {key}"},
        ).get_json()["reviews"]
        seen.update({r["id"]: (r["rating"], r["status"], r["body"]) for r in listed})
    assert seen == {
        review_id: (rating, status, body)
        for review_id, rating, status, _reason, body in REVIEWS
    }
    backup = tmp_path / "after.json"
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
    tables = json.loads(backup.read_text())["tables"]
    assert len(tables["audit_events"]) == len(REVIEWS)
    (summary,) = tables["rating_summaries"]
    # The status counts added later were filled in from the reviews.
    assert (summary["published"], summary["pending"], summary["rejected"]) == (2, 1, 1)
    assert summary["spam"] == 1
    (user,) = tables["users"]
    assert user["session_token"]  # every account got its own
    # Tables copied by SQLite's batch migrations took no rows with them.
    assert len(tables["memberships"]) == 1 and len(tables["reviews"]) == len(REVIEWS)
    with app.app_context():
        db.engine.dispose()
