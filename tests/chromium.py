"""Where Debian's Chromium is and how to launch it (browser tests and the bench).

Without the background-networking flags Chromium keeps trying hosts this machine cannot
reach; as root it needs --no-sandbox.
"""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
