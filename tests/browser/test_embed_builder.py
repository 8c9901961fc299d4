"""The owner's embed builder in a real browser: options, live preview, copy."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, sign_in, watch
from tests.browser.widget_pages import AVERAGE, stock_shop
from tests.builders import make_user

pytestmark = pytest.mark.browser

PASSWORD = "builder test password"


def test_owner_builds_an_embed_code_with_a_live_preview(browser, live_app):
    stock_shop(live_app)
    make_user(live_app, "owner@bakery.example", PASSWORD, "bakery")
    service = live_app.config["LIVE_URL"]
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=service)
    page = context.new_page()
    errors = watch(page)
    sign_in(page, service, "owner@bakery.example", PASSWORD)
    page.get_by_role("link", name="Get the embed code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Put your reviews on your website"
    )

    preview = page.locator("#preview")
    phone = page.locator("#preview-phone")
    snippet = page.locator("#snippet")
    # The real widget, on the panel's strict CSP, at a phone's width and a desktop's.
    expect(preview.locator(".review")).to_have_count(5)
    expect(phone.locator(".review")).to_have_count(5)
    assert phone.bounding_box()["width"] <= 360 < preview.bounding_box()["width"]
    hint = page.locator("#layout-hint")
    expect(hint).to_contain_text("as a list, with the form")

    page.get_by_label("Layout").select_option("badge")
    expect(hint).to_contain_text("stars and count")
    expect(preview.locator(".root.is-badge .average")).to_have_text(AVERAGE)
    expect(phone.locator(".root.is-badge .average")).to_have_text(AVERAGE)
    expect(snippet).to_contain_text('<div data-vouch="badge" data-business="bakery">')

    page.get_by_label("Theme").select_option("dark")
    page.get_by_label("Language").select_option("nl")
    expect(preview.locator(".root.dark .average")).to_have_text("3,8")
    page.get_by_label("Accent colour").fill("#aa3300")
    expect(snippet).to_contain_text(
        'data-vouch="badge" data-business="bakery" data-theme="dark" '
        'data-accent="#aa3300" data-locale="nl"'
    )
    assert "layout=badge" in page.url and "theme=dark" in page.url

    page.get_by_label("Layout").select_option("floating")
    opener = preview.locator(".floating")
    expect(opener).to_have_css("background-color", "rgb(170, 51, 0)")
    # One floating badge: the phone's frame steps aside.
    expect(page.locator("figure.phone")).to_be_hidden()
    expect(page.locator(".floating")).to_have_count(1)

    page.get_by_role("button", name="Copy embed code").click()
    expect(page.get_by_text("Copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == snippet.text_content()
    page.screenshot(path=str(ARTIFACTS / "admin-embed-builder.png"), full_page=True)

    # A bad value typed into the address bar is explained, not ignored silently.
    page.goto(service + "/admin/b/bakery/embed?max=0")
    expect(page.locator("#err-max")).to_have_text("Must be from 1 to 50.")
    assert errors == [] or all("422" in error for error in errors)
    context.close()
