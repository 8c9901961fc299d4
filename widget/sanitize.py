"""Turn untrusted input into plain text. The only module that imports nh3.

Review text is stored as plain text and escaped at output. Markup is removed here, at
the boundary, so that what is stored is what the reviewer meant to say: tags and the
content of ``script``/``style`` go, while ``I <3 it``, ``a < b`` and entity-like text
(``&lt;script&gt;``, ``Tom &amp; Jerry``) stay exactly as typed: nothing is decoded
into markup. Characters that make text lie about itself go too: bidirectional
controls everywhere, and zero-width characters in names and titles.
"""

from __future__ import annotations

import html
import re
import unicodedata

import nh3

# C0/C1 control characters other than tab and newline; they have no place in a review.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates: they reorder what a reader sees.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Invisible characters that make two names look alike (kept in long text, where
# joiners shape emoji and scripts).
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
_LINE_ENDINGS = re.compile(r"\r\n?")
_BLANK_RUNS = re.compile(r"\n{3,}")


def plain_text(value: str, *, multiline: bool = True) -> str:
    """Return ``value`` as plain text: no markup, tidy whitespace, NFC-normalised.

    Single-line fields (names, titles) have their line breaks folded into spaces.
    """
    text = _LINE_ENDINGS.sub("\n", value)
    text = _BIDI.sub("", _CONTROL.sub("", text))
    if not multiline:
        text = _ZERO_WIDTH.sub("", text)
    # "&" is escaped first so that the entities nh3 writes, and only those, are
    # decoded again: text that looks like an entity stays as it was typed.
    cleaned = nh3.clean(text.replace("&", "&amp;"), tags=set(), attributes={})
    text = html.unescape(cleaned)
    text = unicodedata.normalize("NFC", text)
    if multiline:
        lines = [" ".join(line.split()) for line in text.split("\n")]
        text = _BLANK_RUNS.sub("\n\n", "\n".join(lines))
    else:
        text = " ".join(text.split())
    return text.strip()
