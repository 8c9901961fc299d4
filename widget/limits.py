"""Rate limits per client address, shared by every door they guard."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app

from widget.extensions import limiter


def per_client(setting: str, scope: str, message: str) -> Callable:
    """A decorator limiting POSTs per client address to the rate in ``setting``
    (read at request time); every view it decorates counts in one ``scope``."""
    return limiter.shared_limit(
        lambda: current_app.config[setting],
        scope=scope,
        methods=["POST"],
        error_message=message,
    )
