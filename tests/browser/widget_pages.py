"""Host pages, a stocked shop and axe-core for the widget's browser tests."""

from __future__ import annotations

import html
import json
from datetime import timedelta
from pathlib import Path

from tests.builders import make_api_key, make_business, written_review
from widget.models import utcnow

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# Ten published reviews, oldest first: 4 × 5★, 3 × 4★, one each of 3★, 2★, 1★.
RATINGS = [5, 4, 1, 5, 3, 5, 4, 2, 5, 4]
AVERAGE = "3.8"


def stock_shop(app) -> list[int]:
    """The 'bakery' with RATINGS, the oldest review featured and one reply.

    The newest review is three days old, the others a day older each.
    """
    make_business(app)
    key = make_api_key(app)
    client = app.test_client()
    now = utcnow()
    ids = [
        written_review(
            app,
            now=now - timedelta(days=3 + len(RATINGS) - 1 - n),
            rating=rating,
            title=f"Title {n}",
            body=f"Review {n}",
        )
        for n, rating in enumerate(RATINGS)
    ]
    auth = {"Authorization": f"Bearer {key}"}
    client.put(
        f"/api/v1/businesses/bakery/reviews/{ids[0]}/featured",
        json={"featured": True},
        headers=auth,
    )
    client.put(
        f"/api/v1/businesses/bakery/reviews/{ids[2]}/reply",
        json={"body": "Sorry about that; come back for a free loaf."},
        headers=auth,
    )
    return ids


def widget_tag(layout: str, href: str = "/fallback", **options: str) -> str:
    attrs = "".join(
        f' data-{name.replace("_", "-")}="{html.escape(value)}"'
        for name, value in options.items()
    )
    return (
        f'<div id="w-{layout}" data-vouch="{layout}" data-business="bakery"{attrs}>'
        f'<a href="{href}">Our reviews</a></div>'
    )


def host_page(
    service: str,
    widgets: str,
    *,
    lang: str = "en",
    head: str = "",
    scripts: str | None = None,
) -> str:
    """A plain, valid host page around ``widgets``."""
    if scripts is None:
        scripts = f'<script async src="{service}/embed.js"></script>'
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>Corner Bakery</title>
<link rel="icon" href="data:,">{head}</head>
<body><main><h1>Corner Bakery</h1>
<p id="host-text">Bread since 1998.</p>
{widgets}
</main>{scripts}</body></html>"""


def ready(page, layout: str):
    """The widget's root once its data is painted."""
    root = page.locator(f"#w-{layout} .root.is-{layout}")
    root.wait_for(state="attached")
    return root


def axe_violations(page, within: str | None = None) -> list[str]:
    """Run axe-core (WCAG 2.2 A and AA) on the whole page, shadow roots included, or
    on the elements ``within`` selects (an open menu, which covers what is below)."""
    # Colours are measured once transitions (the carousel's fade) have finished, in
    # the page and in every widget's shadow root (the document's own list leaves
    # those out).
    page.wait_for_function(
        """() => [document, ...[...document.querySelectorAll("*")]
              .filter(e => e.shadowRoot).map(e => e.shadowRoot)]
            .every(root => root.getAnimations()
              .every(a => a.playState !== "running"))"""
    )
    # Evaluated through the DevTools protocol, which a page's strict CSP (no inline
    # script, as Vouch's own pages send) does not stop, unlike an inline script tag.
    page.evaluate(AXE_SOURCE.read_text())
    found = page.evaluate(
        """async ([tags, within]) => {
          const only = {runOnly: {type: "tag", values: tags}};
          const result = await axe.run(within ? {include: [within]} : document, only);
          return result.violations.flatMap(v => v.nodes.map(
            n => `${v.id}: ${JSON.stringify(n.target)} ${n.failureSummary}`));
        }""",
        [WCAG_22_AA, within],
    )
    return found


def structured_data(page) -> list[dict]:
    texts = page.locator("script[type='application/ld+json']").all_text_contents()
    return [json.loads(text) for text in texts]
