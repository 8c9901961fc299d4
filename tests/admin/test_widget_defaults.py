"""Widget defaults in the settings: saved, checked, and sent with the widget's data."""

from __future__ import annotations

import pytest

from tests.builders import csrf_from


def save(client, **fields):
    page = client.get("/admin/b/bakery/settings").get_data(as_text=True)
    form = {
        "csrf_token": csrf_from(page),
        "name": "Bakery",
        "moderation_policy": "manual",
        "default_locale": "en",
        **fields,
    }
    return client.post("/admin/b/bakery/settings", data=form)


def defaults(client) -> dict:
    return client.get("/api/v1/businesses/bakery/widget").get_json()["defaults"]


def test_no_defaults_until_the_owner_chooses(signed_in):
    assert defaults(signed_in) == {"theme": None, "accent": None}


def test_saved_defaults_reach_the_widget_data(signed_in):
    before = signed_in.get("/api/v1/businesses/bakery/widget").headers["ETag"]
    assert (
        save(signed_in, widget_theme="dark", widget_accent="#FFD000").status_code == 303
    )
    assert defaults(signed_in) == {"theme": "dark", "accent": "#FFD000"}
    # Cached copies are told apart: the widget's data changed.
    assert signed_in.get("/api/v1/businesses/bakery/widget").headers["ETag"] != before
    page = signed_in.get("/admin/b/bakery/settings").get_data(as_text=True)
    assert 'value="dark" selected' in page and 'value="#FFD000"' in page
    save(signed_in, widget_theme="", widget_accent="")
    assert defaults(signed_in) == {"theme": None, "accent": None}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"widget_theme": "neon"}, "widget_theme", "Choose light, dark or auto."),
        ({"widget_accent": "red"}, "widget_accent", "Give a colour such as #2f55c4."),
        (
            {"widget_accent": "#12345"},
            "widget_accent",
            "Give a colour such as #2f55c4.",
        ),
    ],
)
def test_bad_defaults_are_refused_clearly(signed_in, fields, field, message):
    response = save(signed_in, **fields)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="err-{field}"' in page and message in page
    assert defaults(signed_in) == {"theme": None, "accent": None}
