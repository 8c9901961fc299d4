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

from widget.recent import Recent

# Serialised widget bodies by (ETag, host).
BodyCache = Recent[tuple[str, str], bytes]
