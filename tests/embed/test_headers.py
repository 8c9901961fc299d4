"""Security headers on every page and answer, set in one place (widget.headers)."""

from __future__ import annotations

import pytest

from tests.builders import link_in, make_api_key, make_business, make_review, moderate


@pytest.fixture
def pages(make_app, mailbox):
    """The business's public pages, an invitation's and a confirmation's link."""
    app = make_app(**mailbox.config())
    make_business(app)
    key = make_api_key(app)
    client = app.test_client()
    review_id = make_review(client, key)
    runner = app.test_cli_runner()
    runner.invoke(
        args=["invite", "bakery", "--name", "Grace", "--email", "grace@example.com"]
    )
    runner.invoke(args=["send-mail"])
    messages = mailbox.wait_for(2)
    links = {
        "confirmation": link_in(messages[0], "/c/"),
        "invitation": link_in(messages[1], "/i/"),
        "unsubscribe": link_in(messages[1], "/u/"),
    }
    paths = {
        "reviews": "/r/bakery",
        "thanks": "/r/bakery/thanks",
        "report": f"/r/bakery/reviews/{review_id}/report",
        "how reviews work": "/b/bakery/how-reviews-work",
        "not found": "/r/no-such-business",
        "api docs": "/api/docs",
        **{
            name: link.split("://", 1)[1].split("/", 1)[1]
            for name, link in links.items()
        },
    }
    return app, key, review_id, {name: "/" + p.lstrip("/") for name, p in paths.items()}


def test_every_html_page_forbids_framing_sniffing_and_inline_code(pages):
    app, _, _, paths = pages
    client = app.test_client()
    for name, path in paths.items():
        response = client.get(path)
        assert response.mimetype == "text/html", (name, response.status_code)
        policy = response.headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, (
            name
        )
        assert "unsafe-inline" not in policy, name
        assert response.headers["X-Frame-Options"] == "DENY", name
        assert response.headers["X-Content-Type-Options"] == "nosniff", name
        assert response.headers["Referrer-Policy"] == "same-origin", name
        assert "Strict-Transport-Security" not in response.headers, name


def test_hsts_goes_out_over_https_only(pages):
    app, _, _, _ = pages
    client = app.test_client()
    secure = client.get("/r/bakery", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    widget = client.get(
        "/api/v1/businesses/bakery/widget", base_url="https://localhost"
    )
    assert "Strict-Transport-Security" in widget.headers


def test_answers_to_a_key_are_never_stored(pages):
    app, key, review_id, _ = pages
    client = app.test_client()
    answer = moderate(client, key, review_id, "reject", reason="spam")
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    listed = client.get(
        "/api/v1/businesses/bakery/reviews?status=rejected",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert "no-store" in listed.headers["Cache-Control"]
    exported = client.get(
        "/api/v1/businesses/bakery/export", headers={"Authorization": f"Bearer {key}"}
    )
    assert "no-store" in exported.headers["Cache-Control"]
