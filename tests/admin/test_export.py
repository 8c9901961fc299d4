"""Exporting reviews as CSV and JSON, from the panel and the owner API."""

from __future__ import annotations

import csv
import io

import pytest

from tests.builders import csrf_from, make_review


@pytest.fixture
def reviews(signed_in, owner):
    published = make_review(signed_in, owner, rating=5, body='=HYPERLINK("x")')
    pending = make_review(signed_in, owner, rating=2, publish=False, body="Meh, café")
    return published, pending


def test_api_exports_csv_with_filters(client, owner, reviews):
    published, pending = reviews
    auth = {"Authorization": f"Bearer {owner}"}
    response = client.get("/api/v1/businesses/bakery/export?format=csv", headers=auth)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [int(r["id"]) for r in rows] == [published, pending]
    assert rows[0]["body"].startswith("'=")  # no formula runs in a spreadsheet
    assert rows[1]["author_email"].endswith("@example.com")
    only = client.get(
        "/api/v1/businesses/bakery/export?format=csv&status=pending&q=caf", headers=auth
    )
    assert [
        r["id"] for r in csv.DictReader(io.StringIO(only.data.decode("utf-8-sig")))
    ] == [str(pending)]


def test_csv_opens_in_a_spreadsheet_in_any_language(signed_in, reviews):
    """A byte order mark first (Excel then reads UTF-8), and a semicolon variant for
    Excel where the comma is the decimal sign."""
    _, pending = reviews
    page = signed_in.get("/admin/b/bakery/").get_data(as_text=True)
    assert "format=csv-semicolon" in page
    for format, delimiter in (("csv", ","), ("csv-semicolon", ";")):
        response = signed_in.get(f"/admin/b/bakery/export?format={format}")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert response.data.startswith(b"\xef\xbb\xbfid" + delimiter.encode())
        assert 'reviews.csv"' in response.headers["Content-Disposition"]
        text = response.data.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
        assert rows[1]["body"] == "Meh, café" and int(rows[1]["id"]) == pending
    # Times in the owner's zone (the business's language's: London), with the offset;
    # the owner API answers in UTC.
    created = rows[1]["created_at"]
    assert created.endswith(("+00:00", "+01:00"))
    wrong = signed_in.get("/admin/b/bakery/export?format=xlsx")
    assert wrong.status_code == 303
    back = signed_in.get(wrong.location).get_data(as_text=True)
    assert "Choose csv, csv-semicolon or json." in back


def test_the_panel_export_gives_times_in_the_owner_zone(signed_in, reviews):
    page = signed_in.get("/admin/account").get_data(as_text=True)
    signed_in.post(
        "/admin/account/timezone",
        data={"csrf_token": csrf_from(page), "timezone": "Asia/Tokyo"},
    )
    text = signed_in.get("/admin/b/bakery/export?format=csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert all(r["created_at"].endswith("+09:00") for r in rows)
    exported = signed_in.get("/admin/b/bakery/export?format=json").get_json()
    assert exported["reviews"][0]["created_at"].endswith("+09:00")


def test_api_exports_json(client, owner, reviews):
    response = client.get(
        "/api/v1/businesses/bakery/export?format=json&rating=2",
        headers={"Authorization": f"Bearer {owner}"},
    )
    body = response.get_json()
    assert body["business"] == "bakery"
    assert [r["body"] for r in body["reviews"]] == ["Meh, café"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("format=xml", "format"),
        ("status=gone", "status"),
        ("rating=7", "rating"),
        # Found by fuzzing: PostgreSQL cannot compare text holding NUL.
        ("q=bread%00", "q"),
        ("q=%1b[31m", "q"),
    ],
)
def test_bad_export_requests(client, owner, query, field):
    response = client.get(
        f"/api/v1/businesses/bakery/export?{query}",
        headers={"Authorization": f"Bearer {owner}"},
    )
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_export_needs_the_businesss_key(client, owner):
    assert client.get("/api/v1/businesses/bakery/export").status_code == 401


def test_panel_export_follows_the_queue_filters(signed_in, reviews):
    published, _ = reviews
    page = signed_in.get("/admin/b/bakery/?status=published").get_data(as_text=True)
    assert "/admin/b/bakery/export?status=published&amp;format=csv" in page
    response = signed_in.get("/admin/b/bakery/export?status=published&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [int(r["id"]) for r in rows] == [published]
    bad = signed_in.get("/admin/b/bakery/export?format=pdf")
    assert bad.status_code == 303
