"""Right links wherever Vouch runs: served on a port of its own, the invitation
e-mail (over real SMTP) links to that port, and the link opens the form."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from bench.servers import free_port, stop, wait_until_up
from tests.builders import link_in, outside_environment

ROOT = Path(__file__).resolve().parents[2]


def test_an_invitation_from_a_server_on_another_port_links_to_it(tmp_path, mailbox):
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    env = outside_environment(
        **{
            "VOUCH_INSTANCE_PATH": str(tmp_path),
            "VOUCH_SECRET_KEY": "a-long-enough-secret-for-this-test-only",
            "VOUCH_PUBLIC_URL": public,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'vouch.sqlite'}",
            "VOUCH_MAIL_SERVER": mailbox.host,
            "VOUCH_MAIL_PORT": str(mailbox.port),
            "VOUCH_MAIL_POLL_SECONDS": "0.2",
        }
    )

    def flask(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    flask("db", "upgrade")
    flask("create-business", "bakery", "Bakery")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"{public}/healthz")
        flask("invite", "bakery", "--name", "Grace", "--email", "grace@example.com")
        flask("send-mail")
        link = link_in(mailbox.wait_for(1)[0], "/i/")
        assert link.startswith(f"{public}/i/")
        with urllib.request.urlopen(link, timeout=10) as page:
            html = page.read().decode()
        assert page.status == 200
        assert 'value="grace@example.com"' in html
    finally:
        stop(server, signal.SIGTERM)
