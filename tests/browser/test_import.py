"""Importing reviews in a real browser: a Trustpilot file with a bad row, its
preview, the import step by step with its progress bar, and the result."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, sign_in, watch
from tests.builders import make_business, make_user

pytestmark = pytest.mark.browser

PASSWORD = "import browser password"
TRUSTPILOT = (
    "Review Created (UTC),Review Id,Review Title,Review Content,Review Stars,"
    "Review Language,Consumer Name\n"
    "2023-11-05 08:00:00,tp-1,Lovely,Fresh bread every day,5,en,Anna\n"
    "2023-11-06 08:00:00,tp-2,Fine,Good coffee,4,en,Bram\n"
    "2023-11-07 08:00:00,tp-3,Odd,Half a star,4.5,en,Cor\n"
    "2023-11-08 08:00:00,tp-4,Late,Slow service,2,en,Dirk\n"
)


def test_an_import_with_a_bad_row(context, make_live_app, tmp_path):
    app = make_live_app(IMPORT_STEP_ROWS=1)
    make_business(app)
    make_user(app, "owner@bakery.example", PASSWORD, "bakery")
    service = app.config["LIVE_URL"]
    export = tmp_path / "trustpilot-reviews.csv"
    export.write_text(TRUSTPILOT, encoding="utf-8")
    page = context.new_page()
    errors = watch(page)
    sign_in(page, service, "owner@bakery.example", PASSWORD)
    page.get_by_text("More", exact=True).click()
    page.get_by_role("link", name="Import reviews").click()
    page.get_by_label("Trustpilot (CSV)").check()
    page.get_by_label("File (CSV or JSON").set_input_files(str(export))
    page.get_by_role("button", name="Check the file").click()

    expect(page.locator("#import-summary")).to_contain_text("3 reviews can be imported")
    problems = page.get_by_role("region", name="Rows that will not be imported")
    expect(problems.get_by_role("row")).to_have_count(2)
    expect(problems).to_contain_text("line 4")
    expect(problems).to_contain_text("Give a whole number of stars from 1 to 5.")
    preview = page.get_by_role("region", name="Preview", exact=True)
    expect(preview).to_contain_text("Slow service")
    (ARTIFACTS / "panel").mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=str(ARTIFACTS / "panel" / "import-preview.png"), full_page=True
    )

    page.get_by_label("Show imported reviews to visitors").check()
    progress_seen = []
    page.on(
        "response",
        lambda response: (
            progress_seen.append(response.url)
            if response.url.endswith("/run")
            else None
        ),
    )
    page.get_by_role("button", name="Import 3 reviews").click()
    expect(page.locator("#import-result")).to_have_text(
        "3 reviews imported, 1 row with problems left out."
    )
    # One request per row: the page drew the progress bar from each.
    assert len(progress_seen) == 3
    page.screenshot(path=str(ARTIFACTS / "panel" / "import-done.png"), full_page=True)

    summary = app.test_client().get("/api/v1/businesses/bakery/widget").get_json()
    assert summary["summary"]["count"] == 3
    assert {r["imported_from"] for r in summary["reviews"]} == {"Trustpilot"}
    page.goto(service + "/r/bakery")
    expect(page.get_by_text("Imported from Trustpilot").first).to_be_visible()
    assert errors == []
