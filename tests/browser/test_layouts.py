"""Every layout in a real browser: what a visitor sees, axe-core, light and dark.

Each test saves a screenshot of the widget under test-results/browser/layouts/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, watch
from tests.browser.widget_pages import (
    AVERAGE,
    axe_violations,
    host_page,
    ready,
    stock_shop,
    widget_tag,
)
from widget.layouts import LAYOUTS

pytestmark = pytest.mark.browser

LIGHT_BG = "rgb(255, 255, 255)"
DARK_BG = "rgb(31, 31, 38)"

THEMES = ("light", "dark")


@pytest.fixture
def shop(live_app):
    return stock_shop(live_app)


def open_layout(context, live_app, host_site, layout, **options):
    service = live_app.config["LIVE_URL"]
    host_site.pages["/"] = host_page(service, widget_tag(layout, **options))
    page = context.new_page()
    errors = watch(page)
    page.goto(host_site.url + "/")
    return page, errors, ready(page, layout)


def save(locator, name: str) -> None:
    folder = ARTIFACTS / "layouts"
    folder.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=str(folder / f"{name}.png"))


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_layout_passes_axe_and_is_screenshotted(
    context, live_app, host_site, shop, layout, theme
):
    page, errors, root = open_layout(context, live_app, host_site, layout, theme=theme)
    expect(root).to_have_class(re.compile(theme))
    if layout == "floating":
        page.locator("#w-floating").get_by_role(
            "button", name=re.compile("10 reviews")
        ).click()
        expect(page.get_by_role("dialog")).to_be_visible()
        # The panel loads its first page of reviews before it is checked.
        expect(page.get_by_role("dialog").locator(".review")).to_have_count(5)
        page.screenshot(path=str(ARTIFACTS / "layouts" / f"floating-open-{theme}.png"))
    if layout == "carousel":
        # Still, so no slide change or fade falls in the middle of the contrast check.
        root.get_by_role("button", name="Pause").click()
        page.locator("#host-text").click()
    if layout == "form":
        # With every error showing, too.
        root.get_by_role("button", name="Send review").click()
        expect(root.locator("[data-field=body]")).not_to_be_empty()
    assert axe_violations(page) == []
    save(
        page.locator(f"#w-{layout}") if layout != "floating" else page,
        f"{layout}-{theme}",
    )
    assert errors == []


def test_badge_shows_stars_average_and_count_linking_to_all_reviews(
    context, live_app, host_site, shop
):
    _page, errors, root = open_layout(context, live_app, host_site, "badge")
    link = root.get_by_role("link")
    expect(link).to_have_attribute("href", f"{live_app.config['LIVE_URL']}/r/bakery")
    expect(root.get_by_role("img")).to_have_attribute(
        "aria-label", f"Rated {AVERAGE} out of 5"
    )
    expect(root.locator(".average")).to_have_text(AVERAGE)
    expect(root.locator(".count")).to_have_text("10 reviews")
    # The gold part of the stars covers the average's share of five.
    width = root.locator(".stars-full").evaluate(
        "e => e.getBoundingClientRect().width"
        " / e.parentElement.getBoundingClientRect().width"
    )
    assert width == pytest.approx(3.8 / 5, abs=0.02)
    assert errors == []


def test_micro_is_one_line(context, live_app, host_site, shop):
    _page, errors, root = open_layout(context, live_app, host_site, "micro")
    expect(root.get_by_role("link")).to_have_text(
        f"{AVERAGE} ★Rated {AVERAGE} out of 5 · 10 reviews"
    )
    height = root.get_by_role("link").evaluate("e => e.getBoundingClientRect().height")
    line = root.get_by_role("link").evaluate(
        "e => parseFloat(getComputedStyle(e).lineHeight)"
    )
    assert height <= line * 1.2
    assert errors == []


def test_list_puts_featured_first_filters_sorts_and_loads_more(
    context, live_app, host_site, shop
):
    _page, errors, root = open_layout(context, live_app, host_site, "list")
    reviews = root.locator(".review")
    expect(reviews).to_have_count(5)
    expect(reviews.first).to_contain_text("Featured by Bakery")
    expect(reviews.first.locator(".review-body")).to_have_text("Review 0")
    expect(reviews.nth(1).locator(".review-body")).to_have_text("Review 9")
    expect(root.locator(".feed-status")).to_have_text("Showing 5 of 10")
    expect(root.get_by_text("Reply from Bakery")).to_have_count(0)

    root.get_by_label("Show").select_option(label="4 stars and up")
    expect(root.locator(".feed-status")).to_have_text("Showing 5 of 7")
    ratings = root.locator(".review .stars").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))"
    )
    assert all(
        label in ("Rated 5.0 out of 5", "Rated 4.0 out of 5") for label in ratings
    )
    # The summary still counts every review.
    expect(root.locator(".header .count")).to_have_text("10 reviews")

    root.get_by_label("Show").select_option(label="All ratings")
    root.get_by_label("Sort").select_option(label="Lowest rated")
    expect(reviews.first.get_by_role("img")).to_have_attribute(
        "aria-label", "Rated 1.0 out of 5"
    )
    expect(reviews.first).to_contain_text("Reply from Bakery")
    root.get_by_role("button", name="Load more reviews").click()
    expect(reviews).to_have_count(10)
    expect(root.locator(".feed-status")).to_have_text("Showing 10 of 10")
    expect(root.get_by_role("button", name="Load more reviews")).to_be_hidden()
    assert errors == []


def test_min_rating_is_only_where_the_visitor_starts(
    context, live_app, host_site, shop
):
    _page, errors, root = open_layout(
        context, live_app, host_site, "list", min_rating="5"
    )
    expect(root.get_by_label("Show")).to_have_value("5")
    expect(root.locator(".feed-status")).to_have_text("Showing 4 of 4")
    expect(root.locator(".header .count")).to_have_text("10 reviews")
    root.get_by_label("Show").select_option(label="All ratings")
    expect(root.locator(".feed-status")).to_have_text("Showing 5 of 10")
    assert errors == []


def test_grid_is_a_wall_of_cards(context, live_app, host_site, shop):
    _page, errors, root = open_layout(context, live_app, host_site, "grid", max="6")
    expect(root.locator(".review")).to_have_count(6)
    columns = root.locator("ul.grid").evaluate(
        "e => getComputedStyle(e).gridTemplateColumns.split(' ').length"
    )
    assert columns >= 2
    assert errors == []


def test_histogram_bars_show_shares_and_filter_the_reviews(
    context, live_app, host_site, shop
):
    _page, errors, root = open_layout(context, live_app, host_site, "histogram")
    five = root.get_by_role("button", name=re.compile("^5 stars"))
    expect(five).to_contain_text("40%")
    expect(five).to_have_attribute("aria-pressed", "false")
    five.click()
    expect(five).to_have_attribute("aria-pressed", "true")
    expect(root.locator(".review")).to_have_count(4)
    expect(root.locator(".feed-status")).to_have_text("Showing 4 of 4")
    expect(five).to_have_attribute("title", "Show only 5-star reviews")
    one = root.get_by_role("button", name=re.compile("^1 star"))
    one.click()
    expect(five).to_have_attribute("aria-pressed", "false")
    expect(root.locator(".review")).to_have_count(1)
    one.click()
    expect(root.locator(".review")).to_have_count(0)
    assert errors == []


def test_carousel_moves_by_buttons_keys_and_swipes(context, live_app, host_site, shop):
    page, errors, root = open_layout(context, live_app, host_site, "carousel")
    # As many cards as fit: three on a desktop, one on a phone.
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(root.locator(".slide:not([hidden])")).to_have_count(3)
    page.set_viewport_size({"width": 390, "height": 800})
    expect(root.locator(".slide:not([hidden])")).to_have_count(1)
    current = root.locator(".slide[data-first]")
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("aria-label", "1 of 5")
    root.get_by_role("button", name="Next review").click()
    expect(current).to_have_attribute("aria-label", "2 of 5")
    page.keyboard.press("ArrowRight")
    expect(current).to_have_attribute("aria-label", "3 of 5")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(current).to_have_attribute("aria-label", "5 of 5")
    box = current.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] - 20, y)
    page.mouse.down()
    page.mouse.move(box["x"] + 20, y, steps=5)
    page.mouse.up()
    expect(current).to_have_attribute("aria-label", "1 of 5")
    assert errors == []


def carousel_on_a_clock(context, live_app, host_site):
    """A carousel whose page runs on Playwright's clock, so time can be skipped."""
    page = context.new_page()
    page.clock.install()
    host_site.pages["/"] = host_page(
        live_app.config["LIVE_URL"], widget_tag("carousel")
    )
    page.goto(host_site.url + "/")
    return page, ready(page, "carousel")


