"""The peer in the benchmark: Isso 0.14, a self-hosted comment server.

It is installed into a virtualenv of its own under ``bench/out/`` (never the
project's), served with gunicorn as its documentation says (``ISSO_SETTINGS=… gunicorn
-w 4 --preload isso.run``), with moderation on (new comments wait, as Vouch's reviews
do under manual moderation) and its rate guard off (it allows two comments a minute
per address, which would measure the guard). Its page of 10 is a thread seeded with
published comments through its own API.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from bench import servers

ISSO = "isso==0.14.0"
HOME = servers.ROOT / "bench" / "out" / "isso-0.14.0"
THREAD = "/shop"
# Who writes the comments that check every worker answers before a round.
WARM_UP = "Warm-up"
# The site Isso serves comments for; its API answers requests from that origin.
SITE = "http://127.0.0.1:8000"
PAGE = f"/?uri={THREAD}&limit=10"


def _gunicorn_pin() -> str:
    """The same gunicorn as Vouch runs on (requirements.txt)."""
    for line in (servers.ROOT / "requirements.txt").read_text().splitlines():
        if line.startswith("gunicorn=="):
            return line.strip()
    raise RuntimeError("requirements.txt pins no gunicorn")


def install() -> Path | None:
    """Isso's own virtualenv, made once; None (and why) when it cannot be made."""
    python = HOME / "bin" / "python"
    ready = HOME / ".installed"
    if ready.exists():
        return python
    try:
        subprocess.run(
            [sys.executable, "-m", "venv", "--clear", str(HOME)],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", ISSO, _gunicorn_pin()],
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (subprocess.SubprocessError, OSError) as error:
        reason = getattr(error, "stderr", None) or error
        print(f"  (Isso could not be installed: {str(reason).strip()[-300:]})")
        return None
    ready.touch()
    return python


@contextmanager
def serve(python: Path, folder: Path, *, workers: int = 4) -> Iterator[servers.Server]:
    """Isso on a free port of 127.0.0.1, on a fresh database in ``folder``, every
    worker answering.

    Isso starts a thread in gunicorn's master (``--preload``) that takes its
    write lock to purge old comments. A worker forked while it holds the lock
    never gets it: that worker's comments hang until gunicorn replaces it 30 s
    later. That happens at start-up only, so a server with such a worker is
    started again (and said so), and the rounds measure Isso as it runs after."""
    for _attempt in range(5):
        with _started(python, folder, workers) as server:
            if _every_worker_answers(server, workers):
                yield server
                return
        print("  (Isso started with a worker stuck on its lock; started again)")
        for leftover in folder.glob("comments.db*"):
            leftover.unlink()
    raise RuntimeError("Isso started with a stuck worker five times in a row")


@contextmanager
def _started(python: Path, folder: Path, workers: int) -> Iterator[servers.Server]:
    port = servers.free_port()
    settings = folder / "isso.cfg"
    settings.write_text(
        "[general]\n"
        f"dbpath = {folder / 'comments.db'}\n"
        f"host = {SITE}/\n"
        "[moderation]\nenabled = true\n"
        "[guard]\nenabled = false\n"
        f"[server]\nlisten = http://127.0.0.1:{port}\n"
    )
    log = (folder / "isso.log").open("ab")
    process = subprocess.Popen(
        [
            str(python.parent / "gunicorn"),
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--preload",
            "isso.run",
        ],
        cwd=folder,
        env={**os.environ, "ISSO_SETTINGS": str(settings)},
        stdout=log,
        stderr=log,
    )
    server = servers.Server(f"http://127.0.0.1:{port}", process)
    try:
        servers.wait_until_up(server.url + PAGE)
        yield server
    finally:
        servers.stop(process, signal.SIGTERM)
        log.close()


def _every_worker_answers(server: servers.Server, workers: int) -> bool:
    """Whether warm-up comments are all answered: the first alone (it makes the
    thread, which Isso's workers would otherwise race to make), then enough at once
    to reach each worker."""

    def one(number: int) -> bool:
        request = _new_comment(server, f"warm-up-{number}", WARM_UP)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                response.read()
        except OSError:
            return False
        return True

    with ThreadPoolExecutor(max_workers=2 * workers) as pool:
        return one(0) and all(pool.map(one, range(1, 8 * workers)))


def comment(number: str, author: str = "Load test") -> dict:
    """A new comment as Isso's client sends it."""
    return {
        "text": f"Comment {number} sent by the benchmark, a few words long.",
        "author": author,
        "email": "load@example.com",
        "title": "Shop",
    }


def _new_comment(
    server: servers.Server, number: str, author: str = "Load test"
) -> urllib.request.Request:
    """The request that posts ``comment(number, author)`` to the measured thread."""
    return urllib.request.Request(
        f"{server.url}/new?uri={THREAD}",
        data=json.dumps(comment(number, author)).encode(),
        headers=HEADERS,
        method="POST",
    )


HEADERS = {"Content-Type": "application/json", "Origin": SITE}


def seed(server: servers.Server, folder: Path, count: int) -> None:
    """``count`` comments through Isso's API, then accepted by its moderator (one
    UPDATE, what its activation links do one by one)."""
    for number in range(count):
        request = _new_comment(server, f"seed-{number}")
        for attempt in range(3):  # a worker busy elsewhere on a loaded machine
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
                break
            except TimeoutError:
                if attempt == 2:
                    raise
    with sqlite3.connect(folder / "comments.db") as database:
        database.execute("UPDATE comments SET mode = 1 WHERE author != ?", (WARM_UP,))


def stored(folder: Path) -> int:
    """How many comments Isso's database holds, not counting the warm-up's."""
    with sqlite3.connect(folder / "comments.db") as database:
        return database.execute(
            "SELECT count(*) FROM comments WHERE author != ?", (WARM_UP,)
        ).fetchone()[0]
