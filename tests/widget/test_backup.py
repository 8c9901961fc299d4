"""A whole instance backed up as JSON and restored into an empty database of either
kind, exactly."""

from __future__ import annotations

import json

from tests.builders import make_business
from tests.conftest import build_app
from widget.extensions import db


def widget_of(app, slug="demo"):
    return (
        app.test_client().get(f"/api/v1/businesses/{slug}/widget?limit=50").get_json()
    )


def test_backup_restores_into_an_empty_database(app, tmp_path):
    source = build_app(f"sqlite:///{tmp_path / 'source.sqlite'}")
    runner = source.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    path = tmp_path / "backup.json"
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(path.read_text())
    assert data["format"] == "vouch-backup" and len(data["tables"]["reviews"]) == 30

    restored = app.test_cli_runner().invoke(args=["restore", str(path)])
    assert restored.exit_code == 0, restored.output
    assert widget_of(app) == widget_of(source)
    # The owner can sign in, and new rows get new ids.
    from tests.builders import login, submit

    client = app.test_client()
    assert login(client, "owner@demo.example", "vouch-demo").status_code == 302
    new = submit(client, "demo").get_json()["id"]
    assert new == 31
    with source.app_context():
        db.engine.dispose()


def test_restore_refuses_a_database_with_data(app, tmp_path):
    make_business(app)
    path = tmp_path / "backup.json"
    assert app.test_cli_runner().invoke(args=["backup", str(path)]).exit_code == 0
    again = app.test_cli_runner().invoke(args=["restore", str(path)])
    assert again.exit_code == 1
    assert "the database is not empty" in again.output


def test_restore_refuses_what_is_not_a_backup(app, tmp_path):
    for content, message in (
        ("{", "not a Vouch backup"),
        ('{"format": "other"}', "not a Vouch backup"),
        ('{"format": "vouch-backup", "version": 99}', "backup version 99"),
        (
            '{"format": "vouch-backup", "version": 1, "tables": {"x": []}}',
            "unknown tables",
        ),
    ):
        path = tmp_path / "bad.json"
        path.write_text(content)
        result = app.test_cli_runner().invoke(args=["restore", str(path)])
        assert result.exit_code == 1 and message in result.output, result.output


def test_a_restore_on_the_other_engine_answers_byte_for_byte_the_same(app, tmp_path):
    """The drill: demo data, a backup, a restore into a fresh database of the other
    kind (this parameter's source against SQLite, or SQLite against it)."""
    other = build_app(f"sqlite:///{tmp_path / 'other.sqlite'}")
    with app.app_context():
        engine = db.engine.dialect.name
    source, target = (app, other) if engine == "postgresql" else (other, app)
    assert source.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    path = tmp_path / "drill.json"
    assert source.test_cli_runner().invoke(args=["backup", str(path)]).exit_code == 0
    restored = target.test_cli_runner().invoke(args=["restore", str(path)])
    assert restored.exit_code == 0, restored.output
    for query in ("limit=50", "limit=5&sort=lowest", "limit=10&rating=5"):
        url = f"/api/v1/businesses/demo/widget?{query}"
        before = source.test_client().get(url)
        after = target.test_client().get(url)
        assert after.get_data() == before.get_data()
        assert after.headers["ETag"] == before.headers["ETag"]
    with other.app_context():
        db.engine.dispose()


def test_a_damaged_backup_is_refused_by_its_checksum(app, tmp_path):
    source = build_app(f"sqlite:///{tmp_path / 'source.sqlite'}")
    assert source.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    path = tmp_path / "backup.json"
    assert source.test_cli_runner().invoke(args=["backup", str(path)]).exit_code == 0
    data = json.loads(path.read_text())
    assert data["manifest"]["rows"]["reviews"] == 30
    data["tables"]["reviews"][0]["rating"] = (
        5 if data["tables"]["reviews"][0]["rating"] != 5 else 4
    )
    path.write_text(json.dumps(data))
    result = app.test_cli_runner().invoke(args=["restore", str(path)])
    assert result.exit_code != 0
    assert result.output.count("the backup is damaged") == 1
    assert widget_of(app) is None or widget_of(app).get("error") == "not_found"
    with source.app_context():
        db.engine.dispose()
