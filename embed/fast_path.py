"""The fast path of the public, cacheable answers (the widget's body and the list of
published reviews), in front of Flask.

A finished answer (``200`` with an ETag) is kept with its headers for
``WIDGET_RECHECK_SECONDS`` per path, query string, host and scheme. Within that time
the same request is answered here, without Flask, the database or any JSON work: the
same headers and body, or ``304`` when the caller already holds that ETag, each with
its own request id and request log line. After that time the request goes through
Flask again, which reads the business's current version (one indexed row) and
refreshes the entry, so a change reaches widgets at most that much later.

A review form's answer (``GET …/form``) is never the same twice: its one-time token is
new each time. When Flask marks one as made again safely (``FORM_BUSINESS`` in the
WSGI environ: the business asks for no proof-of-work challenge, so nothing but the
token changes), the rest of it is kept for the same time and the next callers get it
with a token minted here (``mint``, the same signing Flask's view uses), without Flask
or the database.

Everything else passes through untouched. The headers are the ones Flask made, so the
rules for them (caching, CORS) stay in ``embed.api``.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from werkzeug.http import parse_etags, unquote_etag

from widget.operations import (
    LOGGED_OUTSIDE,
    REQUEST_ID_HEADER,
    log_request,
    request_id_for,
)
from widget.recent import Recent

CACHED_PATH = re.compile(r"/api/v1/businesses/[^/]+/(?:widget|reviews)")
FORM_PATH = re.compile(r"/api/v1/businesses/[^/]+/form")
# Set by Flask's form view to the business's id when its answer may be made again
# here with another token.
FORM_BUSINESS = "vouch.form_business"
# Headers that describe a body; a 304 has none.
BODY_HEADERS = {"content-type", "content-length"}

Key = tuple[str, str, str, str]


@dataclass(frozen=True)
class Answer:
    etag: str  # unquoted
    headers: list[tuple[str, str]]
    body: bytes
    stored_at: float


@dataclass(frozen=True)
class Form:
    """A form's answer around its token: ``before`` + a new token + ``after``."""

    business_id: int
    headers: list[tuple[str, str]]  # without Content-Length and the request id
    before: bytes
    after: bytes
    stored_at: float


