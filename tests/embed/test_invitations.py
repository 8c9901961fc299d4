"""Invitations end to end over HTTP and SMTP: upload, e-mail, link, verified review."""

from __future__ import annotations

import base64
import gc
import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.admin.conftest import PASSWORD
from tests.builders import (
    body_of,
    csrf_from,
    link_in,
    login,
    make_api_key,
    make_business,
    make_user,
    outside_environment,
)
from widget.extensions import db
from widget.models import Invitation

CSV = (
    "name,email,order_reference,order_date\n"
    "Grace Hopper,grace@example.com,A-100,2026-11-02\n"
    "No Address,,A-101,2026-11-02\n"
    "Alan Turing,alan@example.com,A-102,02/11/2026\n"
    "Ada Lovelace,ada@example.com,,\n"
)


@pytest.fixture
def shop(make_app, mailbox):
    app = make_app(**mailbox.config(), PUBLIC_URL="https://reviews.example")
    make_business(app, default_locale="nl")
    make_user(app, "owner@bakery.example", PASSWORD, "bakery")
    client = app.test_client()
    assert login(client, "owner@bakery.example", PASSWORD).status_code == 302
    return app, client


def upload(client, text: str, name: str = "customers.csv"):
    from io import BytesIO

    page = client.get("/admin/b/bakery/invitations").get_data(as_text=True)
    sent = client.post(
        "/admin/b/bakery/invitations",
        data={"csrf_token": csrf_from(page), "file": (BytesIO(text.encode()), name)},
        content_type="multipart/form-data",
    )
    if sent.status_code != 303:
        return sent  # the file itself was refused: the form, with the reason
    # Post, redirect, get: the result shows once, on the page the redirect leads to.
    assert sent.location.endswith("/admin/b/bakery/invitations")
    shown = client.get(sent.location)
    assert "Result" not in client.get(sent.location).get_data(as_text=True)
    return shown


def send_mail(app) -> None:
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output


def local(link: str) -> str:
    return urlsplit(link).path


def form_of(page: str) -> dict[str, str]:
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    return {"form_token": token, "website": ""}