def test_carousel_advances_by_itself_but_pauses_on_hover_focus_and_request(
    context, live_app, host_site, shop
):
    page, root = carousel_on_a_clock(context, live_app, host_site)
    current = root.locator(".slide[data-first]")
    expect(current).to_have_attribute("aria-label", "1 of 5")
    page.mouse.move(0, 0)
    page.clock.run_for(6500)
    expect(current).to_have_attribute("aria-label", "2 of 5")
    # Hovered: it stays.
    current.hover()
    page.clock.run_for(13000)
    expect(current).to_have_attribute("aria-label", "2 of 5")
    page.mouse.move(0, 0)
    # Focused: it stays, and the slides are announced politely only when still.
    pause = root.get_by_role("button", name="Pause")
    pause.focus()
    page.clock.run_for(13000)
    expect(current).to_have_attribute("aria-label", "2 of 5")
    pause.click()
    expect(root.get_by_role("button", name="Play")).to_be_visible()
    expect(root.locator(".slides")).to_have_attribute("aria-live", "polite")
    page.locator("#host-text").click()
    page.mouse.move(0, 0)
    page.clock.run_for(13000)
    expect(current).to_have_attribute("aria-label", "2 of 5")


def test_carousel_never_moves_by_itself_with_reduced_motion(
    browser, live_app, host_site, shop
):
    context = browser.new_context(reduced_motion="reduce")
    page, root = carousel_on_a_clock(context, live_app, host_site)
    page.clock.run_for(30000)
    expect(root.locator(".slide[data-first]")).to_have_attribute("aria-label", "1 of 5")
    expect(root.get_by_role("button", name="Pause")).to_be_hidden()
    animation = root.locator(".slide[data-first]").evaluate(
        "e => getComputedStyle(e).animationName"
    )
    assert animation == "none"
    context.close()


