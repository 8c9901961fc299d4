"""The production recipe, run: gunicorn with widget/gunicorn_conf.py behind nginx with
deploy/nginx.conf, over TLS with a certificate from a test CA where certbot's would be.
Plain HTTP redirects (but for the certificate challenge), HSTS is said once, other host
names get nothing; public reads are cached as the app's Cache-Control says and
revalidated by ETag; keyed requests, writes and pages are never cached."""

from __future__ import annotations

import hashlib
import json
import socket
import ssl
import time

import pytest

from bench import databases, nginx, servers
from tests.conftest import IN_CI
from tests.deploy.http import call

pytestmark = pytest.mark.skipif(
    nginx.binary() is None and not IN_CI, reason="nginx is not installed here"
)


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


def over_tls(front):
    """``call`` on ``front``'s HTTPS address, trusting its test CA."""

    def tls_call(path: str, *args, **kwargs):
        return call(front.url + path, *args, context=front.tls, **kwargs)

    return tls_call


def test_plain_http_redirects_and_tls_says_hsts_once(behind_nginx):
    front, _ = behind_nginx
    status, headers, _ = call(front.http_url + "/admin/login?next=%2Fadmin%2F")
    assert status == 301
    assert headers["Location"] == "https://localhost/admin/login?next=%2Fadmin%2F"
    # The certificate authority's challenge is answered over plain HTTP.
    status, _, _ = call(front.http_url + "/.well-known/acme-challenge/none")
    assert status == 404  # from the webroot, not redirected
    get = over_tls(front)
    for path in ("/admin/login", "/api/v1/businesses/bakery/widget", "/nothing"):
        status, headers, _ = get(path)
        assert headers.get_all("Strict-Transport-Security") == ["max-age=63072000"]
    # A cookie sent over HTTPS is Secure-only, as the app's defaults say.
    status, headers, _ = get("/admin/login")
    [session] = [c for c in headers.get_all("Set-Cookie") if c.startswith("session=")]
    assert status == 200 and "; Secure" in session


def test_other_names_get_no_certificate_and_no_answer(behind_nginx):
    front, _ = behind_nginx
    port = int(front.url.rsplit(":", 1)[1])
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
        pytest.raises(ssl.SSLError),
    ):
        front.tls.wrap_socket(raw, server_hostname="evil.example")
    with pytest.raises(OSError):
        over_tls(front)("/healthz", headers={"Host": "evil.example"})
    with pytest.raises(OSError):
        call(front.http_url + "/healthz", headers={"Host": "evil.example"})


def test_public_reads_are_cached_revalidated_and_answered_with_304(behind_nginx):
    front, key = behind_nginx
    call = over_tls(front)
    widget = "/api/v1/businesses/bakery/widget"
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
    _, _, form = call("/api/v1/businesses/bakery/form")
    review = {
        "rating": 5,
        "title": "Lovely",
        "body": "Through nginx.",
        "author_name": "Ada",
        "author_email": "ada@example.com",
        "consent": True,
        "form_token": json.loads(form)["form_token"],
    }
    status, headers, created = call("/api/v1/businesses/bakery/reviews", "POST", review)
    assert status == 201 and "X-Cache-Status" not in headers
    review_id = json.loads(created)["id"]
    status, _, _ = call(
        f"/api/v1/businesses/bakery/reviews/{review_id}/moderation",
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
    call = over_tls(front)
    owner_list = "/api/v1/businesses/bakery/reviews?status=pending"
    for _ in range(2):
        status, headers, _ = call(
            owner_list, headers={"Authorization": f"Bearer {key}"}
        )
        assert status == 200 and headers["X-Cache-Status"] == "BYPASS"
    for path in ("/healthz", "/admin/login"):
        status, headers, _ = call(path)
        assert status == 200 and "X-Cache-Status" not in headers
    # The request id nginx made travels to the app and back.
    assert len(call("/healthz")[1]["X-Request-ID"]) == 32


def test_a_versioned_script_is_cached_for_a_year(behind_nginx):
    front, _ = behind_nginx
    call = over_tls(front)
    status, headers, script = call("/embed.js")
    assert status == 200
    version = hashlib.sha256(script).hexdigest()[:12]
    call(f"/embed.js?v={version}")
    status, headers, again = call(f"/embed.js?v={version}")
    assert again == script and headers["X-Cache-Status"] == "HIT"
    assert "immutable" in headers["Cache-Control"]
