"""Sizes of the shipped embed scripts, against the first-paint budget."""

from __future__ import annotations

import gzip
from pathlib import Path

BUILT = Path(__file__).resolve().parent.parent / "embed" / "static"
SOURCES = BUILT.parent / "js"
FIRST_PAINT_BUDGET = 6 * 1024


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def report() -> None:
    print("Embed scripts (gzip -9):")
    for name in ("embed.js", "embed-more.js"):
        built = (BUILT / name).read_bytes()
        source = (SOURCES / name).read_bytes()
        print(
            f"  {name:14} {len(built):7,} B minified, {gzipped(built):6,} B gzipped"
            f"  (readable source {len(source):,} B, {gzipped(source):,} B gzipped;"
            f" minified/source gzipped {gzipped(built) / gzipped(source):.2f})"
        )
    first = gzipped((BUILT / "embed.js").read_bytes())
    print(
        "  first paint of badge, micro and floating needs embed.js only:"
        f" {first:,} B of the {FIRST_PAINT_BUDGET:,} B budget"
        f" ({first / FIRST_PAINT_BUDGET:.0%})"
    )
