"""Security headers, set in this one place for every answer.

Every HTML page (the hosted review page, invitation, confirmation, unsubscribe,
report, thanks, how reviews work, the panel, the docs) forbids inline script and
style, framing, and content sniffing; HSTS goes out with every answer over HTTPS;
answers to a request that carried an API key are never stored.
"""

from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'none'; object-src 'none'"
)
HSTS = "max-age=63072000"


def secure(response: Response) -> Response:
    """Add the headers ``response`` needs."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    if response.mimetype == "text/html":
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    if "Authorization" in request.headers and "no-store" not in (
        headers.get("Cache-Control") or ""
    ):
        headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.after_request(secure)
