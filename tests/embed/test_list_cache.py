"""The public list of reviews (what "load more", filters and sorting call) is cached
as the widget's body is: a strong ETag from the business's version and the query,
304 for a caller that holds it, and repeats answered before Flask. An API key's list
is its own and never kept."""

from __future__ import annotations

import pytest

from tests.builders import make_api_key, make_business, make_review, moderate

LIST = "/api/v1/businesses/bakery/reviews"


def test_the_public_list_has_a_strong_etag_and_answers_304(client, bakery):
    make_review(client, bakery)
    first = client.get(LIST + "?per_page=10")
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert "public" in first.headers["Cache-Control"]
    assert len(first.json["reviews"]) == 1
    again = client.get(LIST + "?per_page=10", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    # Another query is another answer.
    assert client.get(LIST + "?per_page=5").headers["ETag"] != etag


@pytest.mark.parametrize("change", ["publish", "unpublish", "reply"])
def test_the_etag_changes_when_the_list_changes(client, bakery, change):
    shown = make_review(client, bakery)
    pending = make_review(client, bakery, publish=False)
    before = client.get(LIST)
    if change == "publish":
        moderate(client, bakery, pending, "publish")
    elif change == "unpublish":
        moderate(client, bakery, shown, "reject", reason="off_topic")
    else:
        client.put(
            f"{LIST}/{shown}/reply",
            json={"body": "Thanks!"},
            headers={"Authorization": f"Bearer {bakery}"},
        )
    after = client.get(LIST, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.json != before.json


def test_a_keyed_list_is_never_answered_from_the_public_one(make_app):
    app = make_app(WIDGET_RECHECK_SECONDS=60)
    client = app.test_client()
    make_business(app)
    key = make_api_key(app)
    make_review(client, key)
    public = client.get(LIST)
    assert client.get(LIST).data == public.data  # kept, in front of Flask
    keyed = client.get(LIST, headers={"Authorization": f"Bearer {key}"})
    assert keyed.status_code == 200 and "ETag" not in keyed.headers
    assert keyed.headers["Cache-Control"] == "private, no-store"
    # The owner's view of a review carries what the public one leaves out.
    assert "author_email" in keyed.json["reviews"][0]
    assert "author_email" not in public.json["reviews"][0]
    wrong = client.get(LIST, headers={"Authorization": "Bearer not-a-key"})
    assert wrong.status_code == 401
