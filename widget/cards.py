"""A published review drawn as an image to share: 1200×630 for link previews and
1080×1080 for Instagram, in the business's brand colour with its logo and name.

Drawn on the server with Pillow in DejaVu Sans (``widget/fonts``, Bitstream Vera
licence, shipped with Vouch: nothing is downloaded). Characters the font lacks (most
emoji) are left out rather than drawn as boxes. Text is dark or white, whichever
contrasts more with the brand colour (always at least 4.5:1). A long review is
shortened at a word, with "…".

``card`` returns the PNG and its ETag; the ETag is a digest of everything drawn, so it
changes exactly when the picture would, and a picture already made for it is kept in
memory.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask_babel import format_date, format_decimal, gettext, ngettext
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from widget import branding
from widget.models import Business, Review
from widget.recent import Recent
from widget.schemas import platform_label

FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf"
# Part of every card's ETag: bump when the drawing changes.
REVISION = "1"
ELLIPSIS = "…"


@dataclass(frozen=True)
class Shape:
    width: int
    height: int
    margin: int
    body_size: int
    body_lines: int


SHAPES = {
    "wide": Shape(1200, 630, 64, 34, 4),
    "square": Shape(1080, 1080, 80, 40, 10),
}

_kept: Recent[str, bytes] = Recent(64)


@dataclass(frozen=True)
class Drawn:
    """Everything a card shows, already in the reader's language."""

    business: str
    colour: str
    logo_digest: str | None
    rating: int
    title: str
    body: str
    author: str
    provenance: str
    date: str

    def etag(self, shape: str) -> str:
        digest = hashlib.sha256(repr((REVISION, shape, self)).encode()).hexdigest()
        return f"c{digest[:24]}"


def drawn(business: Business, review: Review) -> Drawn:
    """What the card of ``review`` shows, in the current language."""
    return Drawn(
        business=printable(business.name),
        colour=branding.colour(business),
        logo_digest=business.logo_digest,
        rating=review.rating,
        title=printable(review.title or ""),
        body=printable(review.body),
        author=printable(first_name(review.author_name)),
        provenance=provenance(review) or "",
        date=format_date(review.created_at, "long"),
    )


def drawn_summary(business: Business, average: float | None, count: int) -> Drawn:
    """What the card of ``business``'s reviews shows: the average and the count."""
    return Drawn(
        business=printable(business.name),
        colour=branding.colour(business),
        logo_digest=business.logo_digest,
        rating=round(average or 0),
        title=gettext(
            "%(average)s out of 5", average=format_decimal(average or 0, "0.0")
        )
        if count
        else "",
        body=ngettext("%(num)s review", "%(num)s reviews", count)
        if count
        else gettext("No reviews yet. Be the first to write one!"),
        author="",
        provenance="",
        date="",
    )


def summary_card(business: Business, average: float | None, count: int):
    """The PNG of ``business``'s summary card (wide) and its ETag."""
    return _picture(business, drawn_summary(business, average, count), "wide")


def card(business: Business, review: Review, shape: str) -> tuple[bytes, str]:
    """The PNG of ``review``'s card in ``shape`` ("wide" or "square"), and its ETag."""
    return _picture(business, drawn(business, review), shape)


def _picture(business: Business, what: Drawn, shape: str) -> tuple[bytes, str]:
    etag = what.etag(shape)
    png = _kept.get(etag)
    if png is None:
        png = render(what, SHAPES[shape], business.logo if what.logo_digest else None)
        _kept.put(etag, png)
    return png, etag


def first_name(name: str) -> str:
    return name.split()[0] if name.split() else name


def provenance(review: Review) -> str | None:
    """How the review came to be, as the review page and the card say it."""
    if review.verification_method == "invitation":
        return gettext("Verified customer (invited)")
    if review.verification_method == "email_confirmed":
        return gettext("E-mail confirmed")
    if review.imported_from:
        return gettext(
            "Imported from %(platform)s", platform=platform_label(review.imported_from)
        )
    return None


