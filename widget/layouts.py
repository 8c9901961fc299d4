"""What the embed script offers, named once for the builder, the demo and the docs."""

from __future__ import annotations

LAYOUTS = (
    "badge",
    "micro",
    "list",
    "carousel",
    "grid",
    "histogram",
    "form",
    "floating",
)
THEMES = ("light", "dark", "auto")
