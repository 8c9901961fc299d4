"""The whole loop in a real browser: submit on a host site, publish, see it shown."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from embed.schemas import (
    BODY_MESSAGE,
    CONSENT_MESSAGE,
    EMAIL_INVALID_MESSAGE,
    RATING_MESSAGE,
)
from tests.browser.conftest import screenshot, sign_in, watch
from tests.builders import make_api_key, make_business, make_review, make_user

pytestmark = pytest.mark.browser

PASSWORD = "browser test password"


def host_page(service: str) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Corner Bakery</title>
<link rel="icon" href="data:,">
<style>body {{ font-family: serif; }} div {{ color: red; }}</style></head>
<body>
  <h1>Corner Bakery</h1>
  <div data-vouch="badge" data-business="bakery"></div>
  <p id="host-text">Our own content stays ours.</p>
  <div data-vouch="list" data-business="bakery"></div>
  <script async src="{service}/embed.js"></script>
</body></html>"""


def open_host_site(context, live_app, host_site):
    """Serve the host page for the live app, open it, and collect console errors."""
    host_site.pages["/"] = host_page(live_app.config["LIVE_URL"])
    page = context.new_page()
    errors = watch(page)
    page.goto(host_site.url + "/")
    return page, errors


def fill_review(listing, stars: str, title: str, body: str, name: str, email: str):
    listing.get_by_label(stars, exact=True).check()
    listing.get_by_label("Title (optional)").fill(title)
    listing.get_by_label("Your review").fill(body)
    listing.get_by_label("Your name (shown with the review)").fill(name)
    listing.get_by_label("Your e-mail (never shown)").fill(email)
    listing.get_by_label("I agree").check()
    listing.get_by_role("button", name="Send review").click()


def test_review_submitted_on_a_host_site_is_published_and_shown(
    context, live_app, host_site
):
    service = live_app.config["LIVE_URL"]
    make_business(live_app)
    make_user(live_app, "owner@bakery.example", PASSWORD, "bakery")

    # A visitor opens the host site: empty widgets render without errors.
    page, page_errors = open_host_site(context, live_app, host_site)
    badge = page.locator("[data-vouch=badge]")
    expect(badge.locator(".count")).to_have_text("No reviews yet")
    listing = page.locator("[data-vouch=list]")
    expect(listing.locator(".feed-status")).to_have_text(
        "No reviews yet. Be the first to write one!"
    )

    # They open the form and send it empty: every problem is shown next to its field,
    # and focus moves to the first one.
    listing.get_by_role("button", name="Write a review").click()
    listing.get_by_role("button", name="Send review").click()
    expect(listing.locator("[data-field=rating]")).to_have_text(str(RATING_MESSAGE))
    expect(listing.locator("[data-field=body]")).to_have_text(str(BODY_MESSAGE))
    expect(listing.locator("[data-field=consent]")).to_have_text(str(CONSENT_MESSAGE))
    expect(listing.get_by_label("1 star", exact=True)).to_be_focused()

    # They fill it in properly, choosing the rating with the keyboard-operable radios.
    fill_review(
        listing,
        "4 stars",
        "Lovely <b>loaves</b>",
        "The rye is superb. I <3 this place.",
        "Grace",
        "grace@example.com",
    )
    expect(listing.locator(".thanks")).to_contain_text("awaiting moderation")
    screenshot(page, "host-after-submit")

    # The owner signs in to the panel and publishes it.
    admin = context.new_page()
    admin_errors = watch(admin)
    sign_in(admin, service, "owner@bakery.example", PASSWORD)
    card = admin.locator("article.review", has_text="The rye is superb")
    expect(card).to_be_visible()
    expect(card.locator(".email")).to_have_text("grace@example.com")
    card.get_by_role("button", name="Publish").click()
    expect(admin.locator(".flash-success")).to_contain_text("is now: Published")
    screenshot(admin, "admin-after-publish")

    # Back on the host site, the new count, average and text are there.
    page.reload()
    expect(badge.locator(".count")).to_have_text("1 review")
    expect(badge.locator(".average")).to_have_text("4.0")
    expect(badge.get_by_role("img")).to_have_attribute(
        "aria-label", "Rated 4.0 out of 5"
    )
    review = listing.locator(".review").first
    expect(review.locator(".review-title")).to_have_text("Lovely loaves")
    expect(review.locator(".review-body")).to_have_text(
        "The rye is superb. I <3 this place."
    )
    expect(review.locator(".author")).to_have_text("Grace")
    expect(listing).not_to_contain_text("grace@example.com")
    # The host's "div { color: red }" does not reach into the widget.
    colour = review.locator(".review-body").evaluate("e => getComputedStyle(e).color")
    assert colour != "rgb(255, 0, 0)"
    screenshot(page, "host-after-publish")

    assert page_errors == []
    assert admin_errors == []


def test_widget_shows_a_quiet_fallback_when_the_service_is_down(context, host_site):
    host_site.pages["/"] = host_page("http://127.0.0.1:9")
    page = context.new_page()
    uncaught: list[str] = []
    page.on("pageerror", lambda error: uncaught.append(str(error)))
    page.goto(host_site.url + "/")
    expect(page.locator("#host-text")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Corner Bakery")
    assert uncaught == []


def test_server_side_field_errors_are_shown_in_the_form(context, live_app, host_site):
    """A rule only the server knows (a too-long title) comes back as a field error."""
    make_business(live_app)
    page, errors = open_host_site(context, live_app, host_site)
    listing = page.locator("[data-vouch=list]")
    listing.get_by_role("button", name="Write a review").click()
    title = listing.get_by_label("Title (optional)")
    title.evaluate("e => e.removeAttribute('maxlength')")
    fill_review(listing, "5 stars", "t" * 121, "Fine.", "Lin", "lin@example.com")
    expect(listing.locator("[data-field=title]")).to_contain_text(
        "at most 120 characters"
    )
    expect(title).to_have_attribute("aria-invalid", "true")
    # The only console line is Chromium's own note of the expected 422 response.
    assert [e for e in errors if "422" not in e] == []


def test_widget_checks_the_email_before_sending(context, live_app, host_site):
    make_business(live_app)
    page, errors = open_host_site(context, live_app, host_site)
    listing = page.locator("[data-vouch=list]")
    listing.get_by_role("button", name="Write a review").click()
    listing.get_by_label("Your e-mail (never shown)").fill("not an address")
    listing.get_by_role("button", name="Send review").click()
    expect(listing.locator("[data-field=author_email]")).to_have_text(
        str(EMAIL_INVALID_MESSAGE)
    )
    assert errors == []


def test_load_more_pages_through_every_published_review(context, live_app, host_site):
    make_business(live_app)
    key = make_api_key(live_app)
    client = live_app.test_client()
    for n in range(7):
        make_review(client, key, body=f"Review number {n}")
    page, errors = open_host_site(context, live_app, host_site)
    listing = page.locator("[data-vouch=list]")
    reviews = listing.locator(".review")
    expect(reviews).to_have_count(5)
    expect(reviews.first.locator(".review-body")).to_have_text("Review number 6")
    more = listing.get_by_role("button", name="Load more reviews")
    more.click()
    expect(reviews).to_have_count(7)
    expect(reviews.last.locator(".review-body")).to_have_text("Review number 0")
    expect(more).to_be_hidden()
    expect(listing.locator(".feed-status")).to_have_text("Showing 7 of 7")
    assert errors == []
