"""The embed scripts as served, their build, and their agreement with the API."""

from __future__ import annotations

import gzip
import hashlib
import subprocess
from pathlib import Path

import pytest

from embed import schemas
from widget.layouts import LAYOUTS

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "embed" / "js"
BUILT = ROOT / "embed" / "static"
SHIPPED = ("embed.js", "embed-more.js", "embed.js.map", "embed-more.js.map")


@pytest.mark.parametrize("name", SHIPPED)
def test_built_scripts_are_served_cacheable_and_open_to_any_site(client, name):
    response = client.get(f"/{name}")
    assert response.status_code == 200
    assert response.data == (BUILT / name).read_bytes()
    expected = "application/json" if name.endswith(".map") else "text/javascript"
    assert response.mimetype == expected
    assert "max-age=300" in response.headers["Cache-Control"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    again = client.get(f"/{name}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("name", ("embed.js", "embed-more.js"))
def test_a_url_naming_the_current_version_is_cached_for_a_year(client, name):
    content = (BUILT / name).read_bytes()
    version = hashlib.sha256(content).hexdigest()[:12]
    response = client.get(f"/{name}?v={version}")
    assert response.data == content
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    # Another version's URL gets today's file, but only for the usual few minutes.
    stale = client.get(f"/{name}?v=0123456789ab")
    assert stale.data == content
    assert "max-age=300" in stale.headers["Cache-Control"]
    assert "immutable" not in stale.headers["Cache-Control"]


def test_embed_js_loads_its_second_part_by_that_part_s_version():
    more = hashlib.sha256((BUILT / "embed-more.js").read_bytes()).hexdigest()[:12]
    assert f"/embed-more.js?v={more}" in (BUILT / "embed.js").read_text()


def test_other_script_names_are_not_found(client):
    assert client.get("/embed-less.js").status_code == 404


def test_committed_build_is_what_the_sources_build_to(tmp_path):
    """`make build` output is committed; a change to embed/js/ must rebuild it."""
    assert (ROOT / "node_modules" / "esbuild").is_dir(), "run `make test` (npm ci)"
    subprocess.run(
        ["node", str(ROOT / "embed" / "build.mjs"), str(tmp_path)],
        check=True,
        cwd=ROOT,
    )
    for name in (
        *SHIPPED,
        "hosted-form.js",
        "hosted-form.js.map",
        "share.js",
        "share.js.map",
    ):
        assert (tmp_path / name).read_bytes() == (BUILT / name).read_bytes(), (
            f"embed/static/{name} is stale: run `make build` and commit it"
        )


def test_built_script_is_minified():
    for name in ("embed.js", "embed-more.js"):
        source = (SOURCES / name).read_bytes()
        assert len((BUILT / name).read_bytes()) < 0.75 * len(source)


def test_the_first_paint_script_stays_within_6_kb_gzipped():
    """What every page with a widget downloads before anything shows."""
    first_paint = gzip.compress((BUILT / "embed.js").read_bytes(), 9)
    assert len(first_paint) <= 6 * 1024, f"embed.js is {len(first_paint):,} B gzipped"


@pytest.mark.parametrize("name", ("embed.js", "embed-more.js"))
def test_scripts_never_write_markup_from_data(name):
    source = (SOURCES / name).read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"):
        assert sink not in source


def test_widget_form_uses_the_apis_own_messages_in_english():
    english = (SOURCES / "embed-more.js").read_text().split("nl: {")[0]
    for message in (
        schemas.RATING_MESSAGE,
        schemas.BODY_MESSAGE,
        schemas.NAME_MESSAGE,
        schemas.EMAIL_MISSING_MESSAGE,
        schemas.EMAIL_INVALID_MESSAGE,
        schemas.CONSENT_MESSAGE,
    ):
        assert f'"{message}"' in english


def test_demo_page_embeds_the_widgets(client, runner):
    runner.invoke(args=["demo"])
    html = client.get("/demo").get_data(as_text=True)
    assert 'data-vouch="badge" data-business="demo"' in html
    assert 'data-vouch="list" data-business="demo"' in html
    version = hashlib.sha256((BUILT / "embed.js").read_bytes()).hexdigest()[:12]
    assert f'src="/embed.js?v={version}"' in html


def test_layouts_page_embeds_every_layout_and_language(client, runner):
    runner.invoke(args=["demo"])
    html = client.get("/demo/layouts").get_data(as_text=True)
    for layout in LAYOUTS:
        assert f'<div data-vouch="{layout}" data-business="demo"' in html
    for locale in ("en", "nl", "de", "fr"):
        assert f'data-locale="{locale}"' in html


def test_demo_pages_need_the_demo_business(client):
    assert client.get("/demo/layouts").status_code == 404


def test_start_page_points_newcomers_to_demo_and_admin(client, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    html = client.get("/").get_data(as_text=True)
    assert 'href="/demo"' in html and 'href="/admin/"' in html


def test_a_real_installation_opens_on_the_panel_without_demo_hints(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert "demo" not in response.get_data(as_text=True)
