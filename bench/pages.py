"""Paginated reads stay flat: the owner's queue at 100,000 pending reviews and the
public review list at 1,000,000, first page and deep pages, with the query plans.

Timed in-process with Flask's test client (server time, no network), median of
several requests per page; the plans come from the statements those requests ran.
"""

from __future__ import annotations

import html
import re
import statistics
import time

from sqlalchemy import event

from bench.seeding import seed, settle
from widget.accounts import create_user
from widget.businesses import find_business
from widget.extensions import db
from widget.models import ReviewStatus, Role

PASSWORD = "bench-password-long-enough"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
NEXT = re.compile(r'href="([^"]*cursor=[^"]*)"[^>]*>')
REPEATS = 7


def report(app, database: str, queue_size: int, list_slug: str) -> None:
    """Seed a business with ``queue_size`` pending reviews; time its queue, and the
    public list of ``list_slug`` (already seeded)."""
    seed(app, "queue", queue_size, status=ReviewStatus.PENDING)
    settle(app)
    with app.app_context():
        list_size = find_business(list_slug).summary.count
    client = owner_of(app, "queue")
    print(f"Pages, {database}, in-process server time (median of {REPEATS}):")
    queue = _walk(client, "/admin/b/queue/?status=pending", _panel_next)
    _print(f"owner's queue, {queue_size:,} pending", queue)
    panel_report(client, "queue", queue_size)
    reviews = _walk(
        client,
        f"/api/v1/businesses/{list_slug}/reviews?per_page=20",
        lambda response: _api_next(response, list_slug),
    )
    _print(f"public list, {list_size:,} published", reviews)
    with app.app_context():
        engine = db.engine
    queue_path = "/admin/b/queue/?status=pending"
    list_path = f"/api/v1/businesses/{list_slug}/reviews?per_page=20"
    for label, path in (
        ("queue, page 2", _panel_next(client.get(queue_path))),
        ("public list, page 2", _api_next(client.get(list_path), list_slug)),
    ):
        print(f"  query plan, {label}:")
        for line in plans(app, engine, client, path):
            print(f"    {line}")


# Every page of the panel about one business, and the user's own.
PANEL_PAGES = (
    "/admin/b/{slug}/",
    "/admin/b/{slug}/?status=published",
    "/admin/b/{slug}/?status=reported",
    "/admin/b/{slug}/dashboard",
    "/admin/b/{slug}/invitations",
    "/admin/b/{slug}/import",
    "/admin/b/{slug}/embed",
    "/admin/b/{slug}/settings",
    "/admin/b/{slug}/audit",
    "/admin/b/{slug}/webhooks",
    "/admin/b/{slug}/api-keys",
    "/admin/b/{slug}/privacy",
    "/admin/b/{slug}/team",
    "/admin/account",
    "/admin/mail",
)
PANEL_TARGET_MS = 100


def panel_report(client, slug: str, size: int) -> None:
    """Every panel page of a business with ``size`` reviews, against the target."""
    print(f"  every panel page, {size:,} reviews (target ≤ {PANEL_TARGET_MS} ms each):")
    slowest = 0.0
    for template in PANEL_PAGES:
        path = template.format(slug=slug)
        took = median_ms(client, path)
        slowest = max(slowest, took)
        mark = "" if took <= PANEL_TARGET_MS else "  OVER TARGET"
        print(f"    {path:<40} {took:7.1f} ms{mark}")
    print(f"    slowest: {slowest:.1f} ms")


def owner_of(app, slug: str):
    """A test client signed in to the panel as an owner of business ``slug``."""
    email = f"owner@{slug}.bench.example"
    with app.app_context():
        create_user(email, PASSWORD, find_business(slug), Role.OWNER)
    client = app.test_client()
    page = client.get("/admin/login").get_data(as_text=True)
    client.post(
        "/admin/login",
        data={
            "email": email,
            "password": PASSWORD,
            "csrf_token": CSRF.search(page).group(1),
        },
    )
    return client


def _print(label: str, pages: list[tuple[int, float]]) -> None:
    shown = ", ".join(f"page {n}: {ms:.1f} ms" for n, ms in pages)
    print(f"  {label}: {shown}")


def _walk(client, path: str, next_of, depth: int = 50) -> list[tuple[int, float]]:
    """Time page 1, then follow next links to page ``depth``, timing some pages."""
    measured = []
    for number in range(1, depth + 1):
        if number in (1, 2, 10, depth):
            measured.append((number, median_ms(client, path)))
        response = client.get(path)
        following = next_of(response)
        if following is None:
            break
        path = following
    return measured


def median_ms(client, path: str) -> float:
    times = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times)


def _panel_next(response) -> str | None:
    match = NEXT.search(response.get_data(as_text=True))
    return html.unescape(match.group(1)) if match else None


def _api_next(response, slug: str) -> str | None:
    cursor = response.get_json()["next_cursor"]
    if cursor is None:
        return None
    return f"/api/v1/businesses/{slug}/reviews?per_page=20&cursor={cursor}"


def plans(app, engine, client, path: str) -> list[str]:
    """EXPLAIN for the statements on the reviews table that one request ran."""
    seen: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if "FROM reviews" in statement and statement.lstrip().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    lines = []
    with app.app_context():
        connection = db.session.connection()
        sqlite = engine.dialect.name == "sqlite"
        for statement, parameters in seen:
            explain = (
                "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN (ANALYZE, COSTS OFF) "
            )
            rows = connection.exec_driver_sql(explain + statement, parameters).all()
            lines.append(" ".join(statement.split())[:110] + " …")
            lines += ["  " + str(row[-1]) for row in rows]
        db.session.rollback()
    return lines
