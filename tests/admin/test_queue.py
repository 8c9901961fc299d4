"""The queue's filters, search and bulk actions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.builders import csrf_from, make_review, queue_page, written_review
from widget.models import utcnow


def ids_on(page: str) -> list[int]:
    import re

    return [int(i) for i in re.findall(r'data-review-id="(\d+)"', page)]


@pytest.fixture
def mixed(app, signed_in, owner):
    """Published reviews: varied stars, one replied, one verified, one old."""
    a = written_review(
        app,
        now=utcnow() - timedelta(days=30),
        rating=5,
        body="Crispy croissants",
        author_name="Ann",
    )
    b = make_review(signed_in, owner, rating=1, body="Cold coffee 100% true")
    c = written_review(app, now=utcnow(), confirmed=True, rating=4, body="Nice staff")
    signed_in.put(
        f"/api/v1/businesses/bakery/reviews/{b}/reply",
        json={"body": "Sorry!"},
        headers={"Authorization": f"Bearer {owner}"},
    )
    return a, b, c


def listed(client, **params) -> list[int]:
    query = "&".join(f"{k}={v}" for k, v in {"status": "published", **params}.items())
    response = client.get(f"/admin/b/bakery/?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return ids_on(response.get_data(as_text=True))


def test_filters_and_search(signed_in, mixed):
    a, b, c = mixed
    assert sorted(listed(signed_in)) == sorted([a, b, c])
    assert listed(signed_in, rating=1) == [b]
    assert listed(signed_in, reply="yes") == [b]
    assert sorted(listed(signed_in, reply="no")) == sorted([a, c])
    assert listed(signed_in, verified="yes") == [c]
    today = utcnow().date().isoformat()
    assert sorted(listed(signed_in, since=today)) == sorted([b, c])
    old = (utcnow() - timedelta(days=30)).date().isoformat()
    assert listed(signed_in, until=old) == [a]
    assert listed(signed_in, q="croissant") == [a]
    assert listed(signed_in, q="ANN") == [a]  # the author's name, any case
    assert listed(signed_in, q="100%") == [b]  # wildcards are plain text
    assert listed(signed_in, q="_") == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("rating=9", "Choose 1 to 5 stars."),
        ("verified=maybe", "Choose yes or no."),
        ("since=yesterday", "Give the date as YYYY-MM-DD."),
        ("q=" + "x" * 101, "at most 100 characters"),
    ],
)
def test_bad_filters_are_explained(signed_in, owner, query, message):
    response = signed_in.get(f"/admin/b/bakery/?status=published&{query}")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_bulk_publish_and_reject_with_a_reason(signed_in, owner):
    ids = [make_review(signed_in, owner, publish=False) for _ in range(3)]
    token = csrf_from(queue_page(signed_in).get_data(as_text=True))
    published = signed_in.post(
        "/admin/b/bakery/bulk?status=pending",
        data={"csrf_token": token, "action": "publish", "review": ids[:2]},
    )
    assert published.status_code == 303
    page = queue_page(signed_in).get_data(as_text=True)
    assert "Reviews done: 2." in page and ids_on(page) == [ids[2]]
    refused = signed_in.post(
        "/admin/b/bakery/bulk?status=pending",
        data={"csrf_token": token, "action": "reject", "review": [ids[2]]},
    )
    assert refused.status_code == 303
    page = queue_page(signed_in).get_data(as_text=True)
    assert "A rejection needs a reason." in page and "Reviews done: 0." in page
    signed_in.post(
        "/admin/b/bakery/bulk?status=pending",
        data={
            "csrf_token": token,
            "action": "reject",
            "reason": "off_topic",
            "review": [ids[2], 999999],
        },
    )
    page = queue_page(signed_in).get_data(as_text=True)
    assert "Reviews done: 1." in page and "#999999: No such review." in page
    nothing = signed_in.post(
        "/admin/b/bakery/bulk", data={"csrf_token": token, "action": "publish"}
    )
    assert nothing.status_code == 303
    assert "Choose reviews and an action first." in queue_page(signed_in).get_data(
        as_text=True
    )


def test_queue_lists_its_keyboard_shortcuts(signed_in, owner):
    make_review(signed_in, owner, publish=False)
    page = queue_page(signed_in).get_data(as_text=True)
    for key in ("j", "k", "p", "s", "r", "e", "x"):
        assert f"<kbd>{key}</kbd>" in page


def test_the_queue_script_gets_json_answers(signed_in, owner):
    review_id = make_review(signed_in, owner, publish=False)
    page = signed_in.get("/admin/b/bakery/").get_data(as_text=True)
    token = csrf_from(page)
    url = f"/admin/b/bakery/reviews/{review_id}/moderate?status=pending"
    json_please = {"Accept": "application/json"}
    done = signed_in.post(
        url, data={"csrf_token": token, "action": "publish"}, headers=json_please
    )
    assert done.status_code == 200
    assert done.get_json() == {
        "category": "success",
        "message": f"Review #{review_id} is now: Published.",
        "moved_to": "published",
        "undo": f"/admin/b/bakery/reviews/{review_id}/undo",
    }
    again = signed_in.post(
        url, data={"csrf_token": token, "action": "publish"}, headers=json_please
    )
    assert again.status_code == 422
    assert again.get_json()["category"] == "error"
    # Without asking for JSON, the ordinary redirect with a message.
    plain = signed_in.post(url, data={"csrf_token": token, "action": "reject"})
    assert plain.status_code == 303
