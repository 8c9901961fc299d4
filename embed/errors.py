"""The site's error page: every error outside ``/api/`` is answered with it."""

from __future__ import annotations

from flask import render_template
from flask.globals import request_ctx


def error_page(status: int, message: str, errors: dict | None) -> str:
    """A friendly page saying what went wrong (``widget.http.error_response``).

    A request refused before routing (a host name the site does not answer to) has
    no links to offer: it gets the bare page.
    """
    if request_ctx.url_adapter is None:
        return render_template("embed/bare_error.html", status=status, message=message)
    return render_template(
        "embed/error.html", status=status, message=message, errors=errors
    )
