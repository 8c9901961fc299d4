"""The worker as a service of its own, and the systemd units of the recipe."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import outside_environment
from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parents[2]
UNITS = ["vouch.service", "vouch-worker.service", "vouch-backup.service"]


def environment(tmp_path, mailbox) -> dict[str, str]:
    return outside_environment(
        **{
            "VOUCH_INSTANCE_PATH": str(tmp_path),
            "VOUCH_SECRET_KEY": "a-long-enough-secret-for-this-test-only",
            "VOUCH_PUBLIC_URL": "https://reviews.bakery.example",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'vouch.sqlite'}",
            "VOUCH_MAIL_SERVER": mailbox.host,
            "VOUCH_MAIL_PORT": str(mailbox.port),
            "VOUCH_MAIL_POLL_SECONDS": "0.2",
        }
    )


def flask(env, *args: str, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def test_the_worker_sends_what_is_queued_and_stops_cleanly(tmp_path, mailbox):
    env = environment(tmp_path, mailbox)
    assert flask(env, "db", "upgrade").returncode == 0
    assert flask(env, "create-business", "bakery", "Bakery").returncode == 0
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        invited = flask(
            env, "invite", "bakery", "--name", "Grace", "--email", "grace@example.com"
        )
        assert invited.returncode == 0, invited.stderr
        (message,) = mailbox.wait_for(1, timeout=20)
        assert message["To"] == "grace@example.com"
    finally:
        worker.send_signal(signal.SIGTERM)
        _, log = worker.communicate(timeout=30)
    assert worker.returncode == 0, log
    assert "worker started" in log and "worker stopped" in log


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None and not IN_CI,
    reason="systemd-analyze is not installed here",
)
def test_the_systemd_units_verify(tmp_path):
    """The units as an operator installs them, pointed at this checkout."""
    for name in [*UNITS, "vouch-backup.timer"]:
        text = (ROOT / "deploy" / name).read_text()
        text = text.replace("/opt/vouch", str(ROOT))
        text = text.replace("User=vouch", "User=root").replace(
            "Group=vouch", "Group=root"
        )
        (tmp_path / name).write_text(text)
    assert (ROOT / ".venv" / "bin" / "vouch").exists()  # what ExecStart runs
    result = subprocess.run(
        ["systemd-analyze", "verify", *sorted(p.name for p in tmp_path.iterdir())],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
