"""The owner's panel in a real browser: sign-in with two-factor login, a moderation
session by keyboard, bulk actions, the dashboard's charts, and a webhook test."""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyotp
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, sign_in, watch
from tests.browser.widget_pages import axe_violations, stock_shop
from tests.builders import (
    link_in,
    make_api_key,
    make_business,
    make_review,
    make_user,
)

pytestmark = pytest.mark.browser

PASSWORD = "panel browser password"


def shot(page, name: str) -> None:
    (ARTIFACTS / "panel").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "panel" / f"{name}.png"), full_page=True)


def test_two_factor_sign_in(context, live_app):
    make_business(live_app)
    make_user(live_app, "owner@bakery.example", PASSWORD, "bakery")
    service = live_app.config["LIVE_URL"]
    page = context.new_page()
    errors = watch(page)
    sign_in(page, service, "owner@bakery.example", PASSWORD)
    page.locator(".account > summary").click()  # the account menu
    page.get_by_role("link", name="Your account").click()
    secret = page.locator("#totp-key").text_content()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    totp = pyotp.TOTP(secret)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("Code from your app").fill(totp.now())
    page.get_by_role("button", name="Turn two-factor login on").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    shot(page, "two-factor-on")
    page.locator(".account > summary").click()
    page.get_by_role("button", name="Sign out").click()

    # Without a code, no way in; with the next code, in.
    sign_in(page, service, "owner@bakery.example", PASSWORD)
    expect(page.get_by_role("heading", name="One more step")).to_be_visible()
    page.get_by_label("Code from your app, or a recovery code").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".field-error")).to_contain_text("That code is not right")
    page.get_by_label("Code from your app, or a recovery code").fill(
        totp.at(time.time() + totp.interval)
    )
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bakery")
    assert [e for e in errors if "401" not in e] == []


def test_a_moderation_session_by_keyboard_and_bulk(browser, live_app):
    # axe-core is injected as a script, which the panel's own CSP forbids.
    context = browser.new_context(bypass_csp=True)
    make_business(live_app)
    key = make_api_key(live_app)
    client = live_app.test_client()
    for n in range(5):
        make_review(client, key, publish=False, body=f"Waiting review {n}")
    make_user(live_app, "owner@bakery.example", PASSWORD, "bakery")
    page = context.new_page()
    errors = watch(page)
    sign_in(page, live_app.config["LIVE_URL"], "owner@bakery.example", PASSWORD)
    cards = page.locator("article.review")
    expect(cards).to_have_count(5)
    page.keyboard.press("j")
    expect(cards.first).to_be_focused()
    # Moderating keeps the page: a mark set on it survives, the counts follow.
    page.evaluate("window.samePage = true")
    page.keyboard.press("p")
    expect(page.locator(".flash-success")).to_contain_text("is now: Published")
    expect(cards).to_have_count(4)
    expect(page.locator(".count[data-status=pending]")).to_have_text("4")
    expect(page.locator(".count[data-status=published]")).to_have_text("1")
    # The next review has the focus.
    expect(cards.first).to_be_focused()
    page.keyboard.press("j")
    expect(cards.nth(1)).to_be_focused()
    page.keyboard.press("s")
    expect(page.locator(".flash-success")).to_contain_text("is now: Spam")
    expect(cards).to_have_count(3)
    expect(page.locator(".count[data-status=spam]")).to_have_text("1")
    assert page.evaluate("window.samePage") is True
    page.keyboard.press("k")
    page.keyboard.press("e")
    expect(cards.first.get_by_label("Public reply")).to_be_focused()
    page.keyboard.type("Thanks!")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_contain_text("Reply saved.")
    # Saving the reply loaded the page again: keys count once its script listens.
    page.wait_for_load_state("load")
    # Choose the rest with x and publish them together.
    for _ in range(3):
        page.keyboard.press("j")
        page.keyboard.press("x")
    expect(page.locator("input.pick:checked")).to_have_count(3)
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".flash-success")).to_contain_text("Reviews done: 3.")
    expect(page.locator(".empty")).to_contain_text("You're all caught up.")
    assert axe_violations(page) == []
    shot(page, "queue-cleared")
    assert errors == []
    context.close()


def test_dashboard_charts_render_with_data(browser, live_app):
    context = browser.new_context(bypass_csp=True)
    stock_shop(live_app)
    make_user(live_app, "owner@bakery.example", PASSWORD, "bakery")
    page = context.new_page()
    errors = watch(page)
    sign_in(page, live_app.config["LIVE_URL"], "owner@bakery.example", PASSWORD)
    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator("#total")).to_have_text("10")
    chart = page.get_by_role("img", name=re.compile("Published reviews per week"))
    expect(chart).to_be_visible()
    heights = page.locator("rect.bar").evaluate_all(
        "bars => bars.map(b => b.getBoundingClientRect().height)"
    )
    drawn = [h for h in heights if h > 0]
    assert len(heights) == 52 and 2 <= len(drawn) <= 3
    page.get_by_text("The numbers").click()
    counts = page.locator("table.weeks tbody tr td:nth-child(2)").all_text_contents()
    assert sum(int(count) for count in counts) == 10
    assert len(counts) == len(drawn)
    points = page.locator("polyline.line").get_attribute("points").split()
    assert len(points) == len(drawn)
    assert (
        page.locator("polyline.line").evaluate("l => l.getBoundingClientRect().width")
        > 0
    )
    assert axe_violations(page) == []
    shot(page, "dashboard")
    assert errors == []
    context.close()


