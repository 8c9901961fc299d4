"""GET /widget and GET /reviews — what visitors' browsers read."""

from __future__ import annotations

import pytest

from tests.builders import make_review, moderate, submit

PRIVATE = {"author_email", "ip_hash", "status", "rejection_reason", "source"}


def widget(client, query=""):
    return client.get(f"/api/v1/businesses/bakery/widget{query}")


def test_widget_shows_business_summary_reviews_and_disclosure(client, bakery):
    make_review(client, bakery, rating=5, body="Superb")
    make_review(client, bakery, rating=4, body="Good")
    make_review(client, bakery, rating=4, body="Fine")
    make_review(client, bakery, publish=False, rating=1, body="Waiting")
    body = widget(client).get_json()
    assert body["business"] == {"slug": "bakery", "name": "Bakery", "url": None}
    assert body["summary"] == {
        "count": 3,
        "average": 4.3,
        "sum": 13,
        "distribution": {"1": 0, "2": 0, "3": 0, "4": 2, "5": 1},
    }
    assert [r["body"] for r in body["reviews"]] == ["Fine", "Good", "Superb"]
    assert "never for their rating" in body["disclosure"]


def test_widget_never_exposes_private_fields(client, bakery):
    make_review(client, bakery)
    review = widget(client).get_json()["reviews"][0]
    assert not PRIVATE & set(review)
    assert set(review) == {
        "id",
        "rating",
        "title",
        "body",
        "author_name",
        "created_at",
        "verified",
        "verification_method",
        "language",
        "featured",
        "imported_from",
        "reply",
    }
    assert "ada@example.com" not in widget(client).get_data(as_text=True)


@pytest.mark.parametrize(
    ("ratings", "average"), [([5, 4], 4.5), ([5, 5, 4], 4.7), ([1, 2], 1.5)]
)
def test_average_is_rounded_half_up_to_one_decimal(client, bakery, ratings, average):
    for rating in ratings:
        make_review(client, bakery, rating=rating)
    assert widget(client).get_json()["summary"]["average"] == average


def test_empty_business_has_no_average(client, bakery):
    summary = widget(client).get_json()["summary"]
    assert summary["count"] == 0 and summary["average"] is None


def test_widget_is_cacheable_with_strong_etag_and_304(client, bakery):
    make_review(client, bakery)
    first = widget(client)
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    cache = first.headers["Cache-Control"]
    assert (
        "public" in cache
        and "max-age=60" in cache
        and "stale-while-revalidate=" in cache
    )
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    again = client.get(
        "/api/v1/businesses/bakery/widget", headers={"If-None-Match": etag}
    )
    assert again.status_code == 304
    assert again.headers["ETag"] == etag
    assert again.get_data() == b""


@pytest.mark.parametrize("change", ["publish", "unpublish", "reply", "delete"])
def test_etag_changes_when_anything_shown_changes(client, bakery, change):
    shown = make_review(client, bakery)
    pending = make_review(client, bakery, publish=False)
    before = widget(client).headers["ETag"]
    auth = {"Authorization": f"Bearer {bakery}"}
    if change == "publish":
        moderate(client, bakery, pending, "publish")
    elif change == "unpublish":
        moderate(client, bakery, shown, "reject", reason="off_topic")
    elif change == "reply":
        client.put(
            f"/api/v1/businesses/bakery/reviews/{shown}/reply",
            json={"body": "Thanks!"},
            headers=auth,
        )
    else:
        client.delete(f"/api/v1/businesses/bakery/reviews/{shown}", headers=auth)
    after = widget(client)
    assert after.headers["ETag"] != before
    assert (
        client.get(
            "/api/v1/businesses/bakery/widget", headers={"If-None-Match": before}
        ).status_code
        == 200
    )


def test_etag_stays_when_only_hidden_things_change(client, bakery):
    make_review(client, bakery)
    before = widget(client).headers["ETag"]
    submit(client)  # a new pending review is not shown
    assert widget(client).headers["ETag"] == before


