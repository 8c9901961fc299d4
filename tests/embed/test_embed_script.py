"""The embed script as served, and its agreement with the API's messages."""

from __future__ import annotations

from embed import schemas


def test_embed_script_is_served_cacheable_as_javascript(client):
    response = client.get("/embed.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert "max-age=300" in response.headers["Cache-Control"]
    source = response.get_data(as_text=True)
    assert "window.Vouch = { mount: mount, version: VERSION }" in source
    assert "innerHTML" not in source


def test_widget_form_uses_the_apis_own_messages(client):
    source = client.get("/embed.js").get_data(as_text=True)
    for message in (
        schemas.RATING_MESSAGE,
        schemas.BODY_MESSAGE,
        schemas.NAME_MESSAGE,
        schemas.EMAIL_MISSING_MESSAGE,
        schemas.EMAIL_INVALID_MESSAGE,
        schemas.CONSENT_MESSAGE,
    ):
        assert f'"{message}"' in source


def test_demo_page_embeds_both_widgets(client, runner):
    runner.invoke(args=["demo"])
    html = client.get("/demo").get_data(as_text=True)
    assert 'data-vouch="badge" data-business="demo"' in html
    assert 'data-vouch="list" data-business="demo"' in html
    assert 'src="/embed.js"' in html


def test_start_page_points_newcomers_to_demo_and_admin(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/demo"' in html and 'href="/admin/"' in html