def test_form_rating_is_a_keyboard_radio_group_and_errors_are_announced(
    context, live_app, host_site, shop
):
    page, errors, root = open_layout(context, live_app, host_site, "form")
    group = root.get_by_role("group", name="Your rating")
    expect(group.get_by_role("radio")).to_have_count(5)
    group.get_by_label("1 star", exact=True).focus()
    page.keyboard.press("ArrowRight")
    expect(group.get_by_label("2 stars")).to_be_checked()
    root.get_by_role("button", name="Send review").click()
    body = root.get_by_label("Your review")
    expect(body).to_be_focused()
    expect(body).to_have_attribute("aria-invalid", "true")
    # The message is tied to the field (with its counter) and the summary is a
    # live status.
    error_id, *_counter = body.get_attribute("aria-describedby").split()
    expect(root.locator(f"#{error_id}")).to_have_text(
        "Write a few words about your experience."
    )
    expect(root.get_by_role("status")).to_have_text("Please correct the marked fields.")
    assert errors == []


def test_floating_panel_manages_focus(context, live_app, host_site, shop):
    page, errors, root = open_layout(context, live_app, host_site, "floating")
    opener = root.get_by_role("button", name=re.compile("10 reviews"))
    expect(opener).to_have_css("position", "fixed")
    page.locator("#host-text").click()
    page.keyboard.press("Tab")
    expect(opener).to_be_focused()
    # Focus is visible: the accent-coloured ring.
    expect(opener).to_have_css("outline-style", "solid")
    expect(opener).to_have_css("outline-width", "3px")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Reviews of Bakery")
    expect(dialog).to_be_visible()
    expect(opener).to_have_attribute("aria-expanded", "true")
    expect(dialog.get_by_role("button", name="Close")).to_be_focused()
    # Focus stays in the modal panel.
    for _ in range(15):
        page.keyboard.press("Tab")
        inside = page.evaluate(
            "() => { const r = document.querySelector('#w-floating').shadowRoot;"
            " return r.querySelector('dialog').contains(r.activeElement); }"
        )
        assert inside
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()
    expect(opener).to_have_attribute("aria-expanded", "false")
    assert errors == []


@pytest.mark.parametrize(("device", "width"), [("phone", 390), ("desktop", 1280)])
def test_floating_panel_fits_the_screen_and_covers_its_badge(
    context, live_app, host_site, shop, device, width
):
    page, errors, root = open_layout(context, live_app, host_site, "floating")
    page.set_viewport_size({"width": width, "height": 800})
    opener = root.get_by_role("button", name=re.compile("10 reviews"))
    badge = opener.bounding_box()
    opener.click()
    panel = page.get_by_role("dialog", name="Reviews of Bakery")
    expect(panel).to_be_visible()
    box = panel.bounding_box()
    if device == "phone":
        # A sheet from the bottom edge, the whole width.
        assert (box["x"], box["width"]) == (0, width)
        assert box["y"] + box["height"] == pytest.approx(800, abs=1)
    else:
        # Anchored where the badge is, no more than the badge's margin away.
        assert width - (box["x"] + box["width"]) <= 17
        assert 800 - (box["y"] + box["height"]) <= 17
    # Nothing of the badge peeks out from under the panel.
    assert box["x"] <= badge["x"] and box["y"] <= badge["y"]
    assert box["x"] + box["width"] >= badge["x"] + badge["width"]
    assert box["y"] + box["height"] >= badge["y"] + badge["height"]
    folder = ARTIFACTS / "layouts"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"floating-open-{device}.png"))
    assert axe_violations(page) == []
    assert errors == []


