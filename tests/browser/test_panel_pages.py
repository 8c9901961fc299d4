"""Every panel page, walked in Chromium on a phone (390 px) and a desktop (1280 px), in
the light and the dark scheme: none is wider than the screen, axe-core (WCAG 2.2 AA)
finds nothing, and a screenshot of each is saved for a person to look at."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import ARTIFACTS, sign_in
from tests.browser.widget_pages import axe_violations, stock_shop
from tests.builders import make_business, make_review, make_user

pytestmark = pytest.mark.browser

PASSWORD = "walking every page"
SIGNED_OUT = ("/admin/login", "/admin/forgot-password")
# Pages of one business, by the endpoint that serves them.
BUSINESS_PAGES = {
    "admin.queue": "/admin/b/bakery/",
    "admin.dashboard_page": "/admin/b/bakery/dashboard",
    "admin.invitations_page": "/admin/b/bakery/invitations",
    "admin.import_page": "/admin/b/bakery/import",
    "admin.embed_builder": "/admin/b/bakery/embed",
    "admin.settings": "/admin/b/bakery/settings",
    "admin.audit_log": "/admin/b/bakery/audit",
    "admin.webhooks_page": "/admin/b/bakery/webhooks",
    "admin.api_keys_page": "/admin/b/bakery/api-keys",
    "admin.privacy_page": "/admin/b/bakery/privacy",
    "admin.team": "/admin/b/bakery/team",
}
OTHER_PAGES = {
    "admin.dashboard": "/admin/",
    "admin.account": "/admin/account",
    "admin.mail": "/admin/mail",
}
MORE_PAGES = ("/admin/b/bakery/?status=reported", "/admin/b/bakery/?status=published")


def test_the_walk_covers_every_panel_page(live_app):
    """A new panel page without a place in this walk fails here."""
    pages = set()
    for rule in live_app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin.") or "GET" not in rule.methods:
            continue
        if set(rule.arguments) - {"slug"} or rule.endpoint == "admin.static":
            continue
        pages.add(rule.endpoint)
    walked = set(BUSINESS_PAGES) | set(OTHER_PAGES)
    walked |= {"admin.login", "admin.forgot_password", "admin.export"}
    walked |= {"admin.qr_code", "admin.embed_snippet"}  # files, not pages
    walked |= {"admin.login_code"}  # only between password and code (test_panel)
    assert pages - walked == set()
    for endpoint, path in BUSINESS_PAGES.items():
        rule = next(live_app.url_map.iter_rules(endpoint))
        assert re.fullmatch(rule.rule.replace("<slug>", "bakery"), path), endpoint


@pytest.fixture
def shop(live_app):
    stock_shop(live_app)
    make_business(live_app, "florist", "Florist")
    make_user(live_app, "owner@bakery.example", PASSWORD, "bakery")
    with live_app.app_context():
        from widget.accounts import join_business, user_by_email
        from widget.businesses import find_business
        from widget.models import Role

        join_business(
            user_by_email("owner@bakery.example"), find_business("florist"), Role.OWNER
        )
        from widget.api_keys import issue_api_key

        key = issue_api_key(find_business("bakery"))[1]
    client = live_app.test_client()
    waiting = make_review(client, key, publish=False, body="A pending one, " * 20)
    published = make_review(client, key, body="Reported as off-topic.")
    client.post(
        f"/api/v1/businesses/bakery/reviews/{published}/reports",
        json={"reason": "off_topic", "note": "Not about bread."},
    )
    assert waiting
    return live_app


@pytest.mark.parametrize(
    ("width", "scheme", "language"),
    [
        (390, "light", "en"),
        (390, "dark", "en"),
        (1280, "light", "en"),
        (1280, "dark", "en"),
        # Longer words: every language fits a phone too.
        (390, "light", "nl"),
        (390, "light", "de"),
        (390, "light", "fr"),
    ],
)
def test_every_page_fits_and_passes_axe(browser, shop, width, scheme, language):
    service = shop.config["LIVE_URL"]
    context = browser.new_context(
        bypass_csp=True,
        viewport={"width": width, "height": 900},
        color_scheme=scheme,
        locale=language,
    )
    page = context.new_page()
    found: dict[str, list[str]] = {}
    folder = ARTIFACTS / "panel-pages"
    folder.mkdir(parents=True, exist_ok=True)

    def visit(path: str, name: str) -> None:
        page.goto(service + path)
        page.wait_for_load_state("load")
        wide = page.evaluate("document.documentElement.scrollWidth")
        problems = [f"{wide} px wide"] if wide > width else []
        if wide > width:
            problems += page.evaluate(
                """(w) => [...document.querySelectorAll('body *')].filter(
                  e => e.getBoundingClientRect().right > w + 1).map(
                  e => `${e.tagName}.${e.className}`).slice(0, 6)""",
                width,
            )
        problems += axe_violations(page)
        if problems:
            found[path] = problems
        suffix = f"{width}-{scheme}" + ("" if language == "en" else f"-{language}")
        page.screenshot(path=str(folder / f"{name}-{suffix}.png"), full_page=True)

    for path in SIGNED_OUT:
        visit(path, path.rsplit("/", 1)[1])
    sign_in(page, service, "owner@bakery.example", PASSWORD)
    for endpoint, path in {**BUSINESS_PAGES, **OTHER_PAGES}.items():
        visit(path, endpoint.removeprefix("admin."))
    for path in MORE_PAGES:
        visit(path, "queue-" + path.rsplit("=", 1)[1])
    # The menus, open: the business switcher, the account menu, "More".
    page.goto(service + "/admin/b/bakery/")
    for menu in ("details.switcher", "details.account", "details.more"):
        page.locator(f"{menu} > summary").click()
        assert axe_violations(page, within=menu) == [], menu
        page.screenshot(
            path=str(folder / f"menu-{menu[8:]}-{width}-{scheme}-{language}.png")
        )
        page.locator(f"{menu} > summary").click()
    context.close()
    assert found == {}
