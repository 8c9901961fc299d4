"""Who performs an action, as recorded in the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from widget.models import ApiKey, User


@dataclass(frozen=True)
class Actor:
    label: str
    user_id: int | None = None

    @classmethod
    def for_user(cls, user: User) -> Actor:
        return cls(label=f"user:{user.email}", user_id=user.id)

    @classmethod
    def for_api_key(cls, key: ApiKey) -> Actor:
        return cls(label=f"api-key:{key.prefix}")

    @classmethod
    def named(cls, name: str) -> Actor:
        """An actor without an account: ``cli``, ``reviewer``, ``policy:auto_all``."""
        return cls(label=name)
