"""Least privilege: API keys carry a scope and may expire; owners list, create and
revoke them in the panel and the CLI; moderators' exports leave out addresses."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest

from tests.admin.conftest import PASSWORD
from tests.builders import csrf_from, login, make_review, make_user

REVIEWS = "/api/v1/businesses/bakery/reviews"


def cli_key(app, *args) -> str:
    result = app.test_cli_runner().invoke(
        args=["create-api-key", "bakery", *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[0]


def call(client, key, method, path, **kwargs):
    return client.open(
        path, method=method, headers={"Authorization": f"Bearer {key}"}, **kwargs
    )


def test_each_scope_allows_only_its_own_work(app, client, owner):
    review_id = make_review(client, owner, publish=False)
    read = cli_key(app, "--scope", "read", "--label", "dashboard")
    moderate = cli_key(app, "--scope", "moderate")
    manage = cli_key(app, "--scope", "manage")
    moderation = f"{REVIEWS}/{review_id}/moderation"
    export = "/api/v1/businesses/bakery/export"
    hooks = "/api/v1/businesses/bakery/webhooks"
    assert call(client, read, "GET", f"{REVIEWS}?status=pending").status_code == 200
    refused = call(client, read, "POST", moderation, json={"action": "publish"})
    assert refused.status_code == 403
    assert "scope (read)" in refused.get_json()["message"]
    for key in (read, moderate):
        assert call(client, key, "GET", export).status_code == 403
        assert call(client, key, "GET", hooks).status_code == 403
    publish = call(client, moderate, "POST", moderation, json={"action": "publish"})
    assert publish.status_code == 200
    assert call(client, manage, "GET", export).status_code == 200
    assert call(client, manage, "GET", hooks).status_code == 200


def test_keys_are_listed_revoked_and_expire(app, client, owner):
    from widget.api_keys import issue_api_key
    from widget.businesses import find_business
    from widget.models import KeyScope, utcnow

    key = cli_key(app, "--scope", "read", "--expires-days", "30", "--label", "shop")
    runner = app.test_cli_runner()
    assert call(client, key, "GET", f"{REVIEWS}?status=pending").status_code == 200
    listing = runner.invoke(args=["list-api-keys", "bakery"]).output
    line = next(line for line in listing.splitlines() if "shop" in line)
    assert "read" in line and "active" in line and "last used never" not in line
    assert key not in listing  # never the secret
    key_id = re.match(r"#(\d+)", line).group(1)
    assert runner.invoke(args=["revoke-api-key", "bakery", key_id]).exit_code == 0
    gone = call(client, key, "GET", f"{REVIEWS}?status=pending")
    assert gone.status_code == 401
    assert "revoked or expired" in gone.get_json()["message"]
    with app.app_context():
        _, old = issue_api_key(
            find_business("bakery"),
            scope=KeyScope.MANAGE,
            days=1,
            now=utcnow() - timedelta(days=2),
        )
    assert call(client, old, "GET", f"{REVIEWS}?status=pending").status_code == 401


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--scope", "admin"], "Invalid value for '--scope'"),
        (["--expires-days", "0"], "Invalid value for '--expires-days'"),
        (["--expires-days", "soon"], "Invalid value for '--expires-days'"),
    ],
)
def test_bad_key_options_are_explained(app, owner, args, said):
    result = app.test_cli_runner().invoke(args=["create-api-key", "bakery", *args])
    assert result.exit_code == 2 and said in result.output


def test_owners_manage_keys_in_the_panel(app, signed_in, owner):
    page = signed_in.get("/admin/b/bakery/api-keys").get_data(as_text=True)
    bad = signed_in.post(
        "/admin/b/bakery/api-keys",
        data={
            "csrf_token": csrf_from(page),
            "label": "x",
            "scope": "root",
            "days": "x",
        },
    )
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert "Choose what the key may do." in text
    assert "Give a whole number of days" in text
    made = signed_in.post(
        "/admin/b/bakery/api-keys",
        data={
            "csrf_token": csrf_from(page),
            "label": "Till",
            "scope": "moderate",
            "days": "7",
        },
    )
    assert made.status_code == 200
    key = re.search(
        r'<pre id="secret">(vouch_[\w-]+)</pre>', made.get_data(as_text=True)
    )
    assert key
    listed = signed_in.get("/admin/b/bakery/api-keys").get_data(as_text=True)
    assert "Till" in listed and "moderate" in listed and key.group(1) not in listed
    key_id = re.search(r"/api-keys/(\d+)/revoke", listed).group(1)
    signed_in.post(
        f"/admin/b/bakery/api-keys/{key_id}/revoke",
        data={"csrf_token": csrf_from(listed)},
    )
    assert call(signed_in, key.group(1), "GET", REVIEWS).status_code == 401


def test_moderators_exports_leave_out_addresses(app, client, owner):
    make_review(client, owner, author_email="private@example.com")
    make_user(app, "mod@bakery.example", PASSWORD, "bakery", role="moderator")
    moderator = app.test_client()
    login(moderator, "mod@bakery.example", PASSWORD)
    owner_browser = app.test_client()
    login(owner_browser, "owner@bakery.example", PASSWORD)
    for browser, sees in ((moderator, False), (owner_browser, True)):
        for kind in ("csv", "json"):
            body = browser.get(f"/admin/b/bakery/export?format={kind}")
            assert body.status_code == 200
            text = body.get_data(as_text=True)
            assert ("private@example.com" in text) is sees, (sees, kind)
            assert ("author_email" in text) is sees
    rows = list(
        csv.DictReader(
            io.StringIO(moderator.get("/admin/b/bakery/export").get_data(as_text=True))
        )
    )
    assert rows and "author_email" not in rows[0]
