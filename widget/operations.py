"""What operators see of each request: a request id and one structured log line.

Every response carries ``X-Request-ID`` (the caller's, when it is a sane token, or a new
one), and the same id is in the request's log line and in any error logged meanwhile.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import re
import secrets
import sys
import threading
import time
from typing import TextIO

from flask import Flask, Response, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
# Set in the WSGI environ by middleware that writes the request's log line itself,
# because it changes the answer after Flask made it (embed.fast_path).
LOGGED_OUTSIDE = "vouch.logged_outside"
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class _RequestIds:
    """Ids unique across processes without a system call per request: a random tag
    per process (made again after a fork) and a counter."""

    def __init__(self) -> None:
        self.pid = 0
        self.tag = ""
        self.counter = itertools.count()

    def __call__(self) -> str:
        if self.pid != os.getpid():
            self.pid, self.tag = os.getpid(), secrets.token_hex(10)
        return f"{self.tag}{next(self.counter):012x}"


_new_request_id = _RequestIds()


def current_request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class _LogTimes:
    """Times as every log line writes them: UTC to the millisecond
    (``2026-11-30T13:32:08.123Z``). The part up to the second is made once a second:
    the request log writes one for every request."""

    def __init__(self) -> None:
        self._second: tuple[int, str] = (-1, "")  # a second and how it is written

    def __call__(self, now: float) -> str:
        second = int(now)
        kept, stamp = self._second
        if kept != second:
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
            self._second = (second, stamp)
        return f"{stamp}.{int((now - second) * 1000):03d}Z"


_log_time = _LogTimes()


class JsonLines(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the id of the
    request being answered."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": _log_time(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = current_request_id()
        if request_id:
            entry["request_id"] = request_id
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def init_app(app: Flask) -> None:
    """Register request ids and, when REQUEST_LOG is on, the request log and the
    app's own log as JSON lines on standard error."""
    formatter = JsonLines()
    if app.config["REQUEST_LOG"]:
        for handler in app.logger.handlers:
            handler.setFormatter(formatter)

    @app.before_request
    def _take_request_id() -> None:
        g.request_id = request_id_for(request.headers.get(REQUEST_ID_HEADER))
        g.request_began = time.perf_counter()

    @app.after_request
    def _log_request(response: Response) -> Response:
        request_id = g.get("request_id")
        if request_id is None:  # a response made before the hooks ran
            return response
        response.headers[REQUEST_ID_HEADER] = request_id
        if app.config["REQUEST_LOG"] and not request.environ.get(LOGGED_OUTSIDE):
            log_request(
                request.method,
                request.path,
                response.status_code,
                time.perf_counter() - g.request_began,
                request.remote_addr,
                request_id,
            )
        return response


def request_id_for(given: str | None) -> str:
    """The caller's id when it is a sane token, else a new one."""
    return given if given and _SANE_ID.fullmatch(given) else _new_request_id()


class RequestLog:
    """The request log: one JSON line per request on standard error (or on
    ``stream``), with the fields ``JsonLines`` writes and the request's.

    Written here rather than through ``logging``: a log record, the look-up of its
    caller and the handler chain cost more than the fast path's whole answer; under
    load they took a quarter of the cached answers' rate (``bench/RESULTS.md``).
    """

    LOGGER = "vouch.requests"

    def __init__(self) -> None:
        self.stream: TextIO | None = None
        self._lock = threading.Lock()

    def write(
        self,
        method: str,
        path: str,
        status: int,
        seconds: float,
        remote: str | None,
        request_id: str,
    ) -> None:
        line = json.dumps(
            {
                "time": _log_time(time.time()),
                "level": "info",
                "logger": self.LOGGER,
                "message": f"{method} {path} {status}",
                "request_id": request_id,
                "method": method,
                "path": path,
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
                "remote": remote,
            },
            ensure_ascii=False,
        )
        stream = self.stream or sys.stderr
        with self._lock:
            stream.write(line + "\n")
            stream.flush()


request_log = RequestLog()
log_request = request_log.write
