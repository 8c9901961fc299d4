"""A business's public face: its logo and brand colour, and text colours that stay
readable on it.

A logo is taken as PNG or JPEG of at most ``LOGO_MAX_BYTES``, decoded by Pillow and
written again as a PNG of at most ``LOGO_SIZE`` pixels a side: nothing of the upload
but its pixels is kept (no EXIF, no colour profile, no comments), and SVG or anything
else is refused.
"""

from __future__ import annotations

import hashlib
import io

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from widget.errors import ValidationFailed
from widget.extensions import db
from widget.models import Business

LOGO_MAX_BYTES = 1024 * 1024
LOGO_SIZE = 512
LOGO_FORMATS = {"PNG", "JPEG"}
# Decoding more pixels than this is refused (a small file can unpack into a huge one).
MAX_PIXELS = 40_000_000
DEFAULT_COLOUR = "#2f55c4"
DARK_TEXT, LIGHT_TEXT = "#10131c", "#ffffff"

NOT_AN_IMAGE = _l("Upload the logo as a PNG or JPEG image (SVG is not accepted).")
TOO_LARGE = _l("The logo may be at most 1 MB.")


def normalised_logo(data: bytes) -> bytes:
    """``data`` decoded and written again as a PNG; ``ValidationFailed`` if it is not
    a PNG or JPEG within the limits."""
    if len(data) > LOGO_MAX_BYTES:
        raise ValidationFailed(str(TOO_LARGE), {"logo": [str(TOO_LARGE)]})
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in LOGO_FORMATS:
                raise UnidentifiedImageError(image.format)
            if image.width * image.height > MAX_PIXELS:
                raise UnidentifiedImageError("too many pixels")
            image = ImageOps.exif_transpose(image)  # as the camera held it
            image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationFailed(
            str(NOT_AN_IMAGE), {"logo": [str(NOT_AN_IMAGE)]}
        ) from None
    image = image.convert("RGBA")
    image.thumbnail((LOGO_SIZE, LOGO_SIZE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def set_logo(business: Business, data: bytes | None) -> None:
    """Store a normalised logo (None removes it), in the caller's transaction."""
    business.logo = data
    business.logo_digest = hashlib.sha256(data).hexdigest()[:16] if data else None
    db.session.add(business)


def colour(business: Business) -> str:
    """The business's brand colour, ``#rrggbb``."""
    return (business.widget_accent or DEFAULT_COLOUR).lower()


def text_on(background: str) -> str:
    """Dark or white text, whichever contrasts more with ``background`` (one of them
    always reaches 4.5:1)."""
    dark = contrast(background, DARK_TEXT)
    light = contrast(background, LIGHT_TEXT)
    return DARK_TEXT if dark >= light else LIGHT_TEXT


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
