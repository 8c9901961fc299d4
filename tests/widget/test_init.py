"""`vouch init`: the first run of an instance asks for (or takes flags for) what it
needs, checks the database and the mail server before anything is done, and writes
the instance file last. Every mistake is one line, with nothing written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.builders import csrf_from
from tests.conftest import smtp_server
from widget.cli import cli
from widget.config import instance_settings
from widget.extensions import db

PASSWORD = "a long enough password"


def init(tmp_path, *args: str, input: str | None = None):
    runner = CliRunner(env={"VOUCH_INSTANCE_PATH": str(tmp_path / "instance")})
    return runner.invoke(cli, ["init", *args], input=input, catch_exceptions=False)


def flags(mailbox, database_url: str, **changed: str) -> list[str]:
    given = {
        "--public-url": "https://reviews.bakery.example",
        "--database-url": database_url,
        "--smtp-server": mailbox.host,
        "--smtp-port": str(mailbox.port),
        "--smtp-security": "none",
        "--business": "bakery",
        "--business-name": "Bakkerij de Gouden Korst",
        "--locale": "nl",
        "--owner-email": "owner@bakery.example",
        "--owner-password": PASSWORD,
    } | changed
    return ["--no-input"] + [
        part for name, value in given.items() if value for part in (name, value)
    ]


def test_init_checks_mail_migrates_creates_the_owner_and_writes_settings(
    tmp_path, mailbox, database_url, make_app, monkeypatch
):
    if database_url.startswith("postgresql"):
        make_app()  # the session's migrated PostgreSQL database, emptied
    done = init(tmp_path, *flags(mailbox, database_url))
    assert done.exit_code == 0, done.output
    assert "the mail server answered: 250" in done.output
    [test] = mailbox.wait_for(1)
    assert test["To"] == "owner@bakery.example" and "test e-mail" in test["Subject"]
    settings = instance_settings(str(tmp_path / "instance"))
    assert settings["PUBLIC_URL"] == "https://reviews.bakery.example"
    assert len(settings["SECRET_KEY"]) == 64
    assert settings["MAIL_PORT"] == mailbox.port
    assert (tmp_path / "instance" / "vouch.env").stat().st_mode & 0o777 == 0o600

    # Everything else reads that file: the owner signs in to the new business.
    from widget import create_app

    monkeypatch.setenv("VOUCH_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("VOUCH_MAIL_WORKER", "false")
    app = create_app()
    try:
        signs_in_and_serves(app)
    finally:
        with app.app_context():
            db.engine.dispose()


def signs_in_and_serves(app) -> None:
    client = app.test_client()
    site = {"base_url": "https://reviews.bakery.example"}
    page = client.get("/admin/login", **site).get_data(as_text=True)
    signed_in = client.post(
        "/admin/login",
        **site,
        headers={"Referer": "https://reviews.bakery.example/admin/login"},
        data={
            "csrf_token": csrf_from(page),
            "email": "owner@bakery.example",
            "password": PASSWORD,
        },
    )
    assert signed_in.status_code == 302
    widget = client.get("/api/v1/businesses/bakery/widget", **site).get_json()
    assert widget["business"]["name"] == "Bakkerij de Gouden Korst"
    assert widget["disclosure"].startswith("Reviews worden")


def test_init_asks_what_no_flag_gave(tmp_path):
    answers = "\n".join(
        [
            "http://127.0.0.1:5080",  # public address
            "",  # database: SQLite
            "",  # no Redis
            "",  # no mail server yet
            "bakery",
            "",  # name: the default from the slug
            "https://bakery.example",
            "en",
            "owner@bakery.example",
            PASSWORD,
            PASSWORD,
        ]
    )
    done = init(tmp_path, input=answers + "\n")
    assert done.exit_code == 0, done.output
    assert "No mail server: invitations, confirmations and alerts wait" in done.output
    assert "Created the business 'bakery' (Bakery)." in done.output
    settings = instance_settings(str(tmp_path / "instance"))
    # Plain HTTP: cookies that are not Secure-only, or nobody could sign in.
    assert settings["SESSION_COOKIE_SECURE"] is False
    assert (tmp_path / "instance" / "vouch.sqlite").exists()


def test_init_keeps_the_secret_key_when_written_again(tmp_path, mailbox):
    database = f"sqlite:///{tmp_path / 'vouch.sqlite'}"
    assert init(tmp_path, *flags(mailbox, database)).exit_code == 0
    first = instance_settings(str(tmp_path / "instance"))
    again = init(tmp_path, *flags(mailbox, database))
    assert again.exit_code == 1
    assert "exists already" in again.output and "--force" in again.output
    forced = init(tmp_path, *flags(mailbox, database), "--force")
    assert forced.exit_code == 0, forced.output
    assert "The business 'bakery' exists already." in forced.output
    assert (
        instance_settings(str(tmp_path / "instance"))["SECRET_KEY"]
        == first["SECRET_KEY"]
    )


def test_the_mail_log_in_is_kept_as_given(tmp_path):
    database = f"sqlite:///{tmp_path / 'vouch.sqlite'}"
    with smtp_server(password="12345678") as server:
        login = ["--smtp-username", "vouch", "--test-email", "ops@bakery.example"]
        wrong = init(tmp_path, *flags(server, database), *login, "--smtp-password", "0")
        assert wrong.exit_code == 1
        assert "535 5.7.8 Authentication credentials invalid" in wrong.output
        assert "Nothing was written" in wrong.output
        assert not (tmp_path / "instance" / "vouch.env").exists()
        # A password that looks like a number stays text in the file.
        right = init(
            tmp_path, *flags(server, database), *login, "--smtp-password", "12345678"
        )
        assert right.exit_code == 0, right.output
        assert server.logins[-1] == ("vouch", "12345678")
    settings = instance_settings(str(tmp_path / "instance"))
    assert settings["MAIL_USERNAME"] == "vouch"
    assert settings["MAIL_PASSWORD"] == "12345678"


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        ({"--public-url": ""}, "Give the public address: --public-url"),
        ({"--public-url": "ftp://reviews.example"}, "must be an http:// or https://"),
        ({"--public-url": "reviews.example"}, "must be an http:// or https://"),
        ({"--public-url": "https://example.com/reviews"}, "without a path"),
        ({"--database-url": "mysql://localhost/vouch"}, "postgresql:// or sqlite:///"),
        ({"--database-url": "not a url"}, "--database-url is not a URL"),
        (
            {"--database-url": "postgresql+psycopg://nobody@127.0.0.1:9/none"},
            "Cannot reach the database",
        ),
        ({"--owner-email": "nobody@bakery.example"}, "550 5.1.1 No such user"),
        ({"--smtp-port": "9"}, "could not be sent (ConnectionRefusedError"),
        ({"--mail-from": "Vouch <not an address>"}, "--mail-from needs a valid"),
        ({"--owner-password": ""}, "Give the owner a password"),
        ({"--redis-url": "http://cache"}, "--redis-url must be redis://"),
    ],
)
def test_a_mistake_is_one_line_and_writes_nothing(tmp_path, mailbox, changed, message):
    database = f"sqlite:///{tmp_path / 'vouch.sqlite'}"
    done = init(tmp_path, *flags(mailbox, database, **changed))
    assert done.exit_code == 1
    assert message in done.output
    assert done.output.startswith("Error: ") and "Traceback" not in done.output
    assert not (tmp_path / "instance" / "vouch.env").exists()


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        ({"--business": "Not A Slug"}, "slug"),
        ({"--owner-password": "short"}, "Use at least 8 characters"),
        ({"--owner-email": "not-an-address"}, "valid e-mail address"),
    ],
)
def test_a_bad_first_business_or_owner_writes_no_settings(
    tmp_path, mailbox, changed, message
):
    database = f"sqlite:///{tmp_path / 'vouch.sqlite'}"
    changed = {"--smtp-server": "", **changed}
    done = init(tmp_path, *flags(mailbox, database, **changed))
    assert done.exit_code == 1
    assert message in done.output and "Traceback" not in done.output
    assert not (tmp_path / "instance" / "vouch.env").exists()