def test_empty_business_says_so_in_every_layout(context, live_app, host_site):
    from tests.builders import make_business

    make_business(live_app)
    service = live_app.config["LIVE_URL"]
    tags = "".join(widget_tag(layout) for layout in LAYOUTS if layout != "floating")
    host_site.pages["/"] = host_page(service, tags)
    page = context.new_page()
    errors = watch(page)
    page.goto(host_site.url + "/")
    for layout in ("badge", "micro"):
        expect(ready(page, layout)).to_contain_text("No reviews yet")
    for layout in ("list", "grid", "carousel"):
        expect(ready(page, layout)).to_contain_text("No reviews yet. Be the first")
        expect(ready(page, layout).locator("select")).to_have_count(0)
    for star in range(1, 6):
        expect(ready(page, "histogram").locator(".bar").nth(star - 1)).to_be_disabled()
    expect(
        ready(page, "form").get_by_role("button", name="Send review")
    ).to_be_visible()
    save(page.locator("main"), "empty-business")
    assert errors == []


@pytest.mark.parametrize(
    ("accent", "text"),
    [("#aa3300", "rgb(255, 255, 255)"), ("#ffd400", "rgb(16, 19, 28)")],
)
def test_accent_colour_with_readable_text_on_it(
    context, live_app, host_site, shop, accent, text
):
    _page, errors, root = open_layout(
        context, live_app, host_site, "floating", accent=accent
    )
    opener = root.locator(".floating")
    red, green, blue = (int(accent[i : i + 2], 16) for i in (1, 3, 5))
    expect(opener).to_have_css("background-color", f"rgb({red}, {green}, {blue})")
    expect(opener).to_have_css("color", text)
    assert errors == []


def test_host_page_themes_through_custom_properties(context, live_app, host_site, shop):
    service = live_app.config["LIVE_URL"]
    head = (
        "<style>#w-list { --vouch-accent: #006b5f; --vouch-text: #222;"
        " --vouch-bg: #fffdf5; --vouch-font: Georgia, serif; }</style>"
    )
    host_site.pages["/"] = host_page(service, widget_tag("list"), head=head)
    page = context.new_page()
    page.goto(host_site.url + "/")
    root = ready(page, "list")
    expect(root).to_have_css("background-color", "rgb(255, 253, 245)")
    expect(root).to_have_css("color", "rgb(34, 34, 34)")
    expect(root).to_have_css("font-family", "Georgia, serif")
    expect(root.locator(".more")).to_have_css("color", "rgb(0, 107, 95)")


@pytest.mark.parametrize(
    ("scheme", "background"), [("dark", DARK_BG), ("light", LIGHT_BG)]
)
def test_auto_theme_follows_the_visitors_colour_scheme(
    browser, live_app, host_site, shop, scheme, background
):
    context = browser.new_context(color_scheme=scheme)
    page, errors, root = open_layout(context, live_app, host_site, "list", theme="auto")
    expect(root).to_have_css("background-color", background)
    assert axe_violations(page) == []
    assert errors == []
    context.close()


def test_the_owners_widget_defaults_apply_where_the_snippet_is_silent(
    context, live_app, host_site, shop
):
    with live_app.app_context():
        from widget.businesses import find_business, update_settings

        update_settings(
            find_business("bakery"),
            {"widget_theme": "dark", "widget_accent": "#ffd000"},
        )
    service = live_app.config["LIVE_URL"]
    host_site.pages["/"] = host_page(
        service,
        widget_tag("list") + widget_tag("badge", theme="light", accent="#2f55c4"),
    )
    page = context.new_page()
    errors = watch(page)
    page.goto(host_site.url + "/")
    silent, explicit = ready(page, "list"), ready(page, "badge")
    expect(silent).to_have_css("background-color", DARK_BG)
    # Text on a light yellow accent turns dark.
    expect(silent.locator(".more")).to_have_css("color", "rgb(255, 208, 0)")
    expect(explicit).to_have_css("background-color", LIGHT_BG)
    assert errors == []
