"""Finished widget bodies, kept in memory by ETag.

A widget ETag names everything its body depends on: the business, its summary version
(which grows with every change a visitor can see), the query string and the response's
shape. A body made once for an ETag therefore stays right for as long as that ETag is
current, and a request costs one indexed row, which says the current version, instead
of a page of reviews. Each process keeps its own least-recently-used set of bodies;
nothing is shared and nothing needs invalidating.

In front of all this, ``embed.fast_path`` answers repeats of a request for a second
without Flask at all.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Recent(Generic[K, V]):
    """A bounded, thread-safe map that forgets its least recently used entries."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        if self.capacity <= 0:
            return
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)

    def forget(self, key: K, value: V) -> None:
        """Drop ``key`` if it still holds ``value``."""
        with self._lock:
            if self._entries.get(key) is value:
                del self._entries[key]

    def __len__(self) -> int:
        return len(self._entries)


# Serialised widget bodies by (ETag, host).
BodyCache = Recent[tuple[str, str], bytes]