def test_etag_differs_per_query(client, bakery):
    assert (
        widget(client, "?limit=1").headers["ETag"]
        != widget(client, "?limit=2").headers["ETag"]
    )


def test_widget_limit_and_cursor_continue_in_reviews(client, bakery):
    ids = [make_review(client, bakery, body=f"Review {n}") for n in range(7)]
    body = widget(client, "?limit=3").get_json()
    assert [r["id"] for r in body["reviews"]] == ids[::-1][:3]
    rest = client.get(
        f"/api/v1/businesses/bakery/reviews?per_page=10&cursor={body['next_cursor']}"
    )
    assert [r["id"] for r in rest.get_json()["reviews"]] == ids[::-1][3:]
    assert rest.get_json()["next_cursor"] is None


@pytest.mark.parametrize(
    "query", ["?limit=-1", "?limit=51", "?limit=abc", "?limit=2.5", "?colour=red"]
)
def test_widget_rejects_bad_query_with_422(client, bakery, query):
    response = widget(client, query)
    assert response.status_code == 422
    assert response.get_json()["errors"]


def test_widget_for_unknown_business_is_404_json(client, bakery):
    response = client.get("/api/v1/businesses/nobody/widget")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def test_reviews_are_paginated_by_keyset_without_gaps_or_repeats(client, bakery):
    ratings = [3, 5, 1, 4, 5, 2, 4, 5, 3, 1, 4]
    for rating in ratings:
        make_review(client, bakery, rating=rating)
    for sort, key in [("newest", None), ("highest", True), ("lowest", False)]:
        seen, cursor = [], None
        while True:
            query = f"?sort={sort}&per_page=4" + (f"&cursor={cursor}" if cursor else "")
            page = client.get(f"/api/v1/businesses/bakery/reviews{query}").get_json()
            seen.extend(page["reviews"])
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert len({r["id"] for r in seen}) == len(ratings)
        if key is not None:
            got = [r["rating"] for r in seen]
            assert got == sorted(ratings, reverse=key)


def test_reviews_filter_by_rating_with_total_from_summary(client, bakery):
    for rating in [5, 5, 4, 1]:
        make_review(client, bakery, rating=rating)
    page = client.get("/api/v1/businesses/bakery/reviews?rating=5").get_json()
    assert [r["rating"] for r in page["reviews"]] == [5, 5]
    assert page["total"] == 2


@pytest.mark.parametrize(
    "query",
    [
        "?rating=0",
        "?rating=six",
        "?sort=random",
        "?per_page=0",
        "?per_page=51",
        "?cursor=not-a-cursor",
        "?cursor=WyJoaWdoZXN0IiwxLCJ4IiwxXQ",
        "?unknown=1",
    ],
)
def test_reviews_rejects_bad_query_with_422(client, bakery, query):
    response = client.get(f"/api/v1/businesses/bakery/reviews{query}")
    assert response.status_code == 422
    assert response.get_json()["errors"]


def test_cursor_from_another_sort_is_refused(client, bakery):
    for _ in range(3):
        make_review(client, bakery)
    cursor = client.get("/api/v1/businesses/bakery/reviews?per_page=1").get_json()[
        "next_cursor"
    ]
    response = client.get(
        f"/api/v1/businesses/bakery/reviews?sort=highest&cursor={cursor}"
    )
    assert response.status_code == 422
    assert "cursor" in response.get_json()["errors"]


def test_reply_is_shown_with_the_review(client, bakery):
    review_id = make_review(client, bakery)
    client.put(
        f"/api/v1/businesses/bakery/reviews/{review_id}/reply",
        json={"body": "Thank you, see you soon!"},
        headers={"Authorization": f"Bearer {bakery}"},
    )
    reply = widget(client).get_json()["reviews"][0]["reply"]
    assert reply["body"] == "Thank you, see you soon!"
    assert reply["created_at"]
