"""Sharing in a real browser: a published review's page opened from another origin,
its link preview tags and pictures, its share links, the branded hosted page and the
star input, each looked at on a phone and a desktop."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, watch
from tests.browser.widget_pages import axe_violations, host_page, ready, widget_tag
from tests.builders import make_api_key, make_business, make_review
from widget.branding import set_logo
from widget.businesses import find_business, update_settings
from widget.database import write_transaction

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 390, "desktop": 1280}


def shot(page, name: str) -> None:
    (ARTIFACTS / "sharing").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sharing" / f"{name}.png"), full_page=True)


def logo_png() -> bytes:
    out = io.BytesIO()
    image = Image.new("RGBA", (120, 120), (255, 255, 255, 0))
    for x in range(20, 100):
        for y in range(20, 100):
            image.putpixel((x, y), (250, 200, 60, 255))
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def branded(live_app):
    make_business(live_app, name="Corner Bakery", website_url="https://bakery.example")
    with live_app.app_context():
        business = find_business("bakery")
        update_settings(business, {"widget_accent": "#7a2e0e"})
        with write_transaction():
            set_logo(business, logo_png())
    key = make_api_key(live_app)
    client = live_app.test_client()
    review_id = make_review(
        client,
        key,
        rating=5,
        title="Crème brûlée worth the trip",
        body="Crisp sugar, cold custard, and a warm welcome. We come back every week.",
        author_name="Zoë Janssen",
    )
    make_review(client, key, rating=4, body="Good rye, friendly staff.")
    return live_app, review_id


def test_a_shared_review_page_from_another_origin(context, branded, host_site):
    app, review_id = branded
    service = app.config["LIVE_URL"]
    # A visitor on the business's own site opens the review's page from a link.
    host_site.pages["/"] = host_page(
        service,
        f'<p><a id="shared" href="{service}/r/bakery/reviews/{review_id}">'
        "Read what Zoë wrote</a></p>",
    )
    page = context.new_page()
    errors = watch(page)
    page.goto(host_site.url + "/")
    page.click("#shared")
    page.wait_for_url(f"{service}/r/bakery/reviews/{review_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Crème brûlée worth the trip"
    )

    # The link preview's tags, as a network's crawler reads them.
    tags = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll(
              'meta[property^="og:"], meta[name^="twitter:"]')]
            .map(m => [m.getAttribute('property') || m.getAttribute('name'),
                       m.content]))"""
    )
    url = f"{service}/r/bakery/reviews/{review_id}"
    assert tags["og:url"] == url and tags["og:title"] == "Crème brûlée worth the trip"
    assert tags["og:description"].startswith("Crisp sugar, cold custard")
    assert tags["twitter:card"] == "summary_large_image"
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical == url

    # Both pictures, fetched as a crawler (or the "download" links) would.
    for path, size in (("/card.png", (1200, 630)), ("/card-square.png", (1080, 1080))):
        answer = page.request.get(url + path)
        assert answer.status == 200 and answer.headers["content-type"] == "image/png"
        picture = Image.open(io.BytesIO(answer.body()))
        assert picture.size == size
        name = "card-wide" if size[0] == 1200 else "card-square"
        (ARTIFACTS / "sharing").mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "sharing" / f"{name}.png").write_bytes(answer.body())
    assert tags["og:image"] == url + "/card.png"

    # Each share link is a plain address of the network's own share page.
    links = {
        link.get_attribute("data-network"): link.get_attribute("href")
        for link in page.locator(".share-links a").all()
    }
    expected = {
        "whatsapp": ("wa.me", "text"),
        "linkedin": ("www.linkedin.com", "url"),
        "facebook": ("www.facebook.com", "u"),
        "x": ("x.com", "url"),
        "email": ("", "body"),
    }
    assert set(links) == set(expected)
    for network, (host, field) in expected.items():
        parts = urlsplit(links[network])
        assert parts.netloc == host
        assert url in parse_qs(parts.query)[field][0]

    # Nothing was loaded from anywhere but the service.
    loaded = page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert all(name.startswith(service) for name in loaded), loaded
    assert page.context.cookies(service) == []

    # Copy link works with the keyboard.
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=service
    )
    page.get_by_role("button", name="Copy link").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".copy-status")).to_have_text("Link copied")
    assert page.evaluate("() => navigator.clipboard.readText()") == url

    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"review-page-{label}")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    assert errors == []


