"""The spam module through the public API: what is refused, held, or let through."""

from __future__ import annotations

import base64
import json
import time

import pytest

from tests.builders import (
    form_token,
    make_api_key,
    make_business,
    review_payload,
    solved,
    submit,
)
from widget.businesses import find_business, update_settings

URL = "/api/v1/businesses/bakery/reviews"


def settings(app, **changes) -> None:
    with app.app_context():
        update_settings(find_business("bakery"), changes)


def spam_note(client, key, review_id) -> str:
    reviews = client.get(
        f"{URL}?status=spam", headers={"Authorization": f"Bearer {key}"}
    ).get_json()["reviews"]
    return {r["id"]: r["rejection_note"] for r in reviews}[review_id]


def test_a_normal_review_passes(client, bakery):
    assert submit(client).get_json()["status"] == "pending"


def test_form_endpoint_gives_a_fresh_token_and_no_challenge_by_default(client, bakery):
    first = client.get("/api/v1/businesses/bakery/form")
    assert first.headers["Cache-Control"] == "no-store"
    body = first.get_json()
    assert body["honeypot"] == "website" and body["challenge"] is None
    assert body["form_token"] != form_token(client)


def test_token_of_another_business_is_refused(client, app, bakery):
    make_business(app, "florist", "Florist")
    response = client.post(
        URL, json={**review_payload(), "form_token": form_token(client, "florist")}
    )
    assert response.status_code == 422
    assert "form_token" in response.get_json()["errors"]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"website": "https://seo.example"}, "honeypot"),
        ({"body": "Buy now http://a.example and http://b.example"}, "2 links"),
        ({"body": "Cheap pills at www.pills.example, see pills.ru too"}, "links"),
    ],
)
def test_bots_are_held_as_spam_with_the_reason(client, bakery, changes, reason):
    response = submit(client, **changes)
    assert response.status_code == 201
    assert response.get_json()["status"] == "spam"
    assert reason in spam_note(client, bakery, response.get_json()["id"])


def test_one_link_alone_is_not_spam(client, bakery):
    response = submit(client, body="Their menu is on www.bakery.example, try the rye.")
    assert response.get_json()["status"] == "pending"


def test_same_text_again_is_held_as_a_duplicate(client, bakery):
    first = submit(client, body="Great bread, friendly staff!").get_json()["id"]
    again = submit(client, body="great   BREAD, friendly staff").get_json()
    assert again["status"] == "spam"
    assert f"the same text as review #{first}" in spam_note(client, bakery, again["id"])


def test_owner_blocklist_holds_reviews_with_those_words(app, client, bakery):
    settings(app, blocklist=["casino", "free money"])
    held = submit(client, body="Visit my CASINO for free money!").get_json()
    assert held["status"] == "spam"
    assert "blocklisted: casino, free money" in spam_note(client, bakery, held["id"])
    # Words inside other words do not count; criticism is never blocklisted.
    assert (
        submit(client, body="Casinos nearby, bread was bad.").get_json()["status"]
        == "pending"
    )


def test_too_fast_is_held_but_a_person_passes(make_app):
    app = make_app(MIN_FILL_SECONDS=1.0)
    make_business(app)
    key = make_api_key(app)
    client = app.test_client()
    hasty = submit(client).get_json()
    assert hasty["status"] == "spam"
    assert "after the form was shown" in spam_note(client, key, hasty["id"])
    token = form_token(client)
    time.sleep(1.1)
    person = client.post(URL, json={**review_payload(), "form_token": token})
    assert person.get_json()["status"] == "pending"


def test_allowed_origins_refuse_other_sites(app, client, bakery):
    settings(app, allowed_origins=["https://bakery.example"])
    stranger = client.post(
        URL,
        json=review_payload(client),
        headers={"Origin": "https://evil.example"},
    )
    assert stranger.status_code == 403
    assert "only be sent from its own website" in stranger.get_json()["message"]
    # A German widget sends its language and gets the refusal in German.
    german = client.post(
        URL,
        json=review_payload(client),
        headers={"Origin": "https://evil.example", "Accept-Language": "de"},
    )
    assert german.get_json()["message"] == (
        "Bewertungen für Bakery können nur von der eigenen Website gesendet werden."
    )
    no_origin = client.post(URL, json=review_payload(client))
    assert no_origin.status_code == 403
    own = client.post(
        URL, json=review_payload(client), headers={"Origin": "https://bakery.example"}
    )
    assert own.status_code == 201
    # The hosted page (Vouch's own origin) is always allowed.
    hosted = client.post(
        URL, json=review_payload(client), headers={"Origin": "http://localhost"}
    )
    assert hosted.status_code == 201


def test_proof_of_work_when_the_business_asks_for_it(make_app):
    app = make_app(POW_MAX_NUMBER=2000)
    make_business(app)
    settings(app, proof_of_work=True)
    client = app.test_client()
    missing = submit(client)
    assert missing.status_code == 422
    assert "altcha" in missing.get_json()["errors"]
    form = client.get("/api/v1/businesses/bakery/form").get_json()
    assert form["challenge"]["maxnumber"] == 2000
    answer = solved(form["challenge"])
    good = client.post(
        URL,
        json={**review_payload(), "form_token": form["form_token"], "altcha": answer},
    )
    assert good.status_code == 201
    # The same solution with a fresh form is a replay.
    replay = client.post(
        URL,
        json={**review_payload(), "form_token": form_token(client), "altcha": answer},
    )
    assert replay.status_code == 409
    wrong = json.loads(base64.b64decode(answer))
    wrong["number"] += 1
    forged = client.post(
        URL,
        json={
            **review_payload(),
            "form_token": form_token(client),
            "altcha": base64.b64encode(json.dumps(wrong).encode()).decode(),
        },
    )
    assert forged.status_code == 422
    for junk in ("not base64!", base64.b64encode(b"[1,2]").decode(), "x" * 3000):
        response = client.post(
            URL,
            json={**review_payload(), "form_token": form_token(client), "altcha": junk},
        )
        assert response.status_code == 422, junk


def test_owner_restores_spam_to_the_queue(client, bakery):
    held = submit(client, website="filled").get_json()["id"]
    response = client.post(
        f"/api/v1/businesses/bakery/reviews/{held}/moderation",
        json={"action": "restore"},
        headers={"Authorization": f"Bearer {bakery}"},
    )
    assert response.status_code == 200
    assert response.get_json()["status"] == "pending"


def test_spam_never_changes_the_summary(client, bakery):
    submit(client, website="filled", rating=1)
    widget = client.get("/api/v1/businesses/bakery/widget").get_json()
    assert widget["summary"]["count"] == 0


def test_spent_tokens_are_forgotten_once_expired(app, client, bakery):
    from datetime import timedelta

    from widget.extensions import db
    from widget.models import UsedToken, utcnow

    submit(client)
    with app.app_context():
        db.session.add(
            UsedToken(kind="form", value="old", expires_at=utcnow() - timedelta(days=1))
        )
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert "Queued 0 reminder(s); delivered " in result.output
    with app.app_context():
        values = set(db.session.scalars(db.select(UsedToken.value)))
    assert "old" not in values and len(values) == 1
