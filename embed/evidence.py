"""What a submission's request tells the anti-abuse checks besides the form itself."""

from __future__ import annotations

from typing import Any

from flask import request


def request_evidence(*, works_without_script: bool = False) -> dict[str, Any]:
    """The request's part of ``widget.spam.Evidence``: where the form was sent from,
    this site's own origin, the client's address, and whether the door works without
    JavaScript (a missing proof of work is then held for a look, not refused)."""
    return {
        "origin": request.headers.get("Origin"),
        "own_origin": request.host_url.rstrip("/"),
        "client_address": request.remote_addr,
        "works_without_script": works_without_script,
    }
