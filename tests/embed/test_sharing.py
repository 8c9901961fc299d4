"""Every published review has a page of its own and two pictures to share, with the
business's logo and colour; nothing of a review that is not shown is served."""

from __future__ import annotations

import io
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from tests.builders import make_api_key, make_business, make_review, moderate

PAGE = "/r/bakery/reviews/{}"
CARDS = {"card.png": (1200, 630), "card-square.png": (1080, 1080)}


def meta(html: str) -> dict[str, str]:
    """The page's <meta property|name=… content=…> tags, and its canonical link."""
    found = {
        key: unescape(value)
        for key, value in re.findall(
            r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html
        )
    }
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)
    found["canonical"] = canonical.group(1) if canonical else None
    return found


def picture(response) -> Image.Image:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "image/png"
    return Image.open(io.BytesIO(response.data))


@pytest.fixture
def shop(make_app):
    app = make_app(PUBLIC_URL="https://reviews.bakery.example")
    make_business(app, website_url="https://bakery.example")
    return app, app.test_client(), make_api_key(app)


def test_a_published_review_has_a_page_with_its_link_preview(shop):
    _app, client, key = shop
    review_id = make_review(
        client, key, rating=5, title="Best rye in town", body="Dark, moist rye bread."
    )
    response = client.get(PAGE.format(review_id))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    tags = meta(html)
    url = f"https://reviews.bakery.example/r/bakery/reviews/{review_id}"
    assert tags["canonical"] == url and tags["og:url"] == url
    assert tags["og:title"] == "Best rye in town"
    assert tags["og:description"] == "Dark, moist rye bread."
    assert tags["og:image"] == url + "/card.png"
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:image"] == tags["og:image"]
    # The review, who wrote it, the business's summary and the way to all reviews.
    assert "Dark, moist rye bread." in html and "Ada" in html
    assert 'href="/r/bakery' in html and "1 review" in html
    # Its picture, as the preview names it (the path under the public address).
    preview = client.get(urlsplit(tags["og:image"]).path)
    assert picture(preview).size == (1200, 630)


def test_the_page_speaks_the_business_language_and_switches(shop):
    _app, client, key = shop
    review_id = make_review(client, key)
    dutch = client.get(PAGE.format(review_id) + "?lang=nl").get_data(as_text=True)
    assert "Deel deze review" in dutch and "Share this review" not in dutch
    assert '<html lang="nl">' in dutch


def test_share_links_are_plain_urls_without_trackers(shop):
    _app, client, key = shop
    review_id = make_review(client, key, rating=4)
    html = client.get(PAGE.format(review_id)).get_data(as_text=True)
    url = f"https://reviews.bakery.example/r/bakery/reviews/{review_id}"
    links = {
        network: unescape(href)
        for href, network in re.findall(
            r'<a href="([^"]+)" rel="noopener noreferrer" target="_blank"'
            r' data-network="([^"]+)">',
            html,
        )
    }
    assert set(links) == {"whatsapp", "linkedin", "facebook", "x", "email"}
    shapes = {
        "whatsapp": ("https", "wa.me", "text"),
        "linkedin": ("https", "www.linkedin.com", "url"),
        "facebook": ("https", "www.facebook.com", "u"),
        "x": ("https", "x.com", "url"),
        "email": ("mailto", "", "body"),
    }
    for network, (scheme, host, field) in shapes.items():
        parts = urlsplit(links[network])
        assert (parts.scheme, parts.netloc) == (scheme, host), links[network]
        assert url in parse_qs(parts.query)[field][0]
    # Nothing on the page is loaded from elsewhere: scripts, styles and images are
    # the service's own.
    for src in re.findall(r'<(?:script|img)[^>]* src="([^"]+)"', html):
        assert src.startswith("/"), src
    for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html):
        assert href.startswith("/"), href


