"""Importing reviews from other platforms through the panel: each file shape, the
preview with every bad row, importing in steps, nothing imported twice, and the
owner's choice whether imported reviews are shown and counted."""

from __future__ import annotations

import html
import io
import json

import pytest

from tests.admin.conftest import PASSWORD
from tests.builders import (
    csrf_from,
    login,
    make_business,
    make_review,
    make_user,
    moderate,
    submit,
)

GOOGLE = {
    "reviews": [
        {
            "reviewId": "g-1",
            "reviewer": {"displayName": "Jan Jansen"},
            "starRating": "FIVE",
            "comment": "Best croissants in town.",
            "createTime": "2024-03-01T09:30:00.123Z",
            "reviewReply": {
                "comment": "Thank you, Jan!",
                "updateTime": "2024-03-02T10:00:00Z",
            },
        },
        {
            "reviewId": "g-2",
            "reviewer": {"displayName": "A Google user", "isAnonymous": True},
            "starRating": "TWO",
            "createTime": "2024-04-01T12:00:00Z",
        },
        {
            "reviewId": "g-3",
            "reviewer": {"displayName": "Piet"},
            "starRating": "STAR_RATING_UNSPECIFIED",
            "comment": "?",
            "createTime": "2024-04-02T12:00:00Z",
        },
    ]
}

TRUSTPILOT = (
    "Review Created (UTC),Review Id,Review Title,Review Content,Review Stars,"
    "Review Language,Consumer Name,Company Reply Date (UTC),Company Reply Content\n"
    "2023-11-05 08:00:00,tp-1,Lovely,Fresh bread every day,4,en,Anna,,\n"
    "2023-11-06 08:00:00,tp-2,Meh,Too expensive,3,nl,Bram,2023-11-07 09:00:00,"
    "We hear you\n"
    "2023-11-07 08:00:00,tp-3,Odd,Half a star,4.5,en,Cor,,\n"
    "2099-01-01 08:00:00,tp-4,Future,From the future,5,en,Dirk,,\n"
)


def upload(client, content: bytes | str, *, format: str, name="reviews", **extra):
    page = client.get("/admin/b/bakery/import").get_data(as_text=True)
    data = {
        "csrf_token": csrf_from(page),
        "format": format,
        "file": (
            io.BytesIO(content if isinstance(content, bytes) else content.encode()),
            name,
        ),
        **extra,
    }
    return client.post(
        "/admin/b/bakery/import", data=data, content_type="multipart/form-data"
    )


def preview_of(client, response) -> tuple[str, str]:
    assert response.status_code == 303, response.get_data(as_text=True)
    url = response.headers["Location"]
    return url, client.get(url).get_data(as_text=True)


def start(client, url: str, *, count: bool, json_steps=False):
    page = client.get(url).get_data(as_text=True)
    data = {"csrf_token": csrf_from(page)}
    if count:
        data["count_imported"] = "yes"
    headers = {"Accept": "application/json"} if json_steps else {}
    return client.post(f"{url}/run", data=data, headers=headers)


def summary(client) -> dict:
    return client.get("/api/v1/businesses/bakery/widget").get_json()["summary"]


def public_reviews(client) -> list[dict]:
    return client.get("/api/v1/businesses/bakery/reviews").get_json()["reviews"]


def test_google_export_previews_bad_rows_then_imports(signed_in):
    url, page = preview_of(
        signed_in, upload(signed_in, json.dumps(GOOGLE), format="google")
    )
    assert "2 reviews can be imported" in page
    assert "1 row cannot" in page
    assert "review 3" in page and "Give a whole number of stars from 1 to 5." in page
    assert "Jan Jansen" in page and "Best croissants in town." in page
    # Nothing is imported before the owner starts it.
    assert summary(signed_in)["count"] == 0
    done = start(signed_in, url, count=True)
    assert done.status_code == 303
    result = signed_in.get(url).get_data(as_text=True)
    assert "2 reviews imported" in result
    assert summary(signed_in)["count"] == 2
    assert summary(signed_in)["distribution"] == {
        "1": 0,
        "2": 1,
        "3": 0,
        "4": 0,
        "5": 1,
    }
    reviews = {r["author_name"]: r for r in public_reviews(signed_in)}
    jan = reviews["Jan Jansen"]
    assert jan["imported_from"] == "Google"
    assert jan["verified"] is False
    assert jan["created_at"].startswith("2024-03-01T09:30:00")
    assert jan["reply"]["body"] == "Thank you, Jan!"
    assert reviews["A Google user"]["body"] == ""


def test_trustpilot_export_with_bad_rows(signed_in, app):
    url, page = preview_of(
        signed_in, upload(signed_in, TRUSTPILOT, format="trustpilot", name="tp.csv")
    )
    assert "2 reviews can be imported" in page
    assert "line 4" in page and "Give a whole number of stars from 1 to 5." in page
    assert "line 5" in page and "This date lies in the future." in page
    start(signed_in, url, count=True)
    reviews = {r["author_name"]: r for r in public_reviews(signed_in)}
    assert set(reviews) == {"Anna", "Bram"}
    assert reviews["Bram"]["title"] == "Meh"
    assert reviews["Bram"]["language"] == "nl"
    assert reviews["Bram"]["reply"]["body"] == "We hear you"
    assert reviews["Anna"]["imported_from"] == "Trustpilot"
    assert all(r["verification_method"] is None for r in reviews.values())


