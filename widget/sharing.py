"""Share links for a page: plain URLs of each network's own share page, with nothing
of ours loaded from elsewhere (no script, no pixel, no cookie). The one place their
shapes are written; the review page, the e-mail to a review's author and the panel
use them, and the widget's "Share" opens the review page (or the browser's own share
sheet, which needs no links at all).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from flask_babel import gettext
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class ShareLink:
    network: str  # whatsapp, linkedin, facebook, x, email
    label: str
    url: str


def share_links(url: str, text: str) -> list[ShareLink]:
    """Where to share ``url`` with ``text`` (a short sentence naming the business)."""
    return [
        ShareLink(
            "whatsapp",
            "WhatsApp",
            "https://wa.me/?" + urlencode({"text": f"{text} {url}"}, quote_via=quote),
        ),
        ShareLink(
            "linkedin",
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?"
            + urlencode({"url": url}, quote_via=quote),
        ),
        ShareLink(
            "facebook",
            "Facebook",
            "https://www.facebook.com/sharer/sharer.php?"
            + urlencode({"u": url}, quote_via=quote),
        ),
        ShareLink(
            "x",
            "X",
            "https://x.com/intent/post?"
            + urlencode({"text": text, "url": url}, quote_via=quote),
        ),
        ShareLink(
            "email",
            str(_l("E-mail")),
            "mailto:?"
            + urlencode({"subject": text, "body": f"{text}\n{url}"}, quote_via=quote),
        ),
    ]


def review_text(business_name: str, rating: int) -> str:
    """The sentence shared with a review's link, in the current language."""
    return gettext(
        "A review of %(name)s: %(stars)s out of 5", name=business_name, stars=rating
    )
