"""The OpenAPI document covers every API route, and its docs page needs no network."""

from __future__ import annotations

import re

import pytest

from apidoc.openapi import build


def documented_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint == "apidoc.document":
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((method.lower(), path))
    return routes


def test_every_api_route_is_in_the_document(app):
    spec = build()
    described = {
        (method, path)
        for path, operations in spec["paths"].items()
        for method in operations
    }
    routes = documented_routes(app)
    assert len(routes) >= 12
    assert routes <= described, routes - described
    assert described <= routes, described - routes


def test_document_is_served_and_refers_only_to_known_schemas(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"].startswith("3.")
    names = set(spec["components"]["schemas"])
    refs = set(
        re.findall(r'"#/components/schemas/(\w+)"', response.get_data(as_text=True))
    )
    assert refs and refs <= names, refs - names
    submission = spec["components"]["schemas"]["Submission"]
    assert {
        "rating",
        "body",
        "author_name",
        "author_email",
        "consent",
        "form_token",
    } <= set(submission["required"])
    assert submission["properties"]["website"]  # the honeypot, by its wire name
    widget_params = {
        p["name"]
        for p in spec["paths"]["/api/v1/businesses/{slug}/widget"]["get"]["parameters"]
    }
    assert {"slug", "limit", "sort", "min_rating", "rating", "locale"} <= widget_params


def test_docs_page_is_readable_offline(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script" not in html
    assert not re.search(r'(src|href)="https?://', html)
    assert "POST /api/v1/businesses/{slug}/reviews" in html
    assert 'id="schema-Submission"' in html
    assert (
        "Needs the business&#39;s API key." in html
        or "Needs the business's API key." in html
    )


@pytest.mark.parametrize("path", ["/api/v1/openapi.json", "/api/docs"])
def test_docs_are_public(client, path):
    assert client.get(path).status_code == 200