def test_the_branded_hosted_page_and_its_star_input(context, branded):
    app, _ = branded
    service = app.config["LIVE_URL"]
    page = context.new_page()
    errors = watch(page)
    page.goto(f"{service}/r/bakery")
    # The business's name and logo lead to its own site, in its colour.
    brand = page.locator(".site-header .brand")
    assert brand.get_attribute("href") == "https://bakery.example"
    expect(brand.locator("img.logo")).to_be_visible()
    header_colour = page.evaluate(
        "() => getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert header_colour == "rgb(122, 46, 14)"

    # Five stars in one row, a radio group: arrow keys move, labels name each.
    stars = page.locator(".star-row label")
    expect(stars).to_have_count(5)
    boxes = [stars.nth(n).bounding_box() for n in range(5)]
    assert len({round(box["y"]) for box in boxes}) == 1
    assert all(box["width"] >= 44 and box["height"] >= 44 for box in boxes)
    page.get_by_label("3 stars").check()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_label("4 stars")).to_be_checked()
    # Sending without a rating names the problem next to it.
    page.get_by_label("3 stars").evaluate("(input) => { input.checked = false }")
    page.get_by_label("4 stars").evaluate("(input) => { input.checked = false }")
    page.locator("#body").fill("Nice.")
    page.get_by_role("button", name="Send review").click()
    expect(page.locator("#err-rating")).to_contain_text("rating")
    expect(page.locator("fieldset.stars-input")).to_have_attribute(
        "aria-invalid", "true"
    )

    for label, width in {"narrow": 320, **WIDTHS}.items():
        page.set_viewport_size({"width": width, "height": 900})
        boxes = [stars.nth(n).bounding_box() for n in range(5)]
        assert len({round(box["y"]) for box in boxes}) == 1, label
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        shot(page, f"hosted-page-{label}")
    assert axe_violations(page) == []
    # The form answered with its 422 page, which the console reports; nothing else.
    assert [e for e in errors if "status of 422" not in e] == []


def test_the_widget_form_has_the_star_row_and_the_e_mail_box(
    context, branded, host_site
):
    app, _ = branded
    service = app.config["LIVE_URL"]
    host_site.pages["/"] = host_page(service, widget_tag("form"))
    page = context.new_page()
    errors = watch(page)
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(host_site.url + "/")
    root = ready(page, "form")
    labels = root.locator(".star-row label")
    expect(labels).to_have_count(5)
    boxes = [labels.nth(n).bounding_box() for n in range(5)]
    assert len({round(box["y"]) for box in boxes}) == 1
    assert all(box["width"] >= 44 and box["height"] >= 44 for box in boxes)
    notify = root.get_by_label(
        "E-mail me when my review is published, with a link to share it"
    )
    expect(notify).not_to_be_checked()
    root.get_by_label("4 stars").check()
    root.get_by_label("Your review").fill("Lovely croissants, " * 270)
    expect(root.locator(".counter")).to_contain_text("characters too many")
    root.get_by_label("Your review").fill("Lovely croissants.")
    root.get_by_label("Your name (shown with the review)").fill("Ann")
    root.get_by_label("Your e-mail (never shown)").fill("ann@example.com")
    root.get_by_label(re.compile("^I agree")).check()
    notify.check()
    root.get_by_role("button", name="Send review").click()
    thanks = root.locator(".thanks")
    expect(thanks).to_contain_text("awaiting moderation")
    expect(thanks).to_contain_text("We will e-mail you once, when it is published.")
    expect(root.locator("form")).to_have_count(0)
    shot(page, "widget-form-thanks-320")
    assert axe_violations(page) == []
    assert errors == []