def test_csv_upload_invites_good_rows_and_reports_bad_ones_by_line(shop, mailbox):
    app, client = shop
    response = upload(client, CSV)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "2 invited." in page
    assert "Line 3: email: Give the customer&#39;s e-mail address." in page
    assert "Line 4: order_date: Give the date as YYYY-MM-DD." in page
    assert "Grace Hopper" in page and "queued" in page
    send_mail(app)
    messages = mailbox.wait_for(2)
    assert sorted(m["To"] for m in messages) == [
        "ada@example.com",
        "grace@example.com",
    ]
    grace = next(m for m in messages if m["To"] == "grace@example.com")
    assert grace["Subject"] == "Hoe was Bakery? Vertel het anderen in een review"
    assert "bestelling A-100" in body_of(grace)
    assert "Mijn review schrijven" in body_of(grace, "html")
    assert grace["List-Unsubscribe"].startswith("<https://reviews.example/u/")
    assert grace["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_invitation_link_gives_a_verified_review_once(shop, mailbox):
    app, client = shop
    upload(client, "name,email\nGrace Hopper,grace@example.com\n")
    send_mail(app)
    link = local(link_in(mailbox.wait_for(1)[0], "/i/"))
    visitor = app.test_client()
    page = visitor.get(link)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'value="Grace Hopper"' in html and 'value="grace@example.com"' in html
    assert 'lang="nl"' in html and "Jouw review van Bakery" in html
    answer = visitor.post(
        link,
        data={
            **form_of(html),
            "rating": "2",
            "body": "Bread was stale this time.",
            "author_name": "Grace H.",
            "consent": "yes",
        },
    )
    assert answer.status_code == 303
    assert "/r/bakery/thanks" in answer.headers["Location"]
    key = make_api_key(app)
    review = visitor.get(
        "/api/v1/businesses/bakery/reviews?status=pending",
        headers={"Authorization": f"Bearer {key}"},
    ).get_json()["reviews"][0]
    assert review["verified"] is True
    assert review["verification_method"] == "invitation"
    assert review["source"] == "invitation"
    assert review["author_email"] == "grace@example.com"
    assert review["author_name"] == "Grace H."
    # The link is used up: a clear page, never a second review.
    again = visitor.get(link)
    assert again.status_code == 410
    assert "al een review geschreven" in again.get_data(as_text=True) or (
        "already used" in again.get_data(as_text=True)
    )
    replay = visitor.post(link, data={**form_of(html), "rating": "5", "body": "x"})
    assert replay.status_code == 410
    with app.app_context():
        assert (
            db.session.scalar(db.select(db.func.count()).select_from(Invitation)) == 1
        )


def test_tampered_and_expired_invitation_links(shop, mailbox):
    app, client = shop
    upload(client, "name,email\nGrace Hopper,grace@example.com\n")
    send_mail(app)
    link = local(link_in(mailbox.wait_for(1)[0], "/i/"))
    visitor = app.test_client()
    tampered = visitor.get(link[:-3] + ("abc" if not link.endswith("abc") else "xyz"))
    assert tampered.status_code == 404
    assert "niet geldig" in tampered.get_data(as_text=True) or "not valid" in (
        tampered.get_data(as_text=True)
    )
    app.config["INVITATION_MAX_AGE_DAYS"] = 0
    time.sleep(1.1)
    expired = visitor.get(link)
    assert expired.status_code == 410
    assert "expired" in expired.get_data(as_text=True) or "verlopen" in (
        expired.get_data(as_text=True)
    )


def test_one_reminder_unless_the_link_was_used(make_app, mailbox):
    app = make_app(**mailbox.config(), INVITATION_REMINDER_DAYS=0)
    make_business(app)
    runner = app.test_cli_runner()
    invite = runner.invoke(
        args=["invite", "bakery", "--name", "Grace", "--email", "grace@example.com"]
    )
    assert invite.exit_code == 0, invite.output
    assert (
        "Queued 1 reminder(s); delivered 2 e-mail(s)"
        in runner.invoke(args=["send-mail"]).output
    )
    first, reminder = mailbox.wait_for(2)
    assert first["Subject"] == "How was Bakery? Tell others in a review"
    assert reminder["Subject"] == "A reminder: how was Bakery?"
    assert "A short reminder" in body_of(reminder)
    again = runner.invoke(args=["send-mail"]).output
    assert "Queued 0 reminder(s); delivered 0" in again


def test_unsubscribed_customers_are_skipped_and_reported(shop, mailbox):
    app, client = shop
    upload(client, "name,email\nGrace Hopper,grace@example.com\n")
    send_mail(app)
    link = local(link_in(mailbox.wait_for(1)[0], "/u/"))
    visitor = app.test_client()
    page = visitor.get(link)
    assert page.status_code == 200 and "Uitnodigingen stoppen" in page.get_data(
        as_text=True
    )
    # Opening the link does nothing; the button (or a mail client's one-click) does.
    done = visitor.post(link, data={"List-Unsubscribe": "One-Click"})
    assert "grace@example.com" in done.get_data(as_text=True)
    again = upload(
        client, "name,email\nGrace Hopper,GRACE@example.com\nAda,ada@example.com\n"
    )
    html = again.get_data(as_text=True)
    assert "1 invited." in html
    assert "1 skipped because they asked for no more invitations" in html


def test_unsubscribing_is_a_plain_one_click_link_that_hides_the_address(shop, mailbox):
    app, client = shop
    upload(client, "name,email\nGrace Hopper,grace@example.com\n")
    send_mail(app)
    mailbox.wait_for(1)
    raw = mailbox.raw[0].decode()
    found = re.search(r"^List-Unsubscribe: <(https://[^>\s]+)>\r?$", raw, re.M)
    assert found, "a plain <https://…> header on one line, no encoded words"
    assert re.search(
        r"^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$", raw, re.M
    )
    url = found.group(1)
    token = url.rsplit("/", 1)[1]
    payload = token.split(".")[0]
    readable = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert b"grace" not in readable.lower()
    # RFC 8058: the mail client POSTs the one-click body to the URL.
    done = app.test_client().post(
        local(url),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert done.status_code == 200
    again = upload(client, "name,email\nGrace Hopper,grace@example.com\n")
    assert "skipped because they asked for no more invitations" in again.get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("email,name\n", None),
        ("first,last\nGrace,Hopper\n", "Add a header row"),
        ("", "Choose a CSV file"),
    ],
)
def test_unreadable_files_are_explained(shop, text, message):
    _, client = shop
    response = upload(client, text)
    page = response.get_data(as_text=True)
    if message is None:
        assert "0 invited." in page
    else:
        assert response.status_code in (400, 422)
        assert message in page


