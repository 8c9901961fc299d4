"""Vouch: a self-hosted review and rating widget."""

from widget.app import create_app

__all__ = ["create_app"]
