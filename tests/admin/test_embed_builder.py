"""The embed builder and featuring reviews, through the panel and the owner API."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from tests.builders import make_review, post_action, queue_page


def snippet_of(page_html: str) -> str:
    start = page_html.index('<pre id="snippet">') + len('<pre id="snippet">')
    return html_lib.unescape(page_html[start : page_html.index("</pre>", start)])


def test_builder_starts_with_a_list_snippet_holding_a_crawlable_link(signed_in):
    response = signed_in.get("/admin/b/bakery/embed")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert snippet_of(page) == (
        '<div data-vouch="list" data-business="bakery">'
        '<a href="http://localhost/r/bakery">Read reviews of Bakery</a></div>\n'
        '<script async src="http://localhost/embed.js"></script>'
    )
    # The preview is the real widget, mounted by the real script.
    assert '<div id="preview" data-vouch="list" data-business="bakery">' in page
    assert re.search(r'<script async src="/embed.js\?v=[0-9a-f]{12}">', page)


def test_chosen_options_appear_in_snippet_and_preview_escaped(signed_in):
    response = signed_in.get(
        "/admin/b/bakery/embed?layout=carousel&theme=dark&accent=%23AA3300"
        "&locale=nl&max=8&min_rating=4&form=hide&product=Rye+%22Big%22+%3Cloaf%3E"
    )
    assert response.status_code == 200
    snippet = snippet_of(response.get_data(as_text=True))
    assert snippet.startswith(
        '<div data-vouch="carousel" data-business="bakery" data-theme="dark" '
        'data-accent="#aa3300" data-locale="nl" data-max="8" data-min-rating="4" '
        'data-form="hide" data-product="Rye &#34;Big&#34; &lt;loaf&gt;">'
    )
    # The link for visitors without script speaks the widget's language.
    assert ">Lees reviews van Bakery</a>" in snippet


def test_the_fallback_link_speaks_the_business_language(app, signed_in):
    from widget.businesses import find_business, update_settings

    with app.app_context():
        update_settings(find_business("bakery"), {"default_locale": "de"})
    snippet = snippet_of(signed_in.get("/admin/b/bakery/embed").get_data(as_text=True))
    assert ">Bewertungen von Bakery lesen</a>" in snippet


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("layout=slideshow", "layout", "Must be one of: badge, micro, list"),
        ("theme=blue", "theme", "Must be one of: light, dark, auto."),
        ("accent=red", "accent", "Give a colour such as #2f55c4."),
        ("locale=es", "locale", "Must be one of: en, nl, de, fr, or empty"),
        ("max=0", "max", "Must be from 1 to 50."),
        ("max=many", "max", "Not a valid integer."),
        ("min_rating=6", "min_rating", "Must be from 1 to 5."),
        ("product=" + "x" * 201, "product", "Use at most 200 characters."),
    ],
)
def test_bad_options_get_field_messages_not_a_silent_default(
    signed_in, query, field, message
):
    page = signed_in.get(f"/admin/b/bakery/embed?{query}")
    assert page.status_code == 422
    text = html_lib.unescape(page.get_data(as_text=True))
    assert f'id="err-{field}"' in text and message in text
    live = signed_in.get(f"/admin/b/bakery/embed/snippet?{query}")
    assert live.status_code == 422
    assert message in " ".join(live.get_json()["errors"][field])


def test_live_update_returns_snippet_and_attributes(signed_in):
    body = signed_in.get(
        "/admin/b/bakery/embed/snippet?layout=badge&theme=auto&locale="
    ).get_json()
    assert body["errors"] == {}
    assert body["attributes"] == [
        ["data-vouch", "badge"],
        ["data-business", "bakery"],
        ["data-theme", "auto"],
    ]
    assert body["snippet"].startswith('<div data-vouch="badge"')


def widget_reviews(client, **params):
    query = "&".join(f"{k}={v}" for k, v in {"sort": "featured", **params}.items())
    return client.get(f"/api/v1/businesses/bakery/widget?{query}").get_json()


def test_owner_features_a_review_from_the_panel_and_it_leads_the_widget(
    signed_in, owner
):
    first = make_review(signed_in, owner, body="The oldest one")
    make_review(signed_in, owner, body="The newest one")
    assert widget_reviews(signed_in)["reviews"][0]["body"] == "The newest one"

    response = post_action(signed_in, first, "feature", "published", featured="1")
    assert response.status_code == 303
    page = queue_page(signed_in, "published").get_data(as_text=True)
    assert f"Review #{first} is featured first in the widget." in page
    assert "Stop featuring" in page
    leading = widget_reviews(signed_in)["reviews"][0]
    assert (leading["body"], leading["featured"]) == ("The oldest one", True)
    # Plain "newest" ignores the owner's choice.
    newest = widget_reviews(signed_in, sort="newest")["reviews"][0]
    assert newest["body"] == "The newest one"

    post_action(signed_in, first, "feature", "published", featured="0")
    assert widget_reviews(signed_in)["reviews"][0]["body"] == "The newest one"


def test_only_published_reviews_can_be_featured(signed_in, owner):
    pending = make_review(signed_in, owner, publish=False)
    response = post_action(signed_in, pending, "feature", featured="1")
    assert response.status_code == 303
    page = queue_page(signed_in).get_data(as_text=True)
    assert "Only published reviews can be featured." in page


def test_owner_api_features_with_a_strict_boolean(client, owner):
    review_id = make_review(client, owner)
    url = f"/api/v1/businesses/bakery/reviews/{review_id}/featured"
    auth = {"Authorization": f"Bearer {owner}"}
    bad = client.put(url, json={"featured": "yes"}, headers=auth)
    assert bad.status_code == 422
    assert bad.get_json()["errors"] == {"featured": ["Must be true or false."]}
    assert client.put(url, json={"featured": True}).status_code == 401
    done = client.put(url, json={"featured": True}, headers=auth)
    assert done.status_code == 200 and done.get_json()["featured"] is True
    audit = client.get("/api/v1/businesses/bakery/widget?sort=featured").get_json()
    assert audit["reviews"][0]["featured"] is True
