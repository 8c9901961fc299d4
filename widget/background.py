"""The background thread of each app process: it runs ``widget.worker``'s round every
``MAIL_POLL_SECONDS``, and at once after a request commits work for it (an e-mail, a
webhook event). Started by the process's first request, not at import, so CLI
commands and forked servers do not inherit a thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask import Flask, current_app
from sqlalchemy import event

from widget.extensions import db

EXTENSION = "vouch_worker"


def wake_after_commit() -> None:
    """Have this process's background thread run as soon as the current transaction
    commits (nothing happens where no thread runs: the CLI, tests)."""
    thread = current_app.extensions.get(EXTENSION)
    if thread is not None:
        thread.wake_after_commit()


class BackgroundThread:
    """A daemon thread calling ``round_`` in an app context, then waiting to be
    woken."""

    def __init__(self, app: Flask, round_: Callable[[], object]) -> None:
        self.app = app
        self.round = round_
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def wake_after_commit(self) -> None:
        session = db.session()
        if not session.info.get("vouch_wake_hook"):
            session.info["vouch_wake_hook"] = True
            event.listen(session, "after_commit", self._after_commit, once=True)

    def _after_commit(self, session) -> None:
        session.info.pop("vouch_wake_hook", None)
        self.start()
        self._wake.set()

    def stop(self, timeout: float = 10) -> None:
        """Finish the current round and end the thread (shutdown, tests)."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def start(self) -> None:
        with self._lock:
            if self._stopping.is_set():
                return
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="vouch-worker", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        interval = self.app.config["MAIL_POLL_SECONDS"]
        while not self._stopping.is_set():
            with self.app.app_context():
                try:
                    self.round()
                finally:
                    db.session.remove()
            self._wake.wait(interval)
            self._wake.clear()


def stop_worker(app: Flask) -> None:
    """Stop ``app``'s background thread, if it has one."""
    thread = app.extensions.get(EXTENSION)
    if thread is not None:
        thread.stop()
