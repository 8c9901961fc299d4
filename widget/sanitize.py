"""Turn untrusted input into plain text. The only module that imports nh3.

Review text is stored as plain text and escaped at output. Markup is removed here, at
the boundary, so that what is stored is what the reviewer meant to say: tags and the
content of ``script``/``style`` go, while ``I <3 it`` or ``a < b`` stay as typed.
"""

from __future__ import annotations

import html
import re
import unicodedata

import nh3

# C0/C1 control characters other than tab and newline; they have no place in a review.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_ENDINGS = re.compile(r"\r\n?")
_BLANK_RUNS = re.compile(r"\n{3,}")


def plain_text(value: str, *, multiline: bool = True) -> str:
    """Return ``value`` as plain text: no markup, tidy whitespace, NFC-normalised.

    Single-line fields (names, titles) have their line breaks folded into spaces.
    """
    text = _LINE_ENDINGS.sub("\n", value)
    text = _CONTROL.sub("", text)
    text = html.unescape(nh3.clean(text, tags=set(), attributes={}))
    text = unicodedata.normalize("NFC", text)
    if multiline:
        lines = [" ".join(line.split()) for line in text.split("\n")]
        text = _BLANK_RUNS.sub("\n\n", "\n".join(lines))
    else:
        text = " ".join(text.split())
    return text.strip()
