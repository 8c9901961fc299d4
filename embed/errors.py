"""The site's error page: every error outside ``/api/`` is answered with it."""

from __future__ import annotations

from flask import render_template


def error_page(status: int, message: str, errors: dict | None) -> str:
    """A friendly page saying what went wrong (``widget.http.error_response``)."""
    return render_template(
        "embed/error.html", status=status, message=message, errors=errors
    )
