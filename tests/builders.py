"""Builders for tests: state made the way users and the services make it.

Reviews arrive through the public API (``submit``, ``make_review``) or, where a test
needs another time, through the review services with ``now=`` (``written_review``);
never as raw rows the services could not write.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import re
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

REVIEW = {
    "rating": 4,
    "title": "Good bread",
    "body": "Crusty and fresh every morning.",
    "author_name": "Ada",
    "author_email": "ada@example.com",
    "consent": True,
}


_VISITS = itertools.count(1)


def form_token(client: FlaskClient, slug: str = "bakery") -> str | None:
    """A fresh one-time form token, as the widget gets one before showing its form
    (None for a business that does not exist)."""
    response = client.get(f"/api/v1/businesses/{slug}/form")
    if response.status_code == 404:
        return None
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["form_token"]


def review_payload(
    client: FlaskClient | None = None, slug: str = "bakery", **overrides: Any
) -> dict[str, Any]:
    """A valid submission; with ``client``, carrying a fresh form token.

    Each gets its own text, as real reviews do (the same text again is held as spam).
    """
    payload = dict(REVIEW, body=f"{REVIEW['body']} Visit {next(_VISITS)}.")
    token = form_token(client, slug) if client is not None else None
    if token:
        payload["form_token"] = token
    payload.update(overrides)
    return {k: v for k, v in payload.items() if v is not ...}


def make_business(
    app: Flask, slug: str = "bakery", name: str = "Bakery", **kwargs: Any
):
    from widget.businesses import create_business

    with app.app_context():
        business = create_business(slug, name, **kwargs)
        return business.id


def make_api_key(app: Flask, slug: str = "bakery") -> str:
    from widget.api_keys import issue_api_key
    from widget.businesses import find_business

    with app.app_context():
        return issue_api_key(find_business(slug))[1]


def make_user(
    app: Flask, email: str, password: str, slug: str, role: str = "owner"
) -> None:
    from widget.accounts import create_user
    from widget.businesses import find_business
    from widget.models import Role

    with app.app_context():
        create_user(email, password, find_business(slug), Role(role))


def submit(client: FlaskClient, slug: str = "bakery", **overrides: Any):
    return client.post(
        f"/api/v1/businesses/{slug}/reviews",
        json=review_payload(client, slug, **overrides),
    )


def moderate(
    client: FlaskClient,
    key: str,
    review_id: int,
    action: str,
    slug: str = "bakery",
    **extra,
):
    return client.post(
        f"/api/v1/businesses/{slug}/reviews/{review_id}/moderation",
        json={"action": action, **extra},
        headers={"Authorization": f"Bearer {key}"},
    )


def make_review(
    client: FlaskClient,
    key: str,
    slug: str = "bakery",
    publish: bool = True,
    **overrides,
):
    """Submit a review through the API and (by default) publish it; return its id."""
    response = submit(client, slug, **overrides)
    assert response.status_code == 201, response.get_json()
    review_id = response.get_json()["id"]
    if publish:
        assert moderate(client, key, review_id, "publish", slug).status_code == 200
    return review_id


CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def login(client: FlaskClient, email: str, password: str):
    page = client.get("/admin/login")
    token = csrf_from(page.get_data(as_text=True))
    return client.post(
        "/admin/login", data={"email": email, "password": password, "csrf_token": token}
    )


def body_of(message: EmailMessage, kind: str = "plain") -> str:
    return message.get_body(preferencelist=(kind,)).get_content()


def link_in(message: EmailMessage, path: str) -> str:
    """The first link in the plain-text body whose path starts with ``path``."""
    match = re.search(rf"https?://\S+?{re.escape(path)}\S+", body_of(message))
    assert match, body_of(message)
    return match.group(0)


def solved(challenge: dict) -> str:
    """A solution of an ALTCHA ``challenge`` (as ``GET …/form`` gives it), as the
    form sends it."""
    import altcha

    number = altcha.solve_challenge_v1(
        challenge["challenge"],
        challenge["salt"],
        challenge["algorithm"],
        challenge["maxnumber"],
        0,
    ).number
    keys = ("algorithm", "challenge", "salt", "signature")
    payload = {**{k: challenge[k] for k in keys}, "number": number}
    return base64.b64encode(json.dumps(payload).encode()).decode()


# ---------- the panel ----------


def two_factor_form(client: FlaskClient) -> tuple[str, str]:
    """The account page's two-factor setup: (the page, the secret it shows)."""
    page = client.get("/admin/account").get_data(as_text=True)
    return page, re.search(r'<code id="totp-key">(\w+)</code>', page).group(1)


def turn_on_two_factor(client: FlaskClient, page: str, secret: str, password: str):
    """Post the setup form with ``password`` and the app's current code."""
    import pyotp

    return client.post(
        "/admin/account/two-factor",
        data={
            "csrf_token": csrf_from(page),
            "password": password,
            "code": pyotp.TOTP(secret).now(),
        },
    )


def queue_page(client, status="pending"):
    return client.get(f"/admin/b/bakery/?status={status}")


def post_action(client, review_id, endpoint, status="pending", **fields):
    page = queue_page(client, status).get_data(as_text=True)
    return client.post(
        f"/admin/b/bakery/reviews/{review_id}/{endpoint}?status={status}",
        data={"csrf_token": csrf_from(page), **fields},
    )


# ---------- through the services, at a given time ----------


def written_review(
    app: Flask,
    slug: str = "bakery",
    *,
    now: datetime,
    status: str = "published",
    confirmed: bool = False,
    client_address: str = "192.0.2.1",
    **overrides: Any,
) -> int:
    """A review written at ``now`` from ``client_address`` through the review
    services (no e-mail), then confirmed and moderated to ``status`` at that time;
    returns its id."""
    from widget.actors import Actor
    from widget.businesses import find_business
    from widget.privacy import ip_hash
    from widget.reviews import confirm_review, moderate_review, store_review

    data = {**REVIEW, "body": f"{REVIEW['body']} Visit {next(_VISITS)}."}
    data.update(overrides)
    data.pop("consent", None)
    with app.app_context():
        business = find_business(slug)
        review_id = store_review(
            business,
            data,
            source="widget",
            ip_hash=ip_hash(client_address),
            notify=False,
            now=now,
        ).review_id
        if confirmed:
            confirm_review(review_id, now=now)
        actor = Actor.named("test")
        if status == "published":
            moderate_review(business, review_id, "publish", actor=actor, now=now)
        elif status in ("rejected", "spam"):
            action = "reject" if status == "rejected" else "spam"
            moderate_review(
                business,
                review_id,
                action,
                actor=actor,
                reason="other",
                note="test",
                notify=False,
                now=now,
            )
    return review_id


def outside_environment(**settings: str) -> dict[str, str]:
    """This process's environment without Vouch's settings (``VOUCH_*``,
    ``DATABASE_URL``, ``REDIS_URL``), plus ``settings``: what a command a test
    starts sees, configured by nothing else."""
    kept = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("VOUCH_") and key not in ("DATABASE_URL", "REDIS_URL")
    }
    return kept | settings
