"""Two-factor login: turning it on with a real TOTP code, signing in with a code or a
recovery code, each working once, and turning it off."""

from __future__ import annotations

import re
import time

import pyotp
import pytest

from tests.admin.conftest import PASSWORD
from tests.builders import csrf_from, turn_on_two_factor, two_factor_form


def enable(client) -> tuple[str, list[str]]:
    page, secret = two_factor_form(client)
    assert 'src="data:image/svg+xml' in page
    wrong = client.post(
        "/admin/account/two-factor",
        data={"csrf_token": csrf_from(page), "password": PASSWORD, "code": "000000"},
    )
    assert wrong.status_code == 422
    assert "That code is not right" in wrong.get_data(as_text=True)
    no_password = turn_on_two_factor(client, page, secret, "not the password")
    assert no_password.status_code == 422
    assert "That password is not right." in no_password.get_data(as_text=True)
    done = turn_on_two_factor(client, page, secret, PASSWORD)
    assert done.status_code == 200
    codes = re.findall(
        r"<li><code>([0-9a-f]{5}-[0-9a-f]{5})</code></li>", done.get_data(as_text=True)
    )
    assert len(codes) == 10
    return secret, codes


def password_step(client):
    page = client.get("/admin/login").get_data(as_text=True)
    return client.post(
        "/admin/login",
        data={
            "csrf_token": csrf_from(page),
            "email": "owner@bakery.example",
            "password": PASSWORD,
        },
    )


def code_step(client, code):
    page = client.get("/admin/login/code").get_data(as_text=True)
    return client.post(
        "/admin/login/code", data={"csrf_token": csrf_from(page), "code": code}
    )


@pytest.fixture
def clock(monkeypatch):
    """A clock that stands still in the middle of a TOTP time step until moved, so no
    test straddles the moment the app's code changes."""
    # Ahead of the real clock: signed cookies from the future are refused.
    now = [(int(time.time()) // 30 + 1) * 30 + 10.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


def test_sign_in_needs_a_code_once_two_factor_is_on(app, signed_in, clock):
    secret, _codes = enable(signed_in)
    client = app.test_client()
    first = password_step(client)
    assert first.status_code == 303 and first.headers["Location"].endswith(
        "/admin/login/code"
    )
    # The password alone does not sign in.
    assert client.get("/admin/b/bakery/").status_code == 302
    wrong = code_step(client, "123456")
    assert wrong.status_code == 401
    assert "That code is not right" in wrong.get_data(as_text=True)
    # The code used to turn it on is spent; the app's next one works.
    totp = pyotp.TOTP(secret)
    assert code_step(client, totp.now()).status_code == 401
    clock[0] += totp.interval
    code = totp.now()
    good = code_step(client, code)
    assert good.status_code == 303
    assert client.get("/admin/b/bakery/").status_code == 200
    # The same code does not work twice.
    other = app.test_client()
    password_step(other)
    assert code_step(other, code).status_code == 401


def test_recovery_codes_work_once(app, signed_in):
    _, codes = enable(signed_in)
    client = app.test_client()
    password_step(client)
    assert code_step(client, codes[0].upper()).status_code == 303
    again = app.test_client()
    password_step(again)
    assert code_step(again, codes[0]).status_code == 401
    page = signed_in.get("/admin/account").get_data(as_text=True)
    assert "9 recovery codes left" in page


def test_pending_sign_in_expires(app, signed_in, monkeypatch):
    secret, _ = enable(signed_in)
    client = app.test_client()
    password_step(client)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 301)
    response = client.get("/admin/login/code")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/admin/login")
    monkeypatch.setattr(time, "time", real)
    # Starting over is needed: the pending sign-in is gone.
    assert client.get("/admin/login/code").status_code == 303
    assert client.get("/admin/b/bakery/").status_code == 302
    assert secret


def test_code_step_without_a_password_step_starts_over(client, owner):
    response = client.get("/admin/login/code")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/admin/login")


def test_turning_it_off_needs_password_and_code(app, signed_in):
    _secret, codes = enable(signed_in)
    page = signed_in.get("/admin/account").get_data(as_text=True)
    refused = signed_in.post(
        "/admin/account/two-factor/off",
        data={
            "csrf_token": csrf_from(page),
            "password": "wrong password",
            "code": codes[1],
        },
    )
    assert refused.status_code == 422
    assert "That password is not right." in refused.get_data(as_text=True)
    done = signed_in.post(
        "/admin/account/two-factor/off",
        data={
            "csrf_token": csrf_from(page),
            "password": PASSWORD,
            "code": codes[1],
        },
    )
    assert done.status_code == 303
    client = app.test_client()
    response = password_step(client)
    assert response.status_code == 302 and "/admin/" in response.headers["Location"]


@pytest.mark.parametrize("code", ["", "x" * 40])
def test_bad_code_input_is_explained(app, signed_in, code):
    enable(signed_in)
    client = app.test_client()
    password_step(client)
    response = code_step(client, code)
    assert response.status_code in (401, 422)
    assert 'class="field-error"' in response.get_data(as_text=True)
