"""The production recipe, run: gunicorn with deploy/gunicorn.conf.py behind nginx with
deploy/nginx.conf. Public reads are cached as the app's Cache-Control says and
revalidated by ETag; keyed requests, writes and pages are never cached."""

from __future__ import annotations

import hashlib
import json
import time
import urllib.error
import urllib.request

import pytest

from bench import databases, nginx, servers
from tests.conftest import IN_CI

pytestmark = pytest.mark.skipif(
    nginx.binary() is None and not IN_CI, reason="nginx is not installed here"
)


def call(url: str, method: str = "GET", body=None, headers=None):
    request = urllib.request.Request(
        url,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


@pytest.fixture
def behind_nginx(tmp_path):
    url = f"sqlite:///{tmp_path}/vouch.sqlite"
    app = databases.app_for(url)
    with app.app_context():
        from widget.api_keys import issue_api_key
        from widget.businesses import create_business

        key = issue_api_key(create_business("bakery", "Bakery"))[1]
    databases.dispose(app)
    env = {
        **databases.server_env(url),
        "VOUCH_PROXY_COUNT": "1",
        "VOUCH_WIDGET_MAX_AGE": "1",
        "VOUCH_WIDGET_RECHECK_SECONDS": "0",
        "VOUCH_MIN_FILL_SECONDS": "0",
    }
    with (
        servers.gunicorn("wsgi:app", env, workers=2, threads=2) as app_server,
        nginx.nginx(app_server.url) as front,
    ):
        yield front, key


def test_public_reads_are_cached_revalidated_and_answered_with_304(behind_nginx):
    front, key = behind_nginx
    widget = f"{front}/api/v1/businesses/bakery/widget"
    status, first, body = call(widget)
    assert status == 200 and first["X-Cache-Status"] == "MISS"
    status, second, again = call(widget)
    assert second["X-Cache-Status"] == "HIT" and again == body
    assert second["ETag"] == first["ETag"]
    assert "max-age=1" in second["Cache-Control"]
    # A visitor's revalidation is answered by nginx itself.
    status, headers, empty = call(widget, headers={"If-None-Match": first["ETag"]})
    assert status == 304 and empty == b""

    # A new published review: once max-age has passed, nginx asks the app again and
    # the widget shows it (stale at most while the refresh runs).
    _, _, form = call(f"{front}/api/v1/businesses/bakery/form")
    review = {
        "rating": 5,
        "title": "Lovely",
        "body": "Through nginx.",
        "author_name": "Ada",
        "author_email": "ada@example.com",
        "consent": True,
        "form_token": json.loads(form)["form_token"],
    }
    status, headers, created = call(
        f"{front}/api/v1/businesses/bakery/reviews", "POST", review
    )
    assert status == 201 and "X-Cache-Status" not in headers
    review_id = json.loads(created)["id"]
    status, _, _ = call(
        f"{front}/api/v1/businesses/bakery/reviews/{review_id}/moderation",
        "POST",
        {"action": "publish"},
        {"Authorization": f"Bearer {key}"},
    )
    assert status == 200
    deadline = time.monotonic() + 10
    count = 0
    while count != 1 and time.monotonic() < deadline:
        time.sleep(0.3)
        count = json.loads(call(widget)[2])["summary"]["count"]
    assert count == 1


def test_keyed_requests_pages_and_health_are_never_cached(behind_nginx):
    front, key = behind_nginx
    owner_list = f"{front}/api/v1/businesses/bakery/reviews?status=pending"
    for _ in range(2):
        status, headers, _ = call(
            owner_list, headers={"Authorization": f"Bearer {key}"}
        )
        assert status == 200 and headers["X-Cache-Status"] == "BYPASS"
    for path in ("/healthz", "/admin/login"):
        status, headers, _ = call(front + path)
        assert status == 200 and "X-Cache-Status" not in headers
    # The request id nginx made travels to the app and back.
    assert len(call(front + "/healthz")[1]["X-Request-ID"]) == 32


def test_a_versioned_script_is_cached_for_a_year(behind_nginx):
    front, _ = behind_nginx
    status, headers, script = call(front + "/embed.js")
    assert status == 200
    version = hashlib.sha256(script).hexdigest()[:12]
    call(f"{front}/embed.js?v={version}")
    status, headers, again = call(f"{front}/embed.js?v={version}")
    assert again == script and headers["X-Cache-Status"] == "HIT"
    assert "immutable" in headers["Cache-Control"]


def test_requests_for_other_host_names_are_dropped(behind_nginx):
    front, _ = behind_nginx
    with pytest.raises(OSError):
        call(f"{front}/healthz", headers={"Host": "evil.example"})
    status, _, _ = call(f"{front}/healthz")
    assert status == 200
