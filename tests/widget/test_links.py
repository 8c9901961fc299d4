"""Links in e-mail start with the configured public address, whatever a request says
its host is; requests for other hosts are refused; Vouch does not start without it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import body_of, make_business, submit

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "https://reviews.bakery.example"
LINK = re.compile(r"https?://[^\s\"'<>]+")


def test_links_in_e_mail_never_follow_the_host_header(make_app, mailbox):
    # TRUSTED_HOSTS empty: a proxy in front passes any host on, the worst case.
    app = make_app(**mailbox.config(), PUBLIC_URL=PUBLIC, TRUSTED_HOSTS=[])
    make_business(app)
    client = app.test_client()
    evil = {"base_url": "http://evil.example"}
    form = client.get("/api/v1/businesses/bakery/form", **evil).get_json()
    assert form is not None
    response = client.post(
        "/api/v1/businesses/bakery/reviews",
        json={
            "rating": 5,
            "body": "Links must not follow my Host header.",
            "author_name": "Eve",
            "author_email": "eve@example.com",
            "consent": True,
            "form_token": form["form_token"],
        },
        **evil,
    )
    assert response.status_code == 201
    invited = app.test_cli_runner().invoke(
        args=["invite", "bakery", "--name", "Grace", "--email", "grace@example.com"]
    )
    assert invited.exit_code == 0
    app.test_cli_runner().invoke(args=["send-mail"])
    messages = mailbox.wait_for(2)
    links = [
        link
        for message in messages
        for kind in ("plain", "html")
        for link in LINK.findall(body_of(message, kind))
    ] + [
        link
        for message in messages
        for link in LINK.findall(message.get("List-Unsubscribe", ""))
    ]
    assert len(links) >= 4
    assert all(link.startswith(PUBLIC + "/") for link in links), links


def test_requests_for_other_hosts_are_refused(make_app):
    app = make_app(PUBLIC_URL=PUBLIC)
    make_business(app)
    client = app.test_client()
    assert client.get("/r/bakery", base_url="http://evil.example").status_code == 400
    assert client.get("/r/bakery", base_url=PUBLIC).status_code == 200
    # Tools on the server itself may ask by a loopback name.
    assert client.get("/healthz", base_url="http://127.0.0.1:8000").status_code == 200
    assert submit(client).status_code == 201  # the test client's "localhost"


@pytest.mark.parametrize(
    ("public_url", "said"),
    [
        (None, "Set VOUCH_PUBLIC_URL to the address Vouch is reached at"),
        ("reviews.example.com", "VOUCH_PUBLIC_URL must be an http:// or https://"),
    ],
)
def test_vouch_does_not_start_without_a_public_address(tmp_path, public_url, said):
    env = {key: value for key, value in os.environ.items() if key != "VOUCH_PUBLIC_URL"}
    env |= {
        "VOUCH_SECRET_KEY": "a-long-enough-secret-for-this-test-only",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'vouch.sqlite'}",
    }
    if public_url:
        env["VOUCH_PUBLIC_URL"] = public_url
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "routes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert said in result.stderr
    assert "Traceback" not in result.stderr
