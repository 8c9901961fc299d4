"""The hosted review page's form: no JavaScript, the API's messages, four languages."""

from __future__ import annotations

import re

import pytest

from tests.builders import make_api_key, make_business, submit


def page_form(client, path="/r/bakery"):
    html = client.get(path).get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    return html, {"form_token": token, "website": ""}


GOOD = {
    "rating": "5",
    "title": "Best rye",
    "body": "The rye bread is wonderful.",
    "author_name": "Lin",
    "author_email": "lin@example.com",
    "consent": "yes",
}


def test_page_offers_a_plain_form_with_a_keyboard_star_group(client, bakery):
    html, _ = page_form(client)
    # It posts without script; the one script (the character counter) is our own.
    assert '<form method="post"' in html
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/embed/hosted-form.js" defer>'
    ]
    assert '<fieldset class="stars-input"' in html
    # One row of five stars, 1 to 5, each a labelled radio button.
    assert re.findall(r'type="radio" name="rating" value="(\d)"', html) == list("12345")
    assert 'for="rating-1"' in html and "1 star<" in html and "5 stars<" in html
    assert 'name="website"' in html and 'tabindex="-1"' in html


def test_good_review_leads_to_a_thank_you_page(client, bakery):
    _, hidden = page_form(client)
    response = client.post("/r/bakery", data={**GOOD, **hidden})
    assert response.status_code == 303
    thanks = client.get(response.headers["Location"])
    text = thanks.get_data(as_text=True)
    assert "Thank you for your review!" in text
    assert "awaiting moderation" in text
    key = make_api_key(client.application)
    stored = client.get(
        "/api/v1/businesses/bakery/reviews?status=pending",
        headers={"Authorization": f"Bearer {key}"},
    ).get_json()["reviews"][0]
    assert (stored["source"], stored["rating"], stored["title"]) == (
        "hosted",
        5,
        "Best rye",
    )


@pytest.mark.parametrize("language", ["en", "nl", "de", "fr"])
def test_problems_use_the_apis_own_messages_in_the_pages_language(
    client, bakery, language
):
    _, hidden = page_form(client, f"/r/bakery?lang={language}")
    page = client.post(
        f"/r/bakery?lang={language}",
        data={**hidden, "author_email": "not-an-address", "title": "t" * 121},
    )
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert f'lang="{language}"' in html
    # What the API says in that language, field by field.
    api = client.post(
        "/api/v1/businesses/bakery/reviews",
        json={
            **GOOD,
            "rating": None,
            "author_email": "not-an-address",
            "title": "t" * 121,
            "body": "",
            "author_name": "",
            "consent": False,
            **page_form(client)[1],
        },
        headers={"Accept-Language": language},
    ).get_json()["errors"]
    for field in ("rating", "body", "author_name", "author_email", "consent", "title"):
        message = api[field][0].replace("'", "&#39;")
        assert message in html, (field, message)
    # What was typed is kept.
    assert 'value="not-an-address"' in html
    assert 'aria-invalid="true"' in html and 'role="alert"' in html


def test_language_switch_and_business_default(client, make_app):
    app = client.application
    make_business(app, "bakkerij", "Bakkerij", default_locale="nl")
    html = client.get("/r/bakkerij").get_data(as_text=True)
    assert 'lang="nl"' in html and "Schrijf een review" in html
    assert 'hreflang="de"' in html
    german = client.get("/r/bakkerij?lang=de").get_data(as_text=True)
    assert 'lang="de"' in german and "Bewertung schreiben" in german
    unknown = client.get("/r/bakkerij?lang=xx").get_data(as_text=True)
    assert 'lang="en"' in unknown


def test_missing_or_stale_form_token_asks_to_reload(client, bakery):
    page = client.post("/r/bakery", data=GOOD)
    assert page.status_code == 422
    assert "Reload the page and send it again." in page.get_data(as_text=True)
    _, hidden = page_form(client)
    assert client.post("/r/bakery", data={**GOOD, **hidden}).status_code == 303
    again = client.post("/r/bakery", data={**GOOD, **hidden, "body": "Another one."})
    assert again.status_code == 409
    assert "already sent" in again.get_data(as_text=True)


def test_honeypot_on_the_hosted_page_files_spam(client, bakery):
    _, hidden = page_form(client)
    response = client.post(
        "/r/bakery", data={**GOOD, **hidden, "website": "http://x.example"}
    )
    assert response.status_code == 303
    # Filed as spam, but the thank-you page's address does not tell the sender so.
    location = response.headers["Location"]
    assert location == "/r/bakery/thanks?lang=en", location
    thanks = client.get(location).get_data(as_text=True)
    assert "awaiting moderation" in thanks and "spam" not in thanks.lower()
    key = make_api_key(client.application)
    filed = client.get(
        "/api/v1/businesses/bakery/reviews?status=spam",
        headers={"Authorization": f"Bearer {key}"},
    ).get_json()["reviews"]
    assert len(filed) == 1


def test_reviews_on_the_page_show_how_they_were_verified(client, bakery):
    submit(client)
    key = make_api_key(client.application)
    review_id = client.get(
        "/api/v1/businesses/bakery/reviews?status=pending",
        headers={"Authorization": f"Bearer {key}"},
    ).get_json()["reviews"][0]["id"]
    client.post(
        f"/api/v1/businesses/bakery/reviews/{review_id}/moderation",
        json={"action": "publish"},
        headers={"Authorization": f"Bearer {key}"},
    )
    html = client.get("/r/bakery").get_data(as_text=True)
    assert "Verified customer" not in html and "E-mail confirmed" not in html
    assert f"/r/bakery/reviews/{review_id}/report" in html


def test_the_page_header_is_the_business_and_leads_to_its_site(make_app):
    app = make_app()
    make_business(app, website_url="https://bakery.example")
    html = app.test_client().get("/r/bakery").get_data(as_text=True)
    header = re.search(r'<header class="site-header">(.*?)</header>', html).group(1)
    assert header == (
        '<a class="brand" href="https://bakery.example"><span>Bakery</span></a>'
    )
