"""flask --app wsgi create-business / create-user / create-api-key / demo."""

from __future__ import annotations

import pytest

from tests.builders import login


def test_create_business_then_duplicate_fails(runner):
    result = runner.invoke(args=["create-business", "cafe", "Corner Café"])
    assert result.exit_code == 0, result.output
    assert "Created business 'cafe'" in result.output
    again = runner.invoke(args=["create-business", "cafe", "Another"])
    assert again.exit_code != 0
    assert "already exists" in again.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create-business", "Bad Slug", "X"], "slug"),
        (["create-business", "edge-", "X"], "slug"),
        (["create-business", "ok", ""], "name"),
        (["create-business", "ok", "X", "--locale", "xx"], "default_locale"),
    ],
)
def test_create_business_rejects_bad_input(runner, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output


@pytest.fixture
def cafe(runner):
    assert runner.invoke(args=["create-business", "cafe", "Café"]).exit_code == 0


def test_create_user_with_password_from_environment_can_sign_in(app, runner, cafe):
    result = runner.invoke(
        args=[
            "create-user",
            "Owner@Cafe.example",
            "--business",
            "cafe",
            "--role",
            "owner",
        ],
        env={"VOUCH_PASSWORD": "correct horse battery"},
    )
    assert result.exit_code == 0, result.output
    client = app.test_client()
    response = login(client, "owner@cafe.example", "correct horse battery")
    assert response.status_code == 302


def test_create_user_asks_for_the_password(runner, cafe):
    result = runner.invoke(
        args=[
            "create-user",
            "mod@cafe.example",
            "--business",
            "cafe",
            "--role",
            "moderator",
        ],
        input="long enough pw\nlong enough pw\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created moderator mod@cafe.example" in result.output


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (
            ["create-user", "a@b.example", "--business", "nope"],
            "long enough",
            "No business",
        ),
        (["create-user", "not-an-email", "--business", "cafe"], "long enough", "email"),
        (["create-user", "a@b.example", "--business", "cafe"], "short", "password"),
        (
            ["create-user", "a@b.example", "--business", "cafe", "--role", "king"],
            "long enough",
            "role",
        ),
    ],
)
def test_create_user_rejects_bad_input(runner, cafe, args, password, message):
    result = runner.invoke(args=args, env={"VOUCH_PASSWORD": password})
    assert result.exit_code != 0
    assert message in result.output


def test_create_user_twice_fails(runner, cafe):
    env = {"VOUCH_PASSWORD": "long enough pw"}
    runner.invoke(args=["create-user", "a@b.example", "--business", "cafe"], env=env)
    again = runner.invoke(
        args=["create-user", "A@B.example", "--business", "cafe"], env=env
    )
    assert again.exit_code != 0
    assert "is already a member of Café" in again.output


def test_create_api_key_prints_a_working_key_once(app, runner, cafe):
    result = runner.invoke(args=["create-api-key", "cafe"])
    assert result.exit_code == 0
    key = result.stdout.strip().splitlines()[0]
    assert key.startswith("vouch_")
    client = app.test_client()
    response = client.get(
        "/api/v1/businesses/cafe/reviews?status=pending",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200
    second = (
        runner.invoke(args=["create-api-key", "cafe"]).stdout.strip().splitlines()[0]
    )
    assert second != key


def test_create_api_key_for_unknown_business_fails(runner):
    result = runner.invoke(args=["create-api-key", "ghost"])
    assert result.exit_code != 0
    assert "No business" in result.output


def test_demo_loads_once_with_varied_reviews(app, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "owner@demo.example" in first.output and "vouch-demo" in first.output
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0 and "Already loaded" in second.output
    client = app.test_client()
    summary = client.get("/api/v1/businesses/demo/widget").get_json()["summary"]
    assert summary["count"] >= 20
    assert all(summary["distribution"][star] > 0 for star in "12345")
    assert login(client, "owner@demo.example", "vouch-demo").status_code == 302
    queue = client.get("/admin/b/demo/").get_data(as_text=True)
    assert 'data-status="pending">4<' in queue
    # Sample reviews show confirmed addresses, and no e-mail goes to made-up people.
    reviews = client.get("/api/v1/businesses/demo/widget?limit=20").get_json()[
        "reviews"
    ]
    assert {r["verification_method"] for r in reviews} == {"email_confirmed", None}
    assert (
        "Queued 0 reminder(s); delivered 0 e-mail(s)"
        in runner.invoke(args=["send-mail"]).output
    )