def printable(text: str) -> str:
    """``text`` without the characters the font cannot draw (and without the joiners
    and variation selectors of the emoji they belonged to)."""
    covered = _covered()
    kept = "".join(
        ch
        for ch in text
        if ch == "\n" or (ord(ch) in covered and unicodedata.category(ch)[0] != "C")
    )
    return re.sub(r"[ \t]+", " ", kept).strip()


@cache
def _covered() -> frozenset[int]:
    """Code points both shipped fonts can draw."""
    covered = []
    for path in (REGULAR, BOLD):
        with TTFont(path) as font:
            covered.append(set(font.getBestCmap()))
    return frozenset(covered[0] & covered[1])


@cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def render(what: Drawn, shape: Shape, logo: bytes | None) -> bytes:
    """Draw ``what`` on a ``shape``-sized card and return the PNG."""
    background = what.colour
    ink = branding.text_on(background)
    faint = _blend(ink, background, 0.45)
    image = Image.new("RGB", (shape.width, shape.height), background)
    pen = ImageDraw.Draw(image)
    left, width = shape.margin, shape.width - 2 * shape.margin
    y = shape.margin

    # The business: logo and name.
    name_font = _font(BOLD, 40)
    x = left
    if logo:
        with Image.open(io.BytesIO(logo)) as mark:
            mark = mark.convert("RGBA")
            mark.thumbnail((160, 72))
            image.paste(mark, (x, y), mark)
            x += mark.width + 24
    name = _shortened(what.business, name_font, left + width - x, 1)
    pen.text((x, y + 12), name[0] if name else "", font=name_font, fill=ink)
    y += 72 + 40

    # The stars.
    star_font = _font(REGULAR, 60)
    for n in range(5):
        pen.text(
            (left + n * 66, y),
            "★",
            font=star_font,
            fill=ink if n < what.rating else faint,
        )
    y += 60 + 36

    # The review.
    if what.title:
        title_font = _font(BOLD, shape.body_size + 4)
        for line in _shortened(what.title, title_font, width, 2):
            pen.text((left, y), line, font=title_font, fill=ink)
            y += int((shape.body_size + 4) * 1.3)
        y += 8
    body_font = _font(REGULAR, shape.body_size)
    bottom = shape.height - shape.margin - 40 - 24
    room = max(1, min(shape.body_lines, (bottom - y) // int(shape.body_size * 1.4)))
    for line in _shortened(what.body, body_font, width, room):
        pen.text((left, y), line, font=body_font, fill=ink)
        y += int(shape.body_size * 1.4)

    # Who, how and when.
    meta_font = _font(REGULAR, 28)
    meta = " · ".join(
        part for part in (what.author, what.provenance, what.date) if part
    )
    line = _shortened(meta, meta_font, width, 1)
    pen.text(
        (left, shape.height - shape.margin - 34),
        line[0] if line else "",
        font=meta_font,
        fill=ink,
    )
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def _shortened(
    text: str, font: ImageFont.FreeTypeFont, width: int, lines: int
) -> list[str]:
    """``text`` wrapped at words into at most ``lines`` lines of ``width`` pixels; the
    last ends in "…" when the text goes on."""
    words = text.split()
    out: list[str] = []
    current = ""
    index = 0
    while index < len(words):
        word = words[index]
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width:
            current = candidate
            index += 1
            continue
        if not current:  # one word wider than the line: cut it
            while word and font.getlength(word + ELLIPSIS) > width:
                word = word[:-1]
            current, index = word + ELLIPSIS, index + 1
        out.append(current)
        current = ""
        if len(out) == lines:
            break
    else:
        if current:
            out.append(current)
        return out
    # The text goes on: end the last line with "…", dropping words until it fits.
    last = out[-1].rstrip(ELLIPSIS)
    while last and font.getlength(last + ELLIPSIS) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    out[-1] = last.rstrip(" ,.;:") + ELLIPSIS
    return out


def _blend(first: str, second: str, share: float) -> tuple[int, int, int]:
    a, b = branding.rgb(first), branding.rgb(second)
    return tuple(round(x * share + y * (1 - share)) for x, y in zip(a, b, strict=True))