def test_webhook_test_event_reaches_a_local_server_signed(context, make_live_app):
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    app = make_live_app(
        WEBHOOK_ALLOW_PRIVATE=True, MAIL_WORKER=True, MAIL_POLL_SECONDS=0.3
    )
    make_business(app)
    make_user(app, "owner@bakery.example", PASSWORD, "bakery")
    page = context.new_page()
    errors = watch(page)
    sign_in(page, app.config["LIVE_URL"], "owner@bakery.example", PASSWORD)
    page.get_by_text("More", exact=True).click()
    page.get_by_role("link", name="Webhooks").click()
    page.get_by_label("Address (https://…)").fill(
        f"http://127.0.0.1:{server.server_port}/vouch"
    )
    page.get_by_role("button", name="Add webhook").click()
    secret = page.locator("#secret").text_content()
    page.get_by_role("button", name="Send test").click()
    deadline = time.monotonic() + 10
    while not received and time.monotonic() < deadline:
        time.sleep(0.1)
    server.shutdown()
    server.server_close()
    headers, body = received[0]
    import hashlib
    import hmac

    signed = headers["X-Vouch-Timestamp"].encode() + b"." + body
    expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    assert headers["X-Vouch-Signature"] == expected
    assert json.loads(body)["event"] == "ping"
    page.reload()
    expect(page.locator(".deliveries")).to_contain_text("delivered (HTTP 204)")
    shot(page, "webhooks")
    assert errors == []


def test_a_forgotten_password_by_e_mail(browser, make_live_app, mailbox):
    """From the sign-in page to a new password, following the link of a real
    e-mail; the pages pass axe at a phone's width."""
    app = make_live_app(**mailbox.config(), MAIL_WORKER=True, MAIL_POLL_SECONDS=0.3)
    make_business(app)
    make_user(app, "owner@bakery.example", PASSWORD, "bakery")
    service = app.config["LIVE_URL"]
    context = browser.new_context(
        bypass_csp=True, viewport={"width": 390, "height": 800}
    )
    page = context.new_page()
    errors = watch(page)
    page.goto(service + "/admin/login")
    page.get_by_role("link", name="Forgot your password?").click()
    assert axe_violations(page) == []
    shot(page, "forgot-password-390")
    page.get_by_label("Your account's e-mail address").fill("owner@bakery.example")
    page.get_by_role("button", name="E-mail me a link").click()
    expect(page.get_by_role("status")).to_contain_text("is queued for it now")

    (message,) = mailbox.wait_for(1)
    page.goto(link_in(message, "/admin/reset-password/"))
    expect(page.get_by_text("For owner@bakery.example.")).to_be_visible()
    page.get_by_label("New password", exact=True).fill("password1")
    page.get_by_label("The new password again").fill("password1")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.locator(".field-error")).to_contain_text("most used passwords")
    assert axe_violations(page) == []
    shot(page, "reset-password-390")
    page.get_by_label("New password", exact=True).fill("a fresh loaf every morning")
    page.get_by_label("The new password again").fill("a fresh loaf every morning")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("status")).to_contain_text("Sign in with it")
    page.set_viewport_size({"width": 1280, "height": 800})
    shot(page, "login-after-reset-1280")
    sign_in(page, service, "owner@bakery.example", "a fresh loaf every morning")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bakery")
    assert [e for e in errors if "422" not in e] == []


def test_the_team_page_lists_pending_invitations_with_their_link(browser, live_app):
    make_business(live_app)
    make_user(live_app, "owner@bakery.example", PASSWORD, "bakery")
    context = browser.new_context(
        bypass_csp=True, viewport={"width": 390, "height": 800}
    )
    context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=live_app.config["LIVE_URL"]
    )
    page = context.new_page()
    errors = watch(page)
    sign_in(page, live_app.config["LIVE_URL"], "owner@bakery.example", PASSWORD)
    page.goto(live_app.config["LIVE_URL"] + "/admin/b/bakery/team")
    page.get_by_label("E-mail").fill("helper@bakery.example")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status").first).to_contain_text("queued")
    row = page.get_by_role("row", name=re.compile("helper@bakery.example"))
    expect(row).to_contain_text("queued")
    row.get_by_role("button", name="Copy link").click()
    expect(row.locator(".copied")).to_have_text("Copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "/admin/join/" in copied
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    shot(page, "team-390")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert axe_violations(page) == []
    shot(page, "team-1280")
    assert errors == []
    context.close()


def test_a_publish_is_undone_from_the_message(browser, live_app):
    """On a phone: one tap publishes; the message offers Undo for a moment, and
    the review comes back to the queue."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    make_business(live_app)
    key = make_api_key(live_app)
    make_review(live_app.test_client(), key, publish=False, body="Undo me, please.")
    make_user(live_app, "owner@bakery.example", PASSWORD, "bakery")
    page = context.new_page()
    errors = watch(page)
    sign_in(page, live_app.config["LIVE_URL"], "owner@bakery.example", PASSWORD)
    card = page.locator("article.review")
    expect(card).to_have_count(1)
    box = card.get_by_role("button", name="Publish").bounding_box()
    assert box["height"] >= 44  # thumb-sized
    card.get_by_role("button", name="Publish").click()
    expect(page.locator(".flash-success")).to_contain_text("is now: Published")
    expect(card).to_have_count(0)
    page.locator(".flash-success").get_by_role("button", name="Undo").click()
    expect(page.locator(".flash-success")).to_contain_text("pending again")
    expect(page.locator("article.review")).to_contain_text("Undo me, please.")
    expect(page.locator(".count[data-status=pending]")).to_have_text("1")
    # Reject: three taps (Reject, a reason, Reject).
    card = page.locator("article.review")
    card.locator("details.reject > summary").click()
    card.get_by_label("Reason").select_option("off_topic")
    card.locator("details.reject").get_by_role("button", name="Reject").click()
    expect(page.locator(".flash-success")).to_contain_text("is now: Rejected")
    shot(page, "queue-undo-390")
    assert errors == []
    context.close()
