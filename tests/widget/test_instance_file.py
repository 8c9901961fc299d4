"""One configuration: the instance file is read by every command, the environment
wins over it, and a bad or missing setting stops the start with one message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.builders import outside_environment

ROOT = Path(__file__).resolve().parents[2]


def flask(instance: Path, *args: str, **environment: str):
    env = outside_environment(VOUCH_INSTANCE_PATH=str(instance), **environment)
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_commands_read_the_instance_file_without_exports(tmp_path):
    (tmp_path / "vouch.env").write_text(
        "# written by make run\n"
        "VOUCH_SECRET_KEY=a-long-enough-secret-for-this-test-only\n"
        "VOUCH_PUBLIC_URL='https://reviews.bakery.example'\n"
        f"DATABASE_URL=sqlite:///{tmp_path / 'vouch.sqlite'}\n"
    )
    helped = flask(tmp_path, "--help")
    assert helped.returncode == 0, helped.stderr
    for command in ("create-business", "send-mail", "backup", "revoke-api-key"):
        assert command in helped.stdout
    assert flask(tmp_path, "db", "upgrade").returncode == 0
    made = flask(tmp_path, "create-business", "bakery", "Bakery")
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "vouch.sqlite").exists()
    # The environment wins over the file.
    other = tmp_path / "other.sqlite"
    flask(tmp_path, "db", "upgrade", DATABASE_URL=f"sqlite:///{other}")
    assert other.exists()


def test_missing_settings_are_named_in_one_message(tmp_path):
    result = flask(tmp_path, "routes")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "VOUCH_SECRET_KEY" in result.stderr and "VOUCH_PUBLIC_URL" in result.stderr
    assert result.stderr.count("Vouch cannot start") == 1


def test_a_malformed_line_is_named(tmp_path):
    (tmp_path / "vouch.env").write_text("VOUCH_SECRET_KEY=x\nthis is not a setting\n")
    result = flask(tmp_path, "routes")
    assert result.returncode != 0
    assert "vouch.env, line 2: write NAME=value." in result.stderr
    assert "Traceback" not in result.stderr
