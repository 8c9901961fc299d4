"""Undo, for a moment: a publish, reject or spam of a pending review is taken back
through the review service (counts, audit log), and the author's statement of
reasons, which waits that moment, never goes."""

from __future__ import annotations

import pytest

from tests.admin.conftest import PASSWORD
from tests.builders import (
    csrf_from,
    login,
    make_api_key,
    make_business,
    make_review,
    make_user,
)


@pytest.fixture
def inbox(make_app, mailbox):
    def start(**config):
        app = make_app(**mailbox.config(), **config)
        make_business(app)
        key = make_api_key(app)
        make_user(app, "owner@bakery.example", PASSWORD, "bakery")
        review_id = make_review(app.test_client(), key, publish=False)
        app.test_cli_runner().invoke(args=["send-mail"])  # its confirmation
        client = app.test_client()
        assert login(client, "owner@bakery.example", PASSWORD).status_code == 302
        return app, client, key, review_id

    return start


def moderate(client, review_id, action, **fields):
    token = csrf_from(client.get("/admin/b/bakery/").get_data(as_text=True))
    return client.post(
        f"/admin/b/bakery/reviews/{review_id}/moderate?status=pending",
        data={"csrf_token": token, "action": action, **fields},
    )


def undo_form(client) -> tuple[str, str] | None:
    page = client.get("/admin/b/bakery/").get_data(as_text=True)
    if 'class="undo-offer"' not in page:
        return None
    start = page.index('class="undo-offer"')
    action = page[:start].rsplit('action="', 1)[1].split('"', 1)[0]
    return action, csrf_from(page[start:])


def status_of(client, key, review_id) -> str:
    for status in ("pending", "published", "rejected", "spam"):
        listed = client.get(
            f"/api/v1/businesses/bakery/reviews?status={status}",
            headers={"Authorization": f"Bearer {key}"},
        ).get_json()["reviews"]
        if any(r["id"] == review_id for r in listed):
            return status
    return "gone"


@pytest.mark.parametrize("action", ["publish", "spam"])
def test_publish_or_spam_is_taken_back(inbox, action):
    _app, client, key, review_id = inbox()
    assert moderate(client, review_id, action).status_code == 303
    assert status_of(client, key, review_id) != "pending"
    action_url, token = undo_form(client)
    assert action_url == f"/admin/b/bakery/reviews/{review_id}/undo"
    # The offer is made once: a reload does not offer it again.
    assert undo_form(client) is None
    done = client.post(action_url, data={"csrf_token": token})
    assert done.status_code == 303
    page = client.get(done.location).get_data(as_text=True)
    assert f"Undone: review #{review_id} is pending again." in page
    assert status_of(client, key, review_id) == "pending"
    summary = client.get("/api/v1/businesses/bakery/widget").get_json()["summary"]
    assert summary["count"] == 0
    audit = client.get("/admin/b/bakery/audit").get_data(as_text=True)
    assert "undo" in audit.lower()


def test_an_undone_rejection_never_reaches_the_author(inbox, mailbox):
    app, client, _key, review_id = inbox()
    before = len(mailbox.messages)
    moderate(client, review_id, "reject", reason="off_topic")
    action_url, token = undo_form(client)
    assert client.post(action_url, data={"csrf_token": token}).status_code == 303
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert "0 waiting" in result.output
    assert len(mailbox.messages) == before  # no statement of reasons went


def test_a_rejection_not_undone_reaches_the_author_after_the_moment(inbox, mailbox):
    app, client, _key, review_id = inbox(UNDO_SECONDS=0)
    before = len(mailbox.messages)
    moderate(client, review_id, "reject", reason="off_topic")
    app.test_cli_runner().invoke(args=["send-mail"])
    messages = mailbox.wait_for(before + 1)
    assert "will not be shown" in messages[-1]["Subject"]


def test_too_late_or_someone_elses_is_refused(inbox):
    app, client, key, review_id = inbox(UNDO_SECONDS=0)
    moderate(client, review_id, "publish")
    token = csrf_from(client.get("/admin/b/bakery/").get_data(as_text=True))
    late = client.post(
        f"/admin/b/bakery/reviews/{review_id}/undo", data={"csrf_token": token}
    )
    page = client.get(late.location).get_data(as_text=True)
    assert "too late to undo" in page
    assert status_of(client, key, review_id) == "published"

    app.config["UNDO_SECONDS"] = 60
    other = make_review(app.test_client(), key, publish=False)
    moderate(client, other, "spam")
    make_user(app, "mod@bakery.example", PASSWORD, "bakery", role="moderator")
    moderator = app.test_client()
    login(moderator, "mod@bakery.example", PASSWORD)
    token = csrf_from(moderator.get("/admin/b/bakery/").get_data(as_text=True))
    theirs = moderator.post(
        f"/admin/b/bakery/reviews/{other}/undo", data={"csrf_token": token}
    )
    assert "too late to undo" in moderator.get(theirs.location).get_data(as_text=True)
    assert status_of(client, key, other) == "spam"