def test_the_same_file_twice_adds_nothing_twice(signed_in):
    url, _ = preview_of(
        signed_in, upload(signed_in, json.dumps(GOOGLE), format="google")
    )
    start(signed_in, url, count=True)
    again, page = preview_of(
        signed_in, upload(signed_in, json.dumps(GOOGLE), format="google")
    )
    assert "2 of them already were, and will be skipped" in page
    start(signed_in, again, count=True)
    assert "0 reviews imported, 2 skipped" in signed_in.get(again).get_data(
        as_text=True
    )
    assert summary(signed_in)["count"] == 2


def test_generic_csv_and_json_with_a_named_platform(signed_in):
    csv_text = (
        "rating,body,author_name,created_at,title\n"
        "5,Great cake,Els,2022-01-02,Cake\n"
        "0,Bad row,Fien,2022-01-03,\n"
        "4,No date,Gijs,,\n"
    )
    url, page = preview_of(
        signed_in,
        upload(signed_in, csv_text, format="vouch", platform="yelp", name="y.csv"),
    )
    assert "1 review can be imported" in page
    assert "line 3" in page and "line 4" in page and "created_at: Missing." in page
    start(signed_in, url, count=True)
    rows = [
        {
            "rating": 3,
            "body": "Fine",
            "author_name": "Hans",
            "created_at": "2021-05-05T10:00:00+02:00",
            "id": "h1",
        }
    ]
    url, _ = preview_of(
        signed_in,
        upload(signed_in, json.dumps(rows), format="vouch", platform="yelp"),
    )
    start(signed_in, url, count=True)
    reviews = {r["author_name"]: r for r in public_reviews(signed_in)}
    assert reviews["Els"]["imported_from"] == "Yelp"
    assert reviews["Hans"]["created_at"].startswith("2021-05-05T08:00:00")


@pytest.mark.parametrize(
    ("content", "format", "extra", "field", "message"),
    [
        ("not json", "google", {}, "file", "not valid JSON"),
        ('{"items": []}', "google", {}, "file", 'needs a "reviews" list'),
        ("name,stars\nx,5\n", "trustpilot", {}, "file", "missing: review stars"),
        (b"\xff\xfe\x00bad", "trustpilot", {}, "file", "not UTF-8"),
        ("", "google", {}, "file", "The file is empty."),
        ("rating\n5\n", "vouch", {"platform": "Not A Slug!"}, "platform", "lowercase"),
        ("[]", "nowhere", {}, "format", "Choose which platform"),
        ('{"reviews": []}', "google", {}, "file", "holds no reviews"),
    ],
)
def test_bad_files_get_clear_errors(signed_in, content, format, extra, field, message):
    response = upload(signed_in, content, format=format, **extra)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="err-{field}"' in page
    assert message in html.unescape(page)


