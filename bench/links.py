"""The spam check's link scan on adversarial text: the time to scan a 5,000-character
body that makes a backtracking pattern try every start again, against the earlier
pattern side by side (target: under 10 ms)."""

from __future__ import annotations

import re
import time

from widget.spam import LINK

# The pattern before it was made linear, for the side-by-side figure.
EARLIER = re.compile(
    r"(https?://|www\.)\S+|\b[a-z0-9-]+\.(com|net|org|ru|io|biz|info|xyz|top)\b", re.I
)
LENGTH = 5000
BODIES = {
    "a-a-a-… (a word boundary at every other character, no dot)": "a-" * (LENGTH // 2),
    "one long word, no dot": "a" * LENGTH,
    "www. then no space": "www." + "a" * (LENGTH - 4),
    "ordinary text with two links": (
        "Great bread, see www.example.com and shop.example.org. " * 90
    )[:LENGTH],
}


def _time(pattern: re.Pattern, text: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        pattern.findall(text)
        best = min(best, time.perf_counter() - began)
    return best


def report() -> None:
    for name, text in BODIES.items():
        assert len(LINK.findall(text)) == len(EARLIER.findall(text)), name
        now, before = _time(LINK, text), _time(EARLIER, text)
        print(
            f"  {name}: {now * 1000:.2f} ms"
            f" (earlier pattern {before * 1000:.1f} ms, {before / now:.0f}x)"
        )


if __name__ == "__main__":
    report()
