"""An owner of the 'bakery', and a client signed in to the panel as them."""

from __future__ import annotations

import pytest

from tests.builders import login, make_user

PASSWORD = "a good long password"


@pytest.fixture
def owner(app, bakery):
    """The bakery's owner account; returns the bakery's API key."""
    make_user(app, "owner@bakery.example", PASSWORD, "bakery")
    return bakery


@pytest.fixture
def signed_in(app, owner):
    client = app.test_client()
    assert login(client, "owner@bakery.example", PASSWORD).status_code == 302
    return client
