"""HTTP plumbing shared by the public and owner surfaces (no views here)."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, jsonify, request
from flask_babel import gettext
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

# Where a surface registers ``page(status, message, errors) -> html`` for errors.
ERROR_PAGE = "vouch_error_page"


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(
    status: int, code: str, message: str, errors: dict | None = None
) -> tuple[Response | str, int]:
    """Answer with JSON under /api/ and elsewhere with the friendly HTML page that
    the public surface registers (``ERROR_PAGE``), or plain text without one."""
    message = str(message)
    errors = plain_messages(errors) if errors else errors
    if wants_json():
        body: dict[str, Any] = {"error": code, "message": message}
        if errors:
            body["errors"] = errors
        return jsonify(body), status
    page = current_app.extensions.get(ERROR_PAGE)
    if page is None:
        return Response(message, status, mimetype="text/plain"), status
    return page(status, message, errors), status


def plain_messages(messages: Any) -> Any:
    """Field messages as ``{field: [text]}`` with plain strings.

    Translated messages stay lazy until here, and marshmallow does not wrap a lazy
    message in a list as it does a string.
    """
    if isinstance(messages, dict):
        return {str(key): _field_messages(value) for key, value in messages.items()}
    return _field_messages(messages)


def _field_messages(value: Any) -> Any:
    if isinstance(value, dict):
        return plain_messages(value)
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return [str(value)]


def json_body(max_bytes: int | None = None) -> Any:
    """Return the request's JSON body: 415 if it is not JSON, 400 if malformed,
    413 past ``max_bytes``."""
    if max_bytes is not None:
        request.max_content_length = max_bytes
    if not request.is_json:
        raise UnsupportedMediaType(
            gettext("Send a JSON body (Content-Type: application/json).")
        )
    try:
        return request.get_json()
    except (BadRequest, RecursionError):
        raise BadRequest(gettext("The request body is not valid JSON.")) from None