@pytest.mark.parametrize("change", ["pending", "reject", "delete"])
def test_a_review_not_shown_has_no_page_and_no_pictures(shop, change):
    _app, client, key = shop
    if change == "pending":
        review_id = make_review(client, key, publish=False)
    else:
        review_id = make_review(client, key)
        for path in ("", "/card.png", "/card-square.png"):
            assert client.get(PAGE.format(review_id) + path).status_code == 200
        if change == "reject":
            assert moderate(client, key, review_id, "reject", reason="off_topic")
        else:
            client.delete(
                f"/api/v1/businesses/bakery/reviews/{review_id}",
                headers={"Authorization": f"Bearer {key}"},
            )
    for path in ("", "/card.png", "/card-square.png"):
        assert client.get(PAGE.format(review_id) + path).status_code == 404


@pytest.mark.parametrize(("name", "size"), CARDS.items())
def test_cards_have_their_size_and_a_strong_etag(shop, name, size):
    _app, client, key = shop
    review_id = make_review(client, key)
    first = client.get(PAGE.format(review_id) + "/" + name)
    assert picture(first).size == size
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert "no-cache" in first.headers["Cache-Control"]
    again = client.get(
        PAGE.format(review_id) + "/" + name, headers={"If-None-Match": etag}
    )
    assert again.status_code == 304 and again.data == b""


def test_the_etag_changes_when_anything_drawn_changes(shop):
    app, client, key = shop
    review_id = make_review(client, key)
    path = PAGE.format(review_id) + "/card.png"
    before = client.get(path).headers["ETag"]
    assert client.get(path + "?lang=nl").headers["ETag"] != before  # the date's words
    from widget.businesses import find_business, update_settings

    with app.app_context():
        update_settings(find_business("bakery"), {"widget_accent": "#ffd000"})
    coloured = client.get(path)
    assert coloured.headers["ETag"] != before
    # Dark text on the light yellow: the darkest ink reaches 4.5:1 against it.
    image = picture(coloured).convert("RGB")
    background = image.getpixel((5, 5))
    darkest = min(image.get_flattened_data(), key=sum)
    assert background == (255, 208, 0)
    assert contrast(darkest, background) >= 4.5


def contrast(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    def luminance(rgb):
        def channel(v):
            c = v / 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b_ = (channel(v) for v in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def card_of(client, key, **review) -> Image.Image:
    review_id = make_review(client, key, **review)
    return picture(client.get(PAGE.format(review_id) + "/card.png")).convert("RGB")


def test_an_emoji_the_font_lacks_is_left_out_rather_than_drawn_as_a_box(shop):
    _app, client, key = shop
    # The shipped font has no croissant (U+1F950) and no ZWJ sequences: left out.
    with_emoji = card_of(
        client, key, title="Lekker 🥐", body="Brood 👨‍🍳 met roomboter."
    )
    plain = card_of(client, key, title="Lekker", body="Brood met roomboter.")
    assert with_emoji.tobytes() == plain.tobytes()
    # It has the classic smileys (U+1F600…): drawn.
    smiling = card_of(client, key, title="Lekker 😀", body="Brood met roomboter.")
    assert smiling.tobytes() != plain.tobytes()


@pytest.mark.parametrize(
    "text", ["Crème brûlée, très bon", "Größe und Süße", "Één keer geweldig"]
)
def test_accented_letters_are_drawn(shop, text):
    _app, client, key = shop
    accented = card_of(client, key, title=text, body="Sehr gut.")
    bare = card_of(
        client,
        key,
        title=text.translate(str.maketrans("èûéöüßÉ", "euoousE")),
        body="Sehr gut.",
    )
    assert accented.tobytes() != bare.tobytes()


def test_a_long_review_is_shortened_at_a_word(shop):
    _app, client, key = shop
    words = "Warm bread and kind people, " * 80
    short = card_of(client, key, body=words.strip())
    assert short.size == (1200, 630)  # drawn, not overflowing or refused


def test_the_business_page_has_a_summary_preview(shop):
    _app, client, key = shop
    make_review(client, key, rating=5)
    make_review(client, key, rating=4)
    html = client.get("/r/bakery").get_data(as_text=True)
    tags = meta(html)
    assert tags["og:title"] == "Reviews of Bakery"
    assert tags["og:description"] == "4.5 out of 5 from 2 reviews"
    assert tags["og:image"] == "https://reviews.bakery.example/r/bakery/card.png"
    assert picture(client.get("/r/bakery/card.png")).size == (1200, 630)
