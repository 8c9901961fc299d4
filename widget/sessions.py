"""Cookie sessions for the pages that need them, and none for the JSON APIs.

The APIs and health checks are answered without cookies (public, or a bearer key), so
they get a null session: no cookie is parsed, none is set, and responses do not vary on
``Cookie``, which would split every shared cache's entries by visitor.
"""

from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

COOKIELESS_PREFIXES = ("/api/", "/healthz", "/readyz")


class PageSessions(SecureCookieSessionInterface):
    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.path.startswith(COOKIELESS_PREFIXES):
            return None  # Flask substitutes a read-only null session
        return super().open_session(app, request)
