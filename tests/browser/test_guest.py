"""The widget as a guest on other people's pages: strict CSP, hostile CSS, loaded twice,
single-page apps, the service down, privacy, search engines and languages."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, watch
from tests.browser.widget_pages import (
    AVERAGE,
    host_page,
    ready,
    stock_shop,
    structured_data,
    widget_tag,
)

pytestmark = pytest.mark.browser

STAR = "rgb(163, 95, 0)"  # the light theme's star colour
TEXT = "rgb(28, 27, 34)"  # the light theme's text colour


@pytest.fixture
def shop(live_app):
    return stock_shop(live_app)


@pytest.fixture
def service(live_app):
    return live_app.config["LIVE_URL"]


def visit(context, host_site, html, path="/", headers=None):
    host_site.pages[path] = html
    if headers:
        host_site.headers[path] = headers
    page = context.new_page()
    errors = watch(page)
    page.goto(host_site.url + path)
    return page, errors


# ---------------------------------------------------------------- strict CSP


def test_works_on_a_page_whose_csp_allows_only_the_service(
    context, host_site, service, shop
):
    policy = (
        f"default-src 'none'; script-src {service}; connect-src {service}; "
        "style-src 'self'; img-src data:"
    )
    widgets = "".join(
        widget_tag(layout) for layout in ("badge", "list", "histogram", "carousel")
    )
    page = context.new_page()
    errors = watch(page)
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    host_site.pages["/"] = host_page(service, widgets)
    host_site.headers["/"] = {"Content-Security-Policy": policy}
    page.goto(host_site.url + "/")
    listing = ready(page, "list")
    # The constructable stylesheet applies and CSSOM sizes work without inline styles.
    fill = listing.locator(".header .stars-full")
    expect(fill).to_have_css("color", STAR)
    ratio = fill.evaluate(
        "e => e.getBoundingClientRect().width"
        " / e.parentElement.getBoundingClientRect().width"
    )
    assert ratio == pytest.approx(3.8 / 5, abs=0.02)
    bar = ready(page, "histogram").locator(".bar-fill").first
    assert bar.evaluate("e => e.getBoundingClientRect().width") > 10
    # The lazily loaded second file (carousel, form) is allowed too.
    expect(ready(page, "carousel").locator(".slide[data-first]")).to_have_count(1)
    listing.get_by_role("button", name="Write a review").click()
    expect(listing.get_by_role("button", name="Send review")).to_be_visible()
    expect(listing.locator(".field label").first).to_have_css("font-weight", "600")
    assert page.evaluate("window.__violations") == []
    assert errors == []


# ---------------------------------------------------------------- CSS isolation

HOSTILE = """<style>
* { all: unset; }
div { color: red !important; font-size: 40px !important; }
[data-vouch] { font: 30px/3 serif; color: red; letter-spacing: 5px; }
button, select { background: lime; border-radius: 0; }
.review, .root, .stars { display: none !important; }
</style>"""


def test_hostile_host_css_does_not_change_the_widget(context, host_site, service, shop):
    plain, _ = visit(context, host_site, host_page(service, widget_tag("list")))
    hostile, errors = visit(
        context,
        host_site,
        host_page(service, widget_tag("list"), head=HOSTILE),
        path="/hostile",
    )
    props = [
        "color",
        "font-size",
        "font-family",
        "letter-spacing",
        "display",
        "background-color",
        "border-radius",
        "line-height",
    ]
    for selector in (".review-body", ".more", "select", ".review", ".stars"):
        styles = [
            ready(page, "list")
            .locator(selector)
            .first.evaluate(
                "(e, props) => props.map(p => getComputedStyle(e)[p]).map(String)",
                [re.sub(r"-(\w)", lambda m: m[1].upper(), p) for p in props],
            )
            for page in (plain, hostile)
        ]
        assert styles[0] == styles[1], selector
    body = ready(hostile, "list").locator(".review-body").first
    expect(body).to_have_css("color", TEXT)
    expect(body).to_have_css("font-size", "15px")
    (ARTIFACTS / "guest").mkdir(parents=True, exist_ok=True)
    hostile.locator("#w-list").screenshot(
        path=str(ARTIFACTS / "guest" / "hostile-css.png")
    )
    assert errors == []


HOST_ELEMENTS = """
<ul id="host-list"><li>one</li></ul>
<button id="host-button" type="button">Host button</button>
<select id="host-select"><option>a</option></select>
<details id="host-details"><summary>More</summary>x</details>
<a id="host-link" href="#">link</a>"""


def test_the_widgets_css_does_not_touch_the_host(context, host_site, service, shop):
    without, _ = visit(
        context, host_site, host_page(service, HOST_ELEMENTS, scripts=""), path="/bare"
    )
    widgets = HOST_ELEMENTS + widget_tag("list") + widget_tag("floating")
    page, errors = visit(context, host_site, host_page(service, widgets))
    ready(page, "list")
    ready(page, "floating")
    script = (
        "e => { const s = getComputedStyle(e); return [s.color, s.fontFamily,"
        " s.fontSize, s.backgroundColor, s.borderRadius, s.padding, s.margin,"
        " s.listStyleType, s.boxSizing, s.outlineStyle].join('|'); }"
    )
    for element in (
        "body",
        "h1",
        "#host-text",
        "#host-list",
        "#host-list li",
        "#host-button",
        "#host-select",
        "#host-details",
        "#host-link",
    ):
        before = without.locator(element).evaluate(script)
        assert page.locator(element).evaluate(script) == before, element
    assert errors == []


# ---------------------------------------------------------------- loading


def test_loaded_twice_async_and_defer_it_mounts_once(context, host_site, service, shop):
    scripts = (
        f'<script async src="{service}/embed.js"></script>'
        f'<script defer src="{service}/embed.js"></script>'
        f'<script src="{service}/embed.js?copy=2"></script>'
    )
    widgets = widget_tag("list") + widget_tag("badge")
    host_site.pages["/"] = host_page(service, widgets, scripts=scripts)
    page = context.new_page()
    errors = watch(page)
    data_requests = []
    page.on(
        "request",
        lambda request: (
            data_requests.append(request.url) if "/api/" in request.url else None
        ),
    )
    page.goto(host_site.url + "/")
    page.wait_for_load_state("load")
    ready(page, "list")
    ready(page, "badge")
    page.evaluate(
        "() => { Vouch.mount(); Vouch.mount(document.querySelector('#w-list')); }"
    )
    for layout in ("list", "badge"):
        roots = page.evaluate(
            f"document.querySelector('#w-{layout}').shadowRoot"
            ".querySelectorAll('.root').length"
        )
        assert roots == 1
    expect(page.locator("#w-list .review")).to_have_count(5)
    # One request per distinct widget query, however often the script ran.
    assert len(data_requests) == len(set(data_requests)) == 2
    assert errors == []


def test_single_page_apps_mount_new_elements(context, host_site, service, shop):
    page, errors = visit(context, host_site, host_page(service, ""))
    page.wait_for_function("() => window.Vouch && window.Vouch.version")
    page.evaluate(
        """() => {
          const el = document.createElement('div');
          el.id = 'w-list';
          el.dataset.vouch = 'list';
          el.dataset.business = 'bakery';
          document.querySelector('main').append(el);
          Vouch.mount(el);
        }"""
    )
    expect(ready(page, "list").locator(".review")).to_have_count(5)
    # The route changes: the old element goes, a new one comes and is mounted.
    page.evaluate(
        """() => {
          document.querySelector('#w-list').remove();
          const el = document.createElement('div');
          el.id = 'w-badge';
          el.setAttribute('data-vouch', 'badge');
          el.setAttribute('data-business', 'bakery');
          document.querySelector('main').append(el);
          Vouch.mount(el);
        }"""
    )
    expect(ready(page, "badge").locator(".count")).to_have_text("10 reviews")
    assert errors == []


# ---------------------------------------------------------------- the service down


def test_script_unreachable_leaves_the_hosts_link(context, host_site):
    html = host_page(
        "http://127.0.0.1:9", widget_tag("list", href="http://127.0.0.1:9/r/bakery")
    )
    page = context.new_page()
    uncaught: list[str] = []
    page.on("pageerror", lambda error: uncaught.append(str(error)))
    host_site.pages["/"] = html
    page.goto(host_site.url + "/")
    expect(page.get_by_role("link", name="Our reviews")).to_be_visible()
    assert uncaught == []


def test_api_unreachable_shows_a_quiet_fallback(context, host_site, service, shop):
    widgets = widget_tag("list", api="http://127.0.0.1:9") + (
        '<div id="w-bare" data-vouch="badge" data-business="bakery"'
        ' data-api="http://127.0.0.1:9"></div>'
    )
    page = context.new_page()
    uncaught: list[str] = []
    warnings: list[str] = []
    page.on("pageerror", lambda error: uncaught.append(str(error)))
    page.on(
        "console",
        lambda m: warnings.append(m.text) if m.type == "warning" else None,
    )
    host_site.pages["/"] = host_page(service, widgets)
    page.goto(host_site.url + "/")
    # With the snippet's own link inside, that link is the fallback.
    expect(
        page.locator("#w-list").get_by_role("link", name="Our reviews")
    ).to_be_visible()
    # Without one, a short note and the hosted page's address.
    bare = page.locator("#w-bare")
    expect(bare).to_contain_text("Reviews are unavailable right now.")
    expect(bare.get_by_role("link", name="Read all reviews")).to_have_attribute(
        "href", "http://127.0.0.1:9/r/bakery"
    )
    (ARTIFACTS / "guest").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "guest" / "service-down.png"))
    assert uncaught == []
    assert any("[vouch] could not load reviews for 'bakery'" in w for w in warnings)


def test_bad_options_warn_in_the_console_and_never_throw(
    context, host_site, service, shop
):
    widgets = (
        '<div id="w-a" data-vouch="slideshow" data-business="bakery">A</div>'
        '<div id="w-b" data-vouch="badge" data-business="../etc">B</div>'
        + widget_tag("list", max="500", theme="purple", accent="notacolour")
    )
    page = context.new_page()
    warnings: list[str] = []
    page.on(
        "console",
        lambda m: warnings.append(m.text) if m.type == "warning" else None,
    )
    uncaught: list[str] = []
    page.on("pageerror", lambda error: uncaught.append(str(error)))
    host_site.pages["/"] = host_page(service, widgets)
    page.goto(host_site.url + "/")
    root = ready(page, "list")
    expect(root.locator(".review")).to_have_count(5)
    expect(root).to_have_class(re.compile("light"))
    expect(root.locator(".more")).to_have_css("border-color", "rgb(47, 85, 196)")
    expect(page.locator("#w-a")).to_have_text("A")
    for expected in (
        'data-vouch="slideshow" is not a layout',
        'data-business="../etc" is not a business slug',
        'data-max="500" must be a whole number from 1 to 50',
        'data-theme="purple" must be one of light, dark, auto',
        'data-accent="notacolour" is not a CSS colour',
    ):
        assert any(expected in w for w in warnings), expected
    assert uncaught == []


# ---------------------------------------------------------------- privacy


def test_no_cookies_no_storage_no_third_party_requests(
    context, host_site, service, shop
):
    origins = set()
    context.on(
        "request",
        lambda r: origins.add("{0.scheme}://{0.netloc}".format(urlsplit(r.url))),
    )
    sent_cookies = []
    context.on(
        "request",
        lambda r: sent_cookies.append(r.url) if "cookie" in r.headers else None,
    )
    widgets = widget_tag("list") + widget_tag("carousel") + widget_tag("floating")
    page, errors = visit(context, host_site, host_page(service, widgets))
    listing = ready(page, "list")
    listing.get_by_role("button", name="Load more reviews").click()
    listing.get_by_role("button", name="Write a review").click()
    expect(listing.get_by_role("button", name="Send review")).to_be_visible()
    ready(page, "carousel")
    assert context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.evaluate("indexedDB.databases().then(d => d.length)") == 0
    assert page.evaluate("caches.keys().then(k => k.length)") == 0
    assert origins == {host_site.url, service}
    assert sent_cookies == []
    assert errors == []


# ---------------------------------------------------------------- search engines


def test_json_ld_only_for_a_named_product(context, host_site, service, shop):
    page, errors = visit(
        context,
        host_site,
        host_page(
            service,
            widget_tag("badge", product="Rye loaf")
            + widget_tag("list", product="Rye loaf"),
        ),
    )
    ready(page, "badge")
    ready(page, "list")
    assert structured_data(page) == [
        {
            "@context": "https://schema.org",
            "@type": "Product",
            "name": "Rye loaf",
            "aggregateRating": {
                "@type": "AggregateRating",
                "ratingValue": 3.8,
                "reviewCount": 10,
                "bestRating": 5,
                "worstRating": 1,
            },
        }
    ]
    # The markup is in the DOM for crawlers but never shown.
    expect(page.locator("script[type='application/ld+json']")).to_be_hidden()
    assert errors == []


def test_no_json_ld_about_the_business_itself(context, host_site, service, shop):
    page, errors = visit(
        context, host_site, host_page(service, widget_tag("badge") + widget_tag("list"))
    )
    ready(page, "list")
    assert structured_data(page) == []
    html = page.content()
    assert "LocalBusiness" not in html and "Organization" not in html
    assert errors == []


def test_without_javascript_the_link_leads_to_crawlable_reviews(
    browser, host_site, service, shop
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    host_site.pages["/"] = host_page(
        service, widget_tag("list", href=f"{service}/r/bakery")
    )
    page.goto(host_site.url + "/")
    link = page.get_by_role("link", name="Our reviews")
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reviews of Bakery")
    expect(page.locator(".hosted-reviews li")).to_have_count(10)
    expect(page.locator(".lead")).to_contain_text(f"{AVERAGE} out of 5")
    context.close()


# ---------------------------------------------------------------- languages

LANGUAGES = {
    "en": (
        "3.8",
        "10 reviews",
        "3 days ago",
        "Rated 3.8 out of 5",
        "How reviews are collected and checked",
        "never for their rating",
        "Your review",
    ),
    "nl": (
        "3,8",
        "10 reviews",
        "3 dagen geleden",
        "Beoordeeld met 3,8 van 5",
        "Hoe reviews worden verzameld en gecontroleerd",
        "nooit vanwege hun score",
        "Jouw review",
    ),
    "de": (
        "3,8",
        "10 Bewertungen",
        "vor 3 Tagen",
        "Bewertet mit 3,8 von 5",
        "Wie Bewertungen gesammelt und geprüft werden",
        "nie wegen ihrer Sternezahl",
        "Ihr Erfahrungsbericht",
    ),
    "fr": (
        "3,8",
        "10 avis",
        "il y a 3 jours",
        "Noté 3,8 sur 5",
        "Comment les avis sont collectés et vérifiés",
        "jamais pour sa note",
        "Votre avis",
    ),
}


def assert_speaks(root, language):
    average, count, ago, stars, how, disclosure, body_label = LANGUAGES[language]
    header = root.locator(".header")
    expect(header.locator(".average")).to_have_text(average)
    expect(header.locator(".count")).to_have_text(count)
    expect(header.get_by_role("img")).to_have_attribute("aria-label", stars)
    expect(root.locator(".review time").nth(1)).to_have_text(ago)
    summary = root.locator(".disclosure summary")
    expect(summary).to_have_text(how)
    summary.click()
    expect(root.locator(".disclosure p")).to_contain_text(disclosure)
    root.locator(".write").click()
    expect(root.get_by_label(body_label)).to_be_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_from_data_locale(context, host_site, service, shop, language):
    page, errors = visit(
        context,
        host_site,
        host_page(service, widget_tag("list", locale=language), lang="en"),
    )
    root = ready(page, "list")
    assert_speaks(root, language)
    (ARTIFACTS / "languages").mkdir(parents=True, exist_ok=True)
    page.locator("#w-list").screenshot(
        path=str(ARTIFACTS / "languages" / f"list-{language}.png")
    )
    assert errors == []


def test_language_from_the_pages_lang(context, host_site, service, shop):
    page, errors = visit(
        context, host_site, host_page(service, widget_tag("list"), lang="de-AT")
    )
    assert_speaks(ready(page, "list"), "de")
    assert errors == []


def test_language_from_the_browser(browser, host_site, service, shop):
    context = browser.new_context(locale="fr-FR")
    html = host_page(service, widget_tag("list")).replace(' lang="en"', "")
    page, errors = visit(context, host_site, html)
    assert_speaks(ready(page, "list"), "fr")
    assert errors == []
    context.close()


def test_unsupported_language_falls_back_to_english(context, host_site, service, shop):
    page, errors = visit(
        context,
        host_site,
        host_page(service, widget_tag("list", locale="es"), lang="es"),
    )
    assert_speaks(ready(page, "list"), "en")
    assert errors == []
