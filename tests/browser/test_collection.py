"""Collecting reviews in a real browser: an invitation e-mail to a verified review in
the widget, the hosted page without JavaScript, a person past every spam defence, and
reporting a review."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, PLAIN_HTTP_SITE, sign_in, watch
from tests.browser.widget_pages import axe_violations, host_page, ready, widget_tag
from tests.builders import link_in, make_api_key, make_business, make_review, make_user
from widget.businesses import find_business, update_settings
from widget.models import ModerationPolicy

pytestmark = pytest.mark.browser

PASSWORD = "collection test password"


def shot(page, name: str) -> None:
    (ARTIFACTS / "collection").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "collection" / f"{name}.png"), full_page=True)


def test_invitation_email_leads_to_a_verified_review_in_the_widget(
    context, make_live_app, host_site, mailbox
):
    app = make_live_app(**mailbox.config(), MAIL_WORKER=True, MAIL_POLL_SECONDS=0.5)
    make_business(app, moderation_policy=ModerationPolicy.AUTO_VERIFIED)
    make_user(app, "owner@bakery.example", PASSWORD, "bakery")
    service = app.config["LIVE_URL"]

    # The owner invites a customer from the panel.
    panel = context.new_page()
    panel_errors = watch(panel)
    sign_in(panel, service, "owner@bakery.example", PASSWORD)
    panel.get_by_role("link", name="Invite customers").click()
    panel.get_by_label("Name").fill("Grace Hopper")
    panel.get_by_label("E-mail").fill("grace@example.com")
    panel.get_by_label("Order reference (optional)").fill("A-100")
    panel.get_by_role("button", name="Send invitation").click()
    expect(panel.get_by_role("status")).to_contain_text(
        "Invitation to grace@example.com queued."
    )
    shot(panel, "panel-invitations")

    # The e-mail arrives over SMTP; the customer follows its link.
    (message,) = mailbox.wait_for(1)
    assert message["Subject"] == "How was Bakery? Tell others in a review"
    customer = context.new_page()
    customer_errors = watch(customer)
    customer.goto(link_in(message, "/i/"))
    expect(customer.get_by_label("Your name (shown with the review)")).to_have_value(
        "Grace Hopper"
    )
    expect(customer.locator("#author_email")).to_have_value("grace@example.com")
    # Stars by keyboard: focus the group, arrow to four stars.
    customer.get_by_role("radio", name="3 stars").focus()
    customer.keyboard.press("ArrowRight")
    expect(customer.get_by_role("radio", name="4 stars")).to_be_checked()
    customer.get_by_label("Your review").fill("Lovely rye, friendly staff.")
    customer.get_by_label("I agree").check()
    customer.get_by_role("button", name="Send review").click()
    expect(customer.get_by_role("heading", level=1)).to_have_text(
        "Thank you for your review!"
    )
    expect(customer.locator(".lead")).to_have_text("It is now published.")
    shot(customer, "invited-thanks")

    # A visitor of the business's site sees it, marked as from a verified customer.
    host_site.pages["/"] = host_page(service, widget_tag("list"))
    visitor = context.new_page()
    visitor_errors = watch(visitor)
    visitor.goto(host_site.url + "/")
    review = ready(visitor, "list").locator(".review").first
    expect(review.locator(".review-body")).to_have_text("Lovely rye, friendly staff.")
    expect(review.locator(".verified")).to_have_text("✓ Verified customer")
    # The link is used up.
    customer.goto(link_in(message, "/i/"))
    expect(customer.locator("h1")).to_have_text("This link can no longer be used")
    assert panel_errors == []
    assert customer_errors == [] or all("410" in e for e in customer_errors)
    assert visitor_errors == []


def test_hosted_page_works_without_javascript_on_a_phone(browser, live_app):
    make_business(live_app)
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    page.goto(live_app.config["LIVE_URL"] + "/r/bakery?lang=nl")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_role("button", name="Review versturen").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Verbeter de gemarkeerde velden.")
    expect(page.locator("#err-rating")).to_have_text(
        "Geef een score van 1 tot 5 sterren."
    )
    expect(page.locator("#err-body")).to_have_text(
        "Schrijf een paar woorden over je ervaring."
    )
    shot(page, "hosted-errors-nl")
    # Keyboard only: Tab into the stars, arrows to choose.
    page.get_by_role("radio", name="1 ster", exact=True).focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="2 sterren")).to_be_checked()
    page.get_by_label("Jouw review").fill("Prima brood.")
    page.get_by_label("Je naam (getoond bij de review)").fill("Kees")
    page.get_by_label("Je e-mailadres (nooit getoond)").fill("kees@example.com")
    page.get_by_label("Ik ga ermee akkoord").check()
    page.get_by_role("button", name="Review versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor je review!")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    shot(page, "hosted-thanks-nl")
    context.close()


def test_hosted_page_solves_the_proof_of_work_and_holds_without_script(
    browser, context, make_live_app
):
    app = make_live_app(POW_MAX_NUMBER=20_000)
    make_business(app, moderation_policy=ModerationPolicy.AUTO_ALL)
    with app.app_context():
        update_settings(find_business("bakery"), {"proof_of_work": True})
    url = app.config["LIVE_URL"] + "/r/bakery"
    without_script = browser.new_context(java_script_enabled=False)
    for page, outcome in (
        (context.new_page(), "It is now published."),
        (without_script.new_page(), "It was received and is awaiting moderation."),
    ):
        errors = watch(page)
        page.goto(url)
        page.get_by_role("radio", name="5 stars").check()
        page.get_by_label("Your review").fill(f"Lovely rye. {outcome}")
        page.get_by_label("Your name (shown with the review)").fill("Ada")
        page.get_by_label("Your e-mail (never shown)").fill("ada@example.com")
        page.get_by_label("I agree").check()
        if "published" in outcome:
            # The page's script solves the challenge while the visitor types.
            expect(page.locator("input[name=altcha]")).to_have_value(re.compile(".+"))
        page.get_by_role("button", name="Send review").click()
        expect(page.locator(".lead")).to_have_text(outcome)
        assert errors == []
    without_script.close()


def test_hosted_page_passes_axe(context, live_app):
    make_business(live_app)
    key = make_api_key(live_app)
    make_review(live_app.test_client(), key)
    page = context.new_page()
    page.goto(live_app.config["LIVE_URL"] + "/r/bakery")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send review").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert axe_violations(page) == []
    shot(page, "hosted-en")


@pytest.mark.parametrize("site", ["localhost", PLAIN_HTTP_SITE])
def test_a_person_gets_past_fill_time_and_proof_of_work(
    context, make_live_app, host_site, site
):
    """Also on a site served over plain http:// from a real host name, where the page is
    not a secure context and has no crypto.subtle: the widget hashes in script."""
    app = make_live_app(MIN_FILL_SECONDS=1.5, POW_MAX_NUMBER=20_000)
    make_business(app)
    with app.app_context():
        update_settings(find_business("bakery"), {"proof_of_work": True})
    key = make_api_key(app)
    host_site.pages["/"] = host_page(app.config["LIVE_URL"], widget_tag("form"))
    page = context.new_page()
    errors = watch(page)
    page.goto(host_site.url.replace("localhost", site) + "/")
    secure = page.evaluate("!!(window.isSecureContext && crypto.subtle)")
    assert secure is (site == "localhost")
    form = ready(page, "form")
    form.get_by_label("5 stars").check()
    form.get_by_label("Your review").press_sequentially("Warm bread.", delay=60)
    form.get_by_label("Your name (shown with the review)").fill("Lin")
    form.get_by_label("Your e-mail (never shown)").fill("lin@example.com")
    form.get_by_label("I agree").check()
    # However fast the machine types, a person takes longer than the minimum.
    time.sleep(2.0)
    form.get_by_role("button", name="Send review").click()
    expect(form.locator(".thanks")).to_contain_text("awaiting moderation")
    pending = (
        app.test_client()
        .get(
            "/api/v1/businesses/bakery/reviews?status=pending",
            headers={"Authorization": f"Bearer {key}"},
        )
        .get_json()["reviews"]
    )
    assert [review["body"] for review in pending] == ["Warm bread."]
    assert errors == []


def test_visitor_reports_a_review_from_the_widget(context, live_app, host_site):
    make_business(live_app)
    key = make_api_key(live_app)
    review_id = make_review(live_app.test_client(), key, body="Awful people.")
    host_site.pages["/"] = host_page(live_app.config["LIVE_URL"], widget_tag("list"))
    page = context.new_page()
    errors = watch(page)
    page.goto(host_site.url + "/")
    root = ready(page, "list")
    root.get_by_role("button", name="Report").click()
    form = root.locator(".report-form")
    expect(form.get_by_role("radio").first).to_be_focused()
    form.get_by_label("It is abusive, hateful or harassing").check()
    form.get_by_label("Details (optional)").fill("Insults the staff")
    assert axe_violations(page) == []
    form.get_by_role("button", name="Send report").click()
    expect(root.get_by_role("status").filter(has_text="Thank you.")).to_be_visible()
    client = live_app.test_client()
    from tests.admin.conftest import PASSWORD as OWNER_PASSWORD
    from tests.builders import login

    make_user(live_app, "owner@bakery.example", OWNER_PASSWORD, "bakery")
    login(client, "owner@bakery.example", OWNER_PASSWORD)
    panel = client.get("/admin/b/bakery/?status=reported").get_data(as_text=True)
    assert "Insults the staff" in panel and f'data-review-id="{review_id}"' in panel
    assert errors == []
    assert re.search("Reported", panel)
