"""Absolute links for e-mails and QR codes, inside or outside a request."""

from __future__ import annotations

from flask import current_app, has_request_context, url_for


def absolute(endpoint: str, **values) -> str:
    """The full URL of ``endpoint``: under PUBLIC_URL when set, else the request's host.

    Outside a request (the CLI) PUBLIC_URL is needed; without it links point at the
    local development address.
    """
    base = current_app.config["PUBLIC_URL"]
    if base is None and has_request_context():
        return url_for(endpoint, _external=True, **values)
    base = (base or "http://127.0.0.1:5000").rstrip("/")
    with current_app.test_request_context(base_url=base):
        return url_for(endpoint, _external=True, **values)
