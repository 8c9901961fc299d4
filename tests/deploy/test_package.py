"""Vouch as an installed package: the wheel built from the checkout carries the
built scripts, templates, compiled catalogs and migrations; installed into a fresh
virtualenv outside the checkout, `vouch init` sets up an instance without a question
and `vouch serve` answers the widget."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

from bench.servers import free_port, stop, wait_until_up
from tests.builders import outside_environment

ROOT = Path(__file__).resolve().parents[2]
# What the wheel must carry besides the code.
CARRIED = [
    "embed/static/embed.js",
    "embed/static/embed-more.js",
    "admin/static/admin.css",
    "admin/templates/admin/queue.html",
    "widget/templates/mail/invitation.txt",
    "widget/translations/nl/LC_MESSAGES/admin.mo",
    "widget/translations/de/LC_MESSAGES/messages.mo",
    "widget/migrations/env.py",
    "widget/migrations/alembic.ini",
    "widget/migrations/versions/a9ed0be26839_initial_schema.py",
]


def run(*command, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        timeout=600,
        **kwargs,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_the_wheel_installs_sets_up_and_serves_outside_the_checkout(tmp_path, mailbox):
    # The checkout's tracked files only, so the build leaves nothing behind in it.
    source = tmp_path / "source"
    tracked = run("git", "ls-files", cwd=ROOT).stdout.split()
    for name in tracked:
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", tmp_path, source)
    [wheel] = tmp_path.glob("vouch-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert [name for name in CARRIED if name not in names] == []
    assert not [name for name in names if name.startswith(("tests/", "bench/"))]

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    run(venv / "bin" / "pip", "install", "--quiet", wheel)

    away = tmp_path / "elsewhere"
    away.mkdir()
    env = {
        key: value
        for key, value in outside_environment().items()
        if not key.startswith("FLASK_") and key != "PYTHONPATH"
    }
    vouch = venv / "bin" / "vouch"
    before = subprocess.run(
        [vouch, "--help"], cwd=away, env=env, capture_output=True, text=True
    )
    assert before.returncode == 0 and "init" in before.stdout
    assert "vouch init" in before.stderr and "Traceback" not in before.stderr

    port = free_port()
    public = f"http://127.0.0.1:{port}"
    setup = run(
        vouch,
        "init",
        "--no-input",
        "--public-url",
        public,
        "--smtp-server",
        mailbox.host,
        "--smtp-port",
        mailbox.port,
        "--smtp-security",
        "none",
        "--business",
        "bakery",
        "--business-name",
        "Bakkerij de Gouden Korst",
        "--locale",
        "nl",
        "--owner-email",
        "owner@bakery.example",
        "--owner-password",
        "a long enough password",
        cwd=away,
        env=env,
    )
    assert "the mail server answered: 250" in setup.stdout
    assert mailbox.wait_for(1)[0]["To"] == "owner@bakery.example"
    instance = venv / "var" / "widget-instance"
    assert (instance / "vouch.env").exists() and (instance / "vouch.sqlite").exists()
    assert not list(away.iterdir())  # nothing written where it was run from

    helped = run(vouch, "--help", cwd=away, env=env).stdout
    for command in ("backup", "restore", "worker", "serve", "create-business", "db"):
        assert f"  {command} " in helped

    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(
        [vouch, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=away,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(public + "/healthz", seconds=30)
        with urllib.request.urlopen(
            public + "/api/v1/businesses/bakery/widget", timeout=10
        ) as answer:
            widget = json.load(answer)
        assert widget["business"]["name"] == "Bakkerij de Gouden Korst"
        assert widget["disclosure"].startswith("Reviews worden")  # catalogs compiled
        with urllib.request.urlopen(public + "/embed.js", timeout=10) as script:
            assert script.status == 200 and b"Vouch" in script.read()
        request = urllib.request.Request(
            public + "/admin/login", headers={"Accept-Language": "nl"}
        )
        with urllib.request.urlopen(request, timeout=10) as page:
            assert "Inloggen" in page.read().decode()
    finally:
        stop(server, signal.SIGTERM, seconds=15)
        log.close()