def test_an_upload_without_the_form_token_is_refused(signed_in):
    response = signed_in.post(
        "/admin/b/bakery/import",
        data={"format": "google", "file": (io.BytesIO(b"{}"), "x.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    assert signed_in.get("/admin/b/bakery/imports/1").status_code == 404


def test_too_many_rows_is_refused(make_app):
    app = make_app(IMPORT_MAX_ROWS=2)
    client = _signed_in(app)
    response = upload(client, json.dumps(GOOGLE), format="google")
    assert response.status_code == 422
    assert "at most 2 can be imported at once" in response.get_data(as_text=True)


def test_too_large_a_file_gets_a_friendly_page(make_app):
    app = make_app(IMPORT_MAX_BYTES=1000)
    client = _signed_in(app)
    response = upload(client, "x" * 5000, format="google")
    assert response.status_code == 413
    assert "<html" in response.get_data(as_text=True)


def test_steps_report_progress_as_json(make_app):
    app = make_app(IMPORT_STEP_ROWS=1)
    client = _signed_in(app)
    url, _ = preview_of(client, upload(client, json.dumps(GOOGLE), format="google"))
    seen = []
    while True:
        response = start(client, url, count=False, json_steps=True)
        assert response.status_code == 200
        body = response.get_json()
        seen.append((body["done"], body["total"], body["state"]))
        if body["state"] == "done":
            break
    assert seen == [(1, 2, "importing"), (2, 2, "done")]
    # Not counted: visitors see neither them nor their stars.
    assert summary(client)["count"] == 0
    assert public_reviews(client) == []


def test_counting_imports_is_the_owners_choice(signed_in, app, owner):
    make_review(signed_in, owner, publish=True, rating=1, body="Collected here")
    url, _ = preview_of(
        signed_in, upload(signed_in, json.dumps(GOOGLE), format="google")
    )
    start(signed_in, url, count=False)
    assert summary(signed_in)["count"] == 1
    disclosure = signed_in.get("/api/v1/businesses/bakery/widget").get_json()[
        "disclosure"
    ]
    assert "imported" not in disclosure
    page = signed_in.get("/b/bakery/how-reviews-work").get_data(as_text=True)
    assert "2 reviews imported from Google: kept by Bakery, but not shown" in page
    # Imported reviews are in the panel either way.
    queue = signed_in.get("/admin/b/bakery/?status=published").get_data(as_text=True)
    assert "Jan Jansen" in queue and "import:google" in queue

    _set_counting(signed_in, True)
    figures = summary(signed_in)
    assert figures["count"] == 3
    assert figures["distribution"] == {"1": 1, "2": 1, "3": 0, "4": 0, "5": 1}
    assert len(public_reviews(signed_in)) == 3
    disclosure = signed_in.get("/api/v1/businesses/bakery/widget").get_json()[
        "disclosure"
    ]
    assert "imported from other platforms are shown and counted" in disclosure
    page = signed_in.get("/b/bakery/how-reviews-work").get_data(as_text=True)
    assert "2 reviews imported from Google: shown and counted" in page

    # Moderating an imported review keeps the summary right either way.
    jan = next(r for r in public_reviews(signed_in) if r["author_name"] == "Jan Jansen")
    _moderate(signed_in, owner, jan["id"], "reject")
    assert summary(signed_in)["count"] == 2
    _set_counting(signed_in, False)
    assert summary(signed_in)["count"] == 1
    _moderate(signed_in, owner, jan["id"], "publish")
    assert summary(signed_in)["count"] == 1
    _set_counting(signed_in, True)
    assert summary(signed_in)["count"] == 3
    assert summary(signed_in)["average"] == pytest.approx((1 + 2 + 5) / 3, abs=0.05)


def test_cancel_before_start(signed_in):
    url, page = preview_of(
        signed_in, upload(signed_in, json.dumps(GOOGLE), format="google")
    )
    response = signed_in.post(f"{url}/cancel", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 303
    assert "was cancelled" in signed_in.get(url).get_data(as_text=True)
    assert start(signed_in, url, count=True).status_code == 303
    assert summary(signed_in)["count"] == 0


def test_imports_are_audited(signed_in):
    url, _ = preview_of(
        signed_in, upload(signed_in, json.dumps(GOOGLE), format="google")
    )
    start(signed_in, url, count=True)
    log = signed_in.get("/admin/b/bakery/audit").get_data(as_text=True)
    assert log.count("owner@bakery.example") >= 2
    assert "From google (reviews)" in log


def test_moderators_cannot_import(app, owner):
    make_user(app, "mod@bakery.example", "a moderator password", "bakery", "moderator")
    client = app.test_client()
    login(client, "mod@bakery.example", "a moderator password")
    assert client.get("/admin/b/bakery/import").status_code == 404


def test_submitted_reviews_are_unaffected_by_the_setting(signed_in, client):
    submit(client)
    _set_counting(signed_in, True)
    _set_counting(signed_in, False)
    assert summary(signed_in)["count"] == 0


def _signed_in(app):
    make_business(app)
    make_user(app, "owner@bakery.example", PASSWORD, "bakery")
    client = app.test_client()
    login(client, "owner@bakery.example", PASSWORD)
    return client


def _set_counting(client, on: bool) -> None:
    page = client.get("/admin/b/bakery/settings").get_data(as_text=True)
    form = {
        "csrf_token": csrf_from(page),
        "name": "Bakery",
        "moderation_policy": "manual",
        "default_locale": "en",
    }
    if on:
        form["count_imported"] = "yes"
    response = client.post("/admin/b/bakery/settings", data=form)
    assert response.status_code == 303, response.get_data(as_text=True)


def _moderate(client, key: str, review_id: int, action: str) -> None:
    extra = {"reason": "off_topic"} if action == "reject" else {}
    response = moderate(client, key, review_id, action, **extra)
    assert response.status_code == 200, response.get_json()


def test_the_command_line_imports_too(app, runner, owner, tmp_path):
    export = tmp_path / "google.json"
    export.write_text(json.dumps(GOOGLE), encoding="utf-8")
    result = runner.invoke(
        args=["import-reviews", "bakery", str(export), "--format", "google"]
    )
    assert result.exit_code == 1  # one bad row
    assert (
        "review 3: rating: Give a whole number of stars from 1 to 5." in result.output
    )
    assert "Imported 2 review(s) of Bakery; 0 imported before; 1 row(s) left out." in (
        result.output
    )
    again = runner.invoke(
        args=["import-reviews", "bakery", str(export), "--format", "google"]
    )
    assert "Imported 0 review(s) of Bakery; 2 imported before" in again.output
    bad = runner.invoke(
        args=["import-reviews", "bakery", str(export), "--format", "vouch"]
    )
    assert bad.exit_code == 1
    assert "lowercase letters" in bad.output
    missing = runner.invoke(
        args=["import-reviews", "nowhere", str(export), "--format", "google"]
    )
    assert missing.exit_code == 1 and "Traceback" not in missing.output
