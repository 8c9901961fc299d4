"""Sessions end when they should: signing out, a new password, two-factor login
turned on or off, and removal from a team end every session of that person; sign-in
attempts are limited per account too, saying nothing about whether it exists."""

from __future__ import annotations

import re

import pytest

from tests.admin.conftest import PASSWORD
from tests.builders import (
    csrf_from,
    login,
    make_business,
    make_user,
    turn_on_two_factor,
    two_factor_form,
)

ACCOUNT = "/admin/account"


def signed_in_twice(app, email="owner@bakery.example"):
    """The same person in two browsers."""
    browsers = [app.test_client(), app.test_client()]
    for browser in browsers:
        assert login(browser, email, PASSWORD).status_code == 302
    return browsers


def signed_in(browser) -> bool:
    return browser.get(ACCOUNT).status_code == 200


def test_signing_out_ends_every_session_and_copied_cookies(app, owner):
    laptop, phone = signed_in_twice(app)
    stolen = app.test_client()
    cookie = laptop.get_cookie("session")
    stolen.set_cookie(cookie.key, cookie.value)
    assert signed_in(stolen)
    token = csrf_from(laptop.get(ACCOUNT).get_data(as_text=True))
    laptop.post("/admin/logout", data={"csrf_token": token})
    assert not signed_in(laptop)
    assert not signed_in(phone)
    assert not signed_in(stolen)


def test_a_new_password_ends_the_other_sessions_but_not_this_one(app, owner):
    laptop, phone = signed_in_twice(app)
    page = laptop.get(ACCOUNT).get_data(as_text=True)
    wrong = laptop.post(
        "/admin/account/password",
        data={
            "csrf_token": csrf_from(page),
            "current_password": "not it",
            "new_password": "a brand new password",
        },
    )
    assert wrong.status_code == 422
    assert "That password is not right." in wrong.get_data(as_text=True)
    for weak, message in (
        ("short", "Use at least 8 characters."),
        ("iloveyou", "one of the most used passwords"),
    ):
        refused = laptop.post(
            "/admin/account/password",
            data={
                "csrf_token": csrf_from(page),
                "current_password": PASSWORD,
                "new_password": weak,
            },
        )
        assert refused.status_code == 422
        assert message in refused.get_data(as_text=True)
    assert signed_in(phone)
    done = laptop.post(
        "/admin/account/password",
        data={
            "csrf_token": csrf_from(page),
            "current_password": PASSWORD,
            "new_password": "a brand new password",
        },
    )
    assert done.status_code == 303
    assert signed_in(laptop)
    assert not signed_in(phone)
    fresh = app.test_client()
    assert login(fresh, "owner@bakery.example", PASSWORD).status_code == 401
    assert login(fresh, "owner@bakery.example", "a brand new password").status_code == (
        302
    )


def test_two_factor_on_or_off_ends_the_other_sessions(app, owner):
    laptop, phone = signed_in_twice(app)
    page, secret = two_factor_form(laptop)
    done = turn_on_two_factor(laptop, page, secret, PASSWORD)
    assert done.status_code == 200
    assert signed_in(laptop)
    assert not signed_in(phone)


def test_removal_from_the_team_ends_their_session(app, owner):
    make_user(app, "mod@bakery.example", PASSWORD, "bakery", role="moderator")
    (moderator,) = signed_in_twice(app, "mod@bakery.example")[:1]
    assert moderator.get("/admin/b/bakery/").status_code == 200
    (boss,) = signed_in_twice(app)[:1]
    page = boss.get("/admin/b/bakery/team").get_data(as_text=True)
    user_id = re.search(r"/admin/b/bakery/team/(\d+)/remove", page).group(1)
    removed = boss.post(
        f"/admin/b/bakery/team/{user_id}/remove", data={"csrf_token": csrf_from(page)}
    )
    assert removed.status_code == 303
    assert moderator.get("/admin/b/bakery/").status_code == 302  # to sign in


@pytest.mark.parametrize("email", ["owner@bakery.example", "nobody@bakery.example"])
def test_failed_sign_ins_are_limited_per_account_from_any_address(make_app, email):
    app = make_app(ACCOUNT_LOGIN_RATE_LIMIT="3 per minute")
    make_business(app)
    make_user(app, "owner@bakery.example", PASSWORD, "bakery")
    answers = []
    for n in range(4):
        browser = app.test_client()
        address = {"REMOTE_ADDR": f"198.51.100.{n}"}
        page = browser.get("/admin/login", environ_base=address)
        answers.append(
            browser.post(
                "/admin/login",
                data={
                    "csrf_token": csrf_from(page.get_data(as_text=True)),
                    "email": email,
                    "password": "wrong password",
                },
                environ_base=address,
            )
        )
    assert [a.status_code for a in answers] == [401, 401, 401, 429]
    # The same words whether the account exists or not.
    assert "Too many failed sign-ins for this account." in answers[3].get_data(
        as_text=True
    )
    assert "Retry-After" in answers[3].headers


def test_a_successful_sign_in_does_not_count_against_the_account(make_app):
    app = make_app(ACCOUNT_LOGIN_RATE_LIMIT="2 per minute")
    make_business(app)
    make_user(app, "owner@bakery.example", PASSWORD, "bakery")
    for _ in range(4):
        assert login(
            app.test_client(), "owner@bakery.example", PASSWORD
        ).status_code == (302)
