"""A review form's answer, made again before Flask: the same answer with a new
one-time token each time (embed.fast_path), never for a business that asks for a
proof-of-work challenge."""

from __future__ import annotations

from sqlalchemy import event

from tests.builders import make_business, review_payload
from widget.businesses import find_business, update_settings
from widget.extensions import db

FORM = "/api/v1/businesses/bakery/form"
REVIEWS = "/api/v1/businesses/bakery/reviews"


def _statements(app) -> list[str]:
    seen: list[str] = []
    with app.app_context():
        event.listen(
            db.engine,
            "before_cursor_execute",
            lambda _c, _cur, statement, *_: seen.append(statement),
        )
    return seen


def test_each_visitor_gets_a_token_of_their_own_without_the_database(
    make_app, request_lines
):
    app = make_app(WIDGET_RECHECK_SECONDS=60, MIN_FILL_SECONDS=0)
    client = app.test_client()
    make_business(app)
    first = client.get(FORM)
    seen = _statements(app)
    again = [client.get(FORM) for _ in range(3)]
    assert seen == []  # answered before Flask, without a query
    tokens = {first.json["form_token"], *(a.json["form_token"] for a in again)}
    assert len(tokens) == 4
    for answer in again:
        assert answer.json == {**first.json, "form_token": answer.json["form_token"]}
        same = {
            k: v
            for k, v in first.headers.items()
            if k not in ("X-Request-ID", "Content-Length")
        }
        assert {
            k: v
            for k, v in answer.headers.items()
            if k not in ("X-Request-ID", "Content-Length")
        } == same
        assert int(answer.headers["Content-Length"]) == len(answer.data)
        assert answer.headers["Cache-Control"] == "no-store"
    assert len({a.headers["X-Request-ID"] for a in [first, *again]}) == 4
    assert [line["status"] for line in request_lines()] == [200] * 4
    # Each token is good for one review, and for one only.
    for answer in again:
        payload = {**review_payload(), "form_token": answer.json["form_token"]}
        assert client.post(REVIEWS, json=payload).status_code == 201
    replay = {**review_payload(), "form_token": again[0].json["form_token"]}
    assert client.post(REVIEWS, json=replay).status_code == 409


def test_a_business_asking_for_proof_of_work_gets_a_challenge_every_time(make_app):
    app = make_app(WIDGET_RECHECK_SECONDS=60)
    client = app.test_client()
    make_business(app)
    with app.app_context():
        update_settings(find_business("bakery"), {"proof_of_work": True})
    seen = _statements(app)
    answers = [client.get(FORM) for _ in range(2)]
    assert all(answer.json["challenge"] for answer in answers)
    assert answers[0].json["challenge"]["salt"] != answers[1].json["challenge"]["salt"]
    assert len([s for s in seen if "FROM businesses" in s]) == 2  # Flask, each time


def test_an_unknown_business_is_still_a_404_and_never_kept(make_app):
    app = make_app(WIDGET_RECHECK_SECONDS=60)
    client = app.test_client()
    for _ in range(2):
        answer = client.get("/api/v1/businesses/nobody/form")
        assert answer.status_code == 404
        assert "form_token" not in answer.json