class WidgetFastPath:
    def __init__(
        self,
        wsgi_app: Callable,
        seconds: float,
        capacity: int,
        log: bool = True,
        clock: Callable[[], float] = time.monotonic,
        mint: Callable[[int], str] | None = None,
    ) -> None:
        self.wsgi_app = wsgi_app
        self.seconds = seconds
        self.log = log
        self.clock = clock
        self.mint = mint
        self._answers: Recent[Key, Answer] = Recent(capacity)
        self._forms: Recent[Key, Form] = Recent(capacity)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if (
            self.seconds <= 0
            or environ.get("REQUEST_METHOD") != "GET"
            # An API key's answers are its own (and never kept: no ETag).
            or "HTTP_AUTHORIZATION" in environ
        ):
            return self.wsgi_app(environ, start_response)
        if FORM_PATH.fullmatch(path) and self.mint is not None:
            return self._form(_key(environ), environ, start_response)
        if not CACHED_PATH.fullmatch(path):
            return self.wsgi_app(environ, start_response)
        began = time.perf_counter()
        key = _key(environ)
        answer = self._fresh(self._answers, key)
        if answer is None:
            return self._through(key, environ, start_response, began)
        request_id = request_id_for(environ.get("HTTP_X_REQUEST_ID"))
        given = environ.get("HTTP_IF_NONE_MATCH")
        if given and parse_etags(given).contains(answer.etag):
            status, body = "304 NOT MODIFIED", b""
            headers = _without_body(answer.headers)
        else:
            status, body, headers = "200 OK", answer.body, answer.headers
        start_response(status, [*headers, (REQUEST_ID_HEADER, request_id)])
        self._log(environ, status, began, request_id)
        return [body]

    def _log(self, environ: dict, status: str, began: float, request_id: str) -> None:
        if self.log:
            log_request(
                "GET",
                environ.get("PATH_INFO", ""),
                int(status.split(" ", 1)[0]),
                time.perf_counter() - began,
                environ.get("REMOTE_ADDR"),
                request_id,
            )

    def _fresh(self, kept: Recent, key: Key):
        """What ``kept`` holds for ``key`` (an Answer or a Form), unless it is older
        than the recheck interval (then it is forgotten)."""
        found = kept.get(key)
        if found is not None and self.clock() - found.stored_at >= self.seconds:
            kept.forget(key, found)
            return None
        return found

    def _form(
        self, key: Key, environ: dict, start_response: Callable
    ) -> Iterable[bytes]:
        """A form's answer with a token minted here, or Flask's (kept when it may be
        made again)."""
        began = time.perf_counter()
        form = self._fresh(self._forms, key)
        if form is None:
            return self._form_through(key, environ, start_response, began)
        request_id = request_id_for(environ.get("HTTP_X_REQUEST_ID"))
        body = form.before + self.mint(form.business_id).encode() + form.after
        start_response(
            "200 OK",
            [
                *form.headers,
                ("Content-Length", str(len(body))),
                (REQUEST_ID_HEADER, request_id),
            ],
        )
        self._log(environ, "200 OK", began, request_id)
        return [body]

    def _form_through(
        self, key: Key, environ: dict, start_response: Callable, began: float
    ) -> Iterable[bytes]:
        status, headers, chunks, request_id = self._flask(environ)
        business_id = environ.get(FORM_BUSINESS)
        if not status.startswith("200 ") or business_id is None:
            start_response(status, headers)
            self._log(environ, status, began, request_id)
            return chunks
        body = _whole(chunks)
        token = json.loads(body)["form_token"].encode()
        before, after = body.split(token, 1)
        kept = [
            (k, v)
            for k, v in headers
            if k != REQUEST_ID_HEADER and k.lower() != "content-length"
        ]
        self._forms.put(key, Form(business_id, kept, before, after, self.clock()))
        start_response(status, headers)
        self._log(environ, status, began, request_id)
        return [body]

    def _through(
        self, key: Key, environ: dict, start_response: Callable, began: float
    ) -> Iterable[bytes]:
        """Let Flask answer, and keep the answer if it is a whole, cacheable 200.

        A conditional request is passed on without its ``If-None-Match``, so that
        Flask makes the whole answer, which is kept for everyone; the caller then gets
        the 304 it asked for from here. (Browsers revalidate every time: without this,
        their requests would never find an answer kept.) The log line is written
        here, with the status the caller gets.
        """
        given = environ.get("HTTP_IF_NONE_MATCH")
        environ = {k: v for k, v in environ.items() if k != "HTTP_IF_NONE_MATCH"}
        status, headers, chunks, request_id = self._flask(environ)
        etag = _header(headers, "etag")
        if not status.startswith("200 ") or etag is None:
            start_response(status, headers)
            self._log(environ, status, began, request_id)
            return chunks
        body = _whole(chunks)
        kept = [(k, v) for k, v in headers if k != REQUEST_ID_HEADER]
        answer = Answer(unquote_etag(etag)[0], kept, body, self.clock())
        self._answers.put(key, answer)
        if given and parse_etags(given).contains(answer.etag):
            status, headers, body = "304 NOT MODIFIED", _without_body(headers), b""
        start_response(status, headers)
        self._log(environ, status, began, request_id)
        return [body]

    def _flask(self, environ: dict) -> tuple[str, list, Iterable[bytes], str]:
        """Flask's answer, not sent yet: its status, headers, body and request id.
        Its log line is left to the fast path, which knows what the caller gets."""
        environ[LOGGED_OUTSIDE] = True
        seen: dict = {}

        def remember(status: str, headers: list, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            return _no_write

        chunks = self.wsgi_app(environ, remember)
        headers = seen.get("headers") or []
        request_id = _header(headers, REQUEST_ID_HEADER.lower()) or ""
        return seen.get("status", ""), headers, chunks, request_id


def _whole(chunks: Iterable[bytes]) -> bytes:
    try:
        return b"".join(chunks)
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()  # ends Flask's request context


def _key(environ: dict) -> Key:
    return (
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
        environ.get("HTTP_HOST", ""),
        environ.get("wsgi.url_scheme", "http"),
    )


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    return next((v for k, v in headers if k.lower() == name), None)


def _without_body(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [h for h in headers if h[0].lower() not in BODY_HEADERS]


def _no_write(data: bytes) -> None:
    raise RuntimeError("the cached endpoints do not use WSGI's write()")
