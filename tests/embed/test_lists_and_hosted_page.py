"""Filters, featured-first order and the hosted review page."""

from __future__ import annotations

import pytest

from tests.builders import make_review, moderate, submit


@pytest.fixture
def spread(client, bakery):
    """Eight published reviews, ratings 1..5, the second one featured."""
    ids = [
        make_review(client, bakery, rating=rating, body=f"Review {n}")
        for n, rating in enumerate([5, 4, 1, 5, 3, 2, 4, 5])
    ]
    response = client.put(
        f"/api/v1/businesses/bakery/reviews/{ids[1]}/featured",
        json={"featured": True},
        headers={"Authorization": f"Bearer {bakery}"},
    )
    assert response.status_code == 200
    return ids


def walk(client, path):
    """Every review id of a paginated list, following next_cursor to the end."""
    seen, cursor = [], None
    while True:
        url = path + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url).get_json()
        seen += [review["id"] for review in body["reviews"]]
        cursor = body["next_cursor"]
        if not cursor:
            return seen, body


def test_featured_first_pages_through_every_review_once(client, spread):
    seen, _ = walk(client, "/api/v1/businesses/bakery/reviews?sort=featured&per_page=3")
    newest_first = sorted(set(spread) - {spread[1]}, reverse=True)
    assert seen == [spread[1], *newest_first]


def test_min_rating_filters_the_list_and_reports_how_many_match(client, spread):
    seen, body = walk(
        client, "/api/v1/businesses/bakery/reviews?min_rating=4&per_page=2"
    )
    assert len(seen) == 5 and body["total"] == 5
    widget = client.get(
        "/api/v1/businesses/bakery/widget?min_rating=4&limit=2"
    ).get_json()
    assert widget["total"] == 5
    assert all(review["rating"] >= 4 for review in widget["reviews"])
    # The summary always counts every published review.
    assert widget["summary"]["count"] == 8


def test_exact_rating_and_min_rating_together_are_refused(client, bakery):
    response = client.get("/api/v1/businesses/bakery/reviews?rating=5&min_rating=4")
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "min_rating": ["Give either rating or min_rating, not both."]
    }


@pytest.mark.parametrize(
    ("locale", "phrase"),
    [
        ("en", "never for their rating"),
        ("nl", "nooit vanwege hun score"),
        ("de-AT", "nie wegen ihrer Sternezahl"),
        ("fr", "jamais pour sa note"),
    ],
)
def test_disclosure_is_in_the_widgets_language(client, bakery, locale, phrase):
    body = client.get(f"/api/v1/businesses/bakery/widget?locale={locale}").get_json()
    assert phrase in body["disclosure"]
    assert "Bakery" in body["disclosure"]


def test_widget_refuses_a_malformed_locale(client, bakery):
    response = client.get("/api/v1/businesses/bakery/widget?locale=<script>")
    assert response.status_code == 422
    assert "locale" in response.get_json()["errors"]


def test_widget_links_to_the_hosted_page(client, bakery):
    body = client.get("/api/v1/businesses/bakery/widget").get_json()
    assert body["links"]["reviews"] == "http://localhost/r/bakery"


def test_hosted_page_lists_reviews_without_javascript(client, spread):
    response = client.get("/r/bakery")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    # The reviews are in the page itself; the one script counts the form's characters.
    assert page.count("<script") == 1 and "hosted-form.js" in page
    assert "Reviews of Bakery" in page
    assert "8 reviews" in page
    for n in range(8):
        assert f"Review {n}<" in page
    assert "Featured by Bakery" in page
    assert "never for their rating" in page


def test_hosted_page_filters_by_stars_and_pages(client, spread):
    page = client.get("/r/bakery?rating=5").get_data(as_text=True)
    assert "Showing 3 reviews with 5 stars." in page
    assert "Review 1<" not in page


def test_hosted_page_explains_bad_input_in_html(client, bakery):
    response = client.get("/r/bakery?rating=9")
    assert response.status_code == 422
    assert response.mimetype == "text/html"
    assert "Give a rating from 1 to 5." in response.get_data(as_text=True)
    assert client.get("/r/no-such-shop").status_code == 404
    assert client.get("/r/bakery?cursor=bogus").status_code == 422


def test_how_reviews_work_page_counts_withheld_reviews_by_reason(client, bakery):
    published = make_review(client, bakery, rating=2)
    for reason in ("abusive", "abusive", "off_topic"):
        review_id = make_review(client, bakery, publish=False)
        moderate(client, bakery, review_id, "reject", reason=reason)
    assert submit(client, website="filled").get_json()["status"] == "spam"
    page = client.get("/b/bakery/how-reviews-work")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<script" not in html
    assert "Abusive, harassing, obscene or discriminatory</td><td>2<" in html
    assert "Not about this business</td><td>1<" in html
    assert "Spam or advertising</td><td>1<" in html
    assert "Total</th><td>4<" in html
    assert "The average of 1 published review is 2.0 out of 5" in html
    assert "never withheld for their rating" in html
    assert "/r/bakery" in html and published


def test_how_reviews_work_page_in_dutch_and_linked_from_the_widget(client, bakery):
    html = client.get("/b/bakery/how-reviews-work?lang=nl").get_data(as_text=True)
    assert 'lang="nl"' in html
    assert "Tegengehouden reviews, en waarom" in html
    assert "er is geen gemiddelde" in html
    links = client.get("/api/v1/businesses/bakery/widget").get_json()["links"]
    assert links["how_reviews_work"] == "http://localhost/b/bakery/how-reviews-work"
    assert client.get("/b/nobody/how-reviews-work").status_code == 404
