"""The dashboard's numbers and charts, from reviews with known dates."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.builders import make_business, make_review, moderate, written_review
from widget.models import utcnow


def test_dashboard_tells_the_owner_what_to_do_today(app, signed_in, owner):
    ratings_and_ages = [(5, 0), (4, 0), (1, 7), (2, 7), (5, 400)]
    ids = []
    for rating, days in ratings_and_ages:
        when = utcnow() - timedelta(days=days)
        ids.append(written_review(app, now=when, rating=rating, body=f"Said {rating}"))
    signed_in.put(
        f"/api/v1/businesses/bakery/reviews/{ids[3]}/reply",
        json={"body": "Sorry, we'll do better."},
        headers={"Authorization": f"Bearer {owner}"},
    )
    make_review(signed_in, owner, publish=False)
    rejected = make_review(signed_in, owner, publish=False)
    moderate(signed_in, owner, rejected, "reject", reason="abusive")

    response = signed_in.get("/admin/b/bakery/dashboard")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="total">5<' in page
    assert 'id="average">3.4 ★<' in page
    assert ">1</a></p>" in page  # one pending, linked to the queue
    assert 'id="reply-rate">20%<' in page
    assert "1 low rating (1–2 ★) without a reply." in page
    assert "“Said 1”" in page and "“Said 2”" not in page
    # Weekly figures: the two recent weeks; the old review is outside the year.
    week_row = r"<tr><td>([^<]+)</td><td>(\d+)</td><td>([\d.]+)</td></tr>"
    rows = re.findall(week_row, page)
    assert [(count, average) for _, count, average in rows] == [
        ("2", "4.50"),
        ("2", "1.50"),
    ]
    # Charts: 52 bars, and an average line through the weeks that have reviews.
    assert page.count('<rect class="bar"') == 52
    points = re.search(r'<polyline class="line" points="([^"]+)"', page).group(1)
    assert len(points.split()) == 2
    assert "<title>Week of" in page


def test_empty_dashboard(signed_in, owner):
    page = signed_in.get("/admin/b/bakery/dashboard").get_data(as_text=True)
    assert 'id="total">0<' in page and 'id="reply-rate">–<' in page
    assert "Every low rating has a reply." in page
    assert 'class="line"' not in page


def test_counting_imported_reviews_moves_the_dashboard_counters(app, tmp_path):
    """Imported reviews enter the dashboard's counters when the owner counts them,
    and leave when they stop: the counters equal a recount either way."""
    from widget.businesses import find_business, update_settings
    from widget.summary import kept_dashboard, recompute_dashboard

    exported = tmp_path / "elsewhere.csv"
    exported.write_text(
        "rating,body,author_name,created_at,reply\n"
        "1,Cold coffee,Ann,2026-03-02T10:00:00+00:00,\n"
        "2,Slow,Bob,2026-03-03T10:00:00+00:00,We are sorry.\n"
        "5,Lovely,Cy,2026-03-09T10:00:00+00:00,\n",
        encoding="utf-8",
    )
    make_business(app, "cafe", "Cafe")
    done = app.test_cli_runner().invoke(
        args=[
            "import-reviews",
            "cafe",
            str(exported),
            "--format",
            "vouch",
            "--platform",
            "yelp",
        ]
    )
    assert done.exit_code == 0, done.output
    with app.app_context():
        empty = kept_dashboard(find_business("cafe"))
        assert empty.replied == empty.unanswered_low == 0 and empty.weeks == {}
        for counting in (True, False, True):
            update_settings(find_business("cafe"), {"count_imported": counting})
            business = find_business("cafe")
            assert kept_dashboard(business) == recompute_dashboard(business)
        kept = kept_dashboard(find_business("cafe"))
    assert kept.replied == 1 and kept.unanswered_low == 1
    assert sorted(kept.weeks.values()) == [(1, 5), (2, 3)]