# Werkzeug's test client spools bodies this large to a temporary file of its own that
# it leaves to the garbage collector.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_files_over_the_app_wide_limit_get_the_pages_own_answers(shop):
    _, client = shop
    # 1.5 MB: larger than other requests may be, within the 2 MB for a CSV file.
    filler = "".join(
        f"Customer {n},c{n}@example.com,{'R' * 260}{n},2026-11-02\n"
        for n in range(4000)
    )
    big = "name,email,order_reference,order_date\n" + filler
    assert 1_000_000 < len(big.encode()) < 2 * 1024 * 1024
    response = upload(client, big)
    # Read and answered row by row (these order references are too long); the
    # count is whole, the lines listed the first few.
    assert response.status_code == 200
    assert "4000 rows could not be read" in response.get_data(as_text=True)
    assert "and 3990 more" in response.get_data(as_text=True)
    too_big = upload(client, big + filler)
    assert too_big.status_code == 400
    assert "At most 2 MB per file." in too_big.get_data(as_text=True)
    # The client's temporary files go now, while their warning is ignored.
    for answer in (response, too_big):
        answer.request.input_stream.close()
    del response, too_big
    gc.collect()


def test_non_utf8_file_is_explained(shop):
    _, client = shop
    from io import BytesIO

    page = client.get("/admin/b/bakery/invitations").get_data(as_text=True)
    response = client.post(
        "/admin/b/bakery/invitations",
        data={
            "csrf_token": csrf_from(page),
            "file": (
                BytesIO("name,email\nJos\xe9,j@example.com\n".encode("latin-1")),
                "c.csv",
            ),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Save the file as CSV UTF-8" in response.get_data(as_text=True)


def test_invite_one_customer_from_the_panel(shop, mailbox):
    _, client = shop
    page = client.get("/admin/b/bakery/invitations").get_data(as_text=True)
    bad = client.post(
        "/admin/b/bakery/invitations",
        data={"csrf_token": csrf_from(page), "name": "", "email": "nope"},
    )
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert "Give a name of 1-80 characters." in html or "name" in html
    assert "Not a valid e-mail address." in html
    grace = {
        "csrf_token": csrf_from(page),
        "name": "Grace",
        "email": "grace@example.com",
        "order_reference": "A-1",
        "order_date": "2026-11-20",
    }
    good = client.post("/admin/b/bakery/invitations", data=grace)
    # Post, redirect, get: reloading the page invites nobody again.
    assert good.status_code == 303
    assert good.location.endswith("/admin/b/bakery/invitations")
    shown = client.get(good.location).get_data(as_text=True)
    assert "Invitation to grace@example.com queued." in shown
    send_mail(shop[0])
    assert mailbox.wait_for(1)[0]["To"] == "grace@example.com"

    # The same address within 30 days: asked first, sent only when confirmed.
    asked = client.post("/admin/b/bakery/invitations", data=grace)
    assert asked.status_code == 409
    question = asked.get_data(as_text=True)
    assert "grace@example.com was invited on" in question and "Send again?" in question
    assert 'name="again" value="1"' in question
    again = client.post("/admin/b/bakery/invitations", data={**grace, "again": "1"})
    assert again.status_code == 303
    send_mail(shop[0])
    assert len(mailbox.wait_for(2)) == 2


def test_a_file_sent_twice_invites_nobody_twice(shop, mailbox):
    app, client = shop
    text = "name,email\nGrace Hopper,grace@example.com\nAda,ada@example.com\n"
    assert "2 invited." in upload(client, text).get_data(as_text=True)
    twice = upload(client, text).get_data(as_text=True)
    assert "0 invited." in twice
    assert "2 not invited again: invited in the last 30 days." in twice
    assert "grace@example.com, invited on" in twice
    runner = app.test_cli_runner()
    cli = runner.invoke(
        args=["invite", "bakery", "--name", "Ada", "--email", "ADA@example.com"]
    )
    assert cli.exit_code == 0
    assert "Invited 0 customer(s)" in cli.output
    assert "ADA@example.com was invited on" in cli.output
    assert "Not invited again: 1 (add --again to do so)." in cli.output
    ada = ["invite", "bakery", "--name", "Ada", "--email", "ada@example.com"]
    forced = runner.invoke(args=[*ada, "--again"])
    assert "Invited 1 customer(s)" in forced.output


def test_cli_invites_a_csv_and_reports_bad_lines(make_app, mailbox, tmp_path):
    app = make_app(**mailbox.config())
    make_business(app)
    path = tmp_path / "customers.csv"
    path.write_text(CSV, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["invite", "bakery", "--csv", str(path)])
    assert result.exit_code == 1
    assert "Invited 2 customer(s) of Bakery." in result.output
    assert "Line 3: email" in result.output and "Line 4: order_date" in result.output
    missing = app.test_cli_runner().invoke(
        args=["invite", "nowhere", "--csv", str(path)]
    )
    assert missing.exit_code != 0 and "No business" in missing.output
    nothing = app.test_cli_runner().invoke(args=["invite", "bakery"])
    assert nothing.exit_code == 2 and "Give --csv FILE" in nothing.output


def test_in_a_terminal_the_cli_asks_before_inviting_again(tmp_path):
    """Run as a person runs it, in a terminal: it says when the address was invited
    and asks; "y" sends the invitation again."""
    env = outside_environment(
        **{
            "VOUCH_INSTANCE_PATH": str(tmp_path),
            "VOUCH_SECRET_KEY": "a-long-enough-secret-for-this-test-only",
            "VOUCH_PUBLIC_URL": "https://reviews.bakery.example",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'vouch.sqlite'}",
            "VOUCH_MAIL_WORKER": "false",
        }
    )
    root = Path(__file__).resolve().parents[2]
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    invite = [*flask, "invite", "bakery", "--name", "Ada", "--email", "ada@example.com"]
    for command in (
        [*flask, "db", "upgrade"],
        [*flask, "create-business", "bakery", "Bakery"],
        invite,
    ):
        subprocess.run(
            command, cwd=root, env=env, check=True, timeout=60, capture_output=True
        )

    leader, follower = pty.openpty()
    again = subprocess.Popen(
        invite, cwd=root, env=env, stdin=follower, stdout=follower, stderr=follower
    )
    os.close(follower)
    said = b""
    deadline = time.monotonic() + 60
    while b"Send again?" not in said and time.monotonic() < deadline:
        said += os.read(leader, 1024)
    assert b"ada@example.com was invited on" in said
    os.write(leader, b"y\n")
    assert again.wait(timeout=60) == 0
    try:
        while chunk := os.read(leader, 1024):
            said += chunk
    except OSError:
        pass  # the terminal closed with the command
    os.close(leader)
    assert b"Invited 1 again." in said
