"""Every door into a review takes one path: the widget API, the hosted page and the
invitation form get the same anti-abuse verdict, and the hosted pages ask for proof
of work when the business does (holding the review for a look without script)."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.builders import (
    link_in,
    login,
    make_api_key,
    make_business,
    make_user,
    review_payload,
    solved,
)
from widget.businesses import find_business, update_settings
from widget.models import ModerationPolicy

FORM = {
    "rating": "5",
    "body": "Warm bread and a kind word.",
    "author_name": "Lin",
    "consent": "yes",
}


@pytest.fixture
def shop(make_app, mailbox):
    app = make_app(**mailbox.config(), POW_MAX_NUMBER=2000)
    make_business(app)
    return app, make_api_key(app)


def hidden_fields(html: str) -> dict[str, str]:
    fields = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', html))
    fields["website"] = ""
    return fields


def challenge_of(html: str) -> dict:
    found = re.search(r'data-challenge="([^"]+)"', html)
    return json.loads(found.group(1).replace("&#34;", '"').replace("&quot;", '"'))


def invitation_link(app, mailbox) -> str:
    runner = app.test_cli_runner()
    invited = runner.invoke(
        args=["invite", "bakery", "--name", "Grace", "--email", "grace@example.com"]
    )
    assert invited.exit_code == 0, invited.output
    assert runner.invoke(args=["send-mail"]).exit_code == 0
    link = link_in(mailbox.wait_for(1)[-1], "/i/")
    return urlsplit(link).path


def stored(client, key: str, review_id: int) -> dict:
    for status in ("pending", "published", "spam", "rejected"):
        reviews = client.get(
            f"/api/v1/businesses/bakery/reviews?status={status}",
            headers={"Authorization": f"Bearer {key}"},
        ).get_json()["reviews"]
        for review in reviews:
            if review["id"] == review_id:
                return review
    raise AssertionError(f"review {review_id} was not stored")


def through_api(client, **fields) -> int:
    response = client.post(
        "/api/v1/businesses/bakery/reviews", json=review_payload(client, **fields)
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def through_page(client, path: str, **fields) -> str:
    """Post the form at ``path`` as a browser would; return what the thank-you
    page says: "published", else "received" (its address never names a verdict)."""
    html = client.get(path).get_data(as_text=True)
    data = {**hidden_fields(html), **FORM, "author_email": "lin@example.com", **fields}
    response = client.post(path, data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    location = response.headers["Location"]
    assert "spam" not in location and "status" not in location, location
    query = parse_qs(urlsplit(location).query)
    return "published" if query.get("published") == ["1"] else "received"


def newest(client, key: str) -> dict:
    ids = []
    for status in ("pending", "published", "spam"):
        ids += [
            r["id"]
            for r in client.get(
                f"/api/v1/businesses/bakery/reviews?status={status}",
                headers={"Authorization": f"Bearer {key}"},
            ).get_json()["reviews"]
        ]
    return stored(client, key, max(ids))


def test_a_bot_gets_the_same_verdict_at_every_door(shop, mailbox):
    app, key = shop
    client = app.test_client()
    door_link = invitation_link(app, mailbox)
    verdicts = []
    api_id = through_api(client, website="https://cheap.example", body="Bot text 1.")
    verdicts.append(stored(client, key, api_id))
    assert through_page(client, "/r/bakery", website="x", body="Bot text 2.") == (
        "received"
    )
    verdicts.append(newest(client, key))
    assert through_page(client, door_link, website="x", body="Bot text 3.") == (
        "received"
    )
    verdicts.append(newest(client, key))
    assert [v["source"] for v in verdicts] == ["widget", "hosted", "invitation"]
    for review in verdicts:
        assert review["status"] == "spam"
        assert review["rejection_note"] == "the hidden honeypot field was filled in"


def test_the_same_text_again_is_a_duplicate_at_every_door(shop, mailbox):
    app, key = shop
    client = app.test_client()
    door_link = invitation_link(app, mailbox)
    first = through_api(client, body="Same words everywhere.")
    assert stored(client, key, first)["status"] == "pending"
    through_page(client, "/r/bakery", body="Same words everywhere!")
    assert newest(client, key)["status"] == "spam"
    assert f"the same text as review #{first}" in newest(client, key)["rejection_note"]
    through_page(client, door_link, body="same WORDS everywhere")
    assert newest(client, key)["status"] == "spam"
    assert "the same text as review #" in newest(client, key)["rejection_note"]


@pytest.fixture
def guarded(shop):
    """A business that publishes every review at once and asks for proof of work."""
    app, key = shop
    with app.app_context():
        update_settings(
            find_business("bakery"),
            {"proof_of_work": True, "moderation_policy": ModerationPolicy.AUTO_ALL},
        )
    return app, key


def test_hosted_page_carries_the_challenge_and_its_solver(guarded):
    app, _ = guarded
    html = app.test_client().get("/r/bakery").get_data(as_text=True)
    assert challenge_of(html)["maxnumber"] == 2000
    assert 'name="altcha" value=""' in html
    src = re.search(r'<script src="([^"]*hosted-form\.js)" defer>', html).group(1)
    with app.test_client().get(src) as solver:
        assert solver.status_code == 200
        assert b"crypto.subtle" in solver.data


@pytest.mark.parametrize("door", ["hosted", "invitation"])
def test_without_proof_of_work_the_review_is_held_for_a_look(guarded, mailbox, door):
    app, key = guarded
    client = app.test_client()
    path = "/r/bakery" if door == "hosted" else invitation_link(app, mailbox)
    assert through_page(client, path) == "received"
    review = newest(client, key)
    assert (review["status"], review["source"]) == ("pending", door)
    assert review["rejection_note"] == "no proof of work"
    make_user(app, "owner@bakery.example", "a long owner password", "bakery")
    owner = app.test_client()
    login(owner, "owner@bakery.example", "a long owner password")
    queue = owner.get("/admin/b/bakery/").get_data(as_text=True)
    assert "Held for a look: sent without the extra check against robots" in queue


@pytest.mark.parametrize("door", ["hosted", "invitation"])
def test_a_solved_challenge_is_published_on_arrival(guarded, mailbox, door):
    app, _ = guarded
    client = app.test_client()
    path = "/r/bakery" if door == "hosted" else invitation_link(app, mailbox)
    html = client.get(path).get_data(as_text=True)
    answer = solved(challenge_of(html))
    data = {**hidden_fields(html), **FORM, "author_email": "lin@example.com"}
    response = client.post(path, data={**data, "altcha": answer})
    assert response.status_code == 303
    assert "published=1" in response.headers["Location"]
    # The same solution again is refused: a challenge is spent once.
    html = client.get(path if door == "hosted" else "/r/bakery").get_data(as_text=True)
    again = client.post(
        "/r/bakery",
        data={
            **hidden_fields(html),
            **FORM,
            "author_email": "x@example.com",
            "altcha": answer,
        },
    )
    assert again.status_code == 409


def test_a_forged_solution_is_refused_with_the_form_again(guarded):
    app, _ = guarded
    client = app.test_client()
    html = client.get("/r/bakery?lang=nl").get_data(as_text=True)
    data = {**hidden_fields(html), **FORM, "author_email": "lin@example.com"}
    response = client.post("/r/bakery?lang=nl", data={**data, "altcha": "bm90IGl0"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Verbeter de gemarkeerde velden." in page
    assert "Warm bread and a kind word." in page  # nothing typed is lost


def test_widget_api_still_refuses_a_missing_proof_of_work(guarded):
    app, _ = guarded
    client = app.test_client()
    response = client.post(
        "/api/v1/businesses/bakery/reviews", json=review_payload(client)
    )
    assert response.status_code == 422
    assert "altcha" in response.get_json()["errors"]
