"""The CLI speaks human: a user error is one line naming the problem, printed once,
with a non-zero exit, never a traceback."""

from __future__ import annotations

import json

import pytest

from tests.conftest import app_config
from widget import create_app


@pytest.fixture
def shop(runner):
    assert runner.invoke(args=["create-business", "cafe", "Café"]).exit_code == 0
    return runner


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["create-business", "ok", "X", "--url", "not-a-url"],
            "Give the full address, like https://www.example.com.",
        ),
        (
            ["create-business", "ok", "X", "--url", "ftp://example.com"],
            "Give the full address, like https://www.example.com.",
        ),
        (["create-business", "cafe", "Again"], "already exists"),
        (["create-api-key", "ghost"], "No business with the slug 'ghost'."),
        (["list-api-keys", "ghost"], "No business with the slug 'ghost'."),
        (["revoke-api-key", "ghost", "1"], "No business with the slug 'ghost'."),
        (["revoke-api-key", "cafe", "999"], "No such API key."),
        (
            ["invite", "ghost", "--name", "Ann", "--email", "ann@example.com"],
            "No business with the slug 'ghost'.",
        ),
        (
            ["create-user", "ann@example.com", "--business", "ghost"],
            "No business with the slug 'ghost'.",
        ),
        (
            ["backup", "/no/such/folder/vouch.json"],
            "The folder /no/such/folder does not exist.",
        ),
    ],
)
def test_user_errors_are_one_clear_line(shop, args, said):
    result = shop.invoke(args=args, env={"VOUCH_PASSWORD": "long enough password"})
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.output.count(said) == 1, result.output


def test_an_existing_user_joins_another_business(shop):
    env = {"VOUCH_PASSWORD": "long enough password"}
    assert shop.invoke(args=["create-business", "deli", "Deli"]).exit_code == 0
    made = shop.invoke(
        args=["create-user", "ann@example.com", "--business", "cafe"], env=env
    )
    assert made.exit_code == 0, made.output
    joined = shop.invoke(
        args=[
            "create-user",
            "Ann@Example.com",
            "--business",
            "deli",
            "--role",
            "moderator",
        ]
    )
    assert joined.exit_code == 0, joined.output
    assert "ann@example.com is now moderator of 'deli'." in joined.output
    again = shop.invoke(args=["create-user", "ann@example.com", "--business", "deli"])
    assert again.exit_code != 0
    assert "ann@example.com is already a member of Deli." in again.output


def test_restore_into_an_unmigrated_database_says_what_to_do(app, shop, tmp_path):
    path = tmp_path / "vouch.json"
    assert shop.invoke(args=["backup", str(path)]).exit_code == 0
    empty = create_app(app_config(f"sqlite:///{tmp_path / 'empty.sqlite'}"))
    result = empty.test_cli_runner().invoke(args=["restore", str(path)])
    assert result.exit_code != 0
    assert "not migrated" in result.output and "db upgrade" in result.output
    assert "Traceback" not in result.output
    with empty.app_context():
        from widget.extensions import db

        db.engine.dispose()


def test_restore_of_something_else_is_refused(shop, tmp_path):
    path = tmp_path / "notes.json"
    path.write_text(json.dumps({"hello": "world"}))
    result = shop.invoke(args=["restore", str(path)])
    assert result.exit_code != 0
    assert result.output.count("not a Vouch backup") == 1
