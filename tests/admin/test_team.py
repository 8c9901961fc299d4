"""Teams: an owner invites by e-mail, the invitee joins through the link, roles hold,
and members can be removed (never the last owner)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.admin.conftest import PASSWORD
from tests.builders import csrf_from, link_in, login, make_business, make_user


@pytest.fixture
def team_app(make_app, mailbox):
    app = make_app(**mailbox.config())
    make_business(app)
    make_user(app, "owner@bakery.example", PASSWORD, "bakery")
    client = app.test_client()
    login(client, "owner@bakery.example", PASSWORD)
    return app, client


def invite(client, email, role="moderator"):
    page = client.get("/admin/b/bakery/team").get_data(as_text=True)
    return client.post(
        "/admin/b/bakery/team",
        data={"csrf_token": csrf_from(page), "email": email, "role": role},
    )


def join_link(app, mailbox, count=1) -> str:
    app.test_cli_runner().invoke(args=["send-mail"])
    message = mailbox.wait_for(count)[-1]
    assert message["Subject"] == "Join Bakery on Vouch"
    return urlsplit(link_in(message, "/admin/join/")).path


def test_a_new_teammate_joins_as_moderator_through_the_link(team_app, mailbox):
    app, owner = team_app
    assert invite(owner, "Mo@Example.com").status_code == 303
    link = join_link(app, mailbox)
    newcomer = app.test_client()
    page = newcomer.get(link).get_data(as_text=True)
    assert "mo@example.com" in page and "a moderator" in page
    mismatch = newcomer.post(
        link,
        data={
            "csrf_token": csrf_from(page),
            "password": "long password 1",
            "password_again": "other",
        },
    )
    assert mismatch.status_code == 422
    short = newcomer.post(
        link,
        data={
            "csrf_token": csrf_from(page),
            "password": "short",
            "password_again": "short",
        },
    )
    assert "Use at least 8 characters." in short.get_data(as_text=True)
    joined = newcomer.post(
        link,
        data={
            "csrf_token": csrf_from(page),
            "password": "long password 1",
            "password_again": "long password 1",
        },
    )
    assert joined.status_code == 303
    assert newcomer.get("/admin/b/bakery/").status_code == 200
    assert newcomer.get("/admin/b/bakery/settings").status_code == 404
    # The link is used up.
    again = app.test_client().get(link)
    assert again.status_code == 410
    assert "already used" in again.get_data(as_text=True)
    members = owner.get("/admin/b/bakery/team").get_data(as_text=True)
    assert "mo@example.com</td><td>Moderator" in members


def test_an_existing_user_signs_in_then_joins(team_app, mailbox):
    app, owner = team_app
    make_business(app, "florist", "Florist")
    make_user(app, "flo@example.com", PASSWORD, "florist")
    invite(owner, "flo@example.com", role="owner")
    link = join_link(app, mailbox)
    flo = app.test_client()
    first = flo.get(link)
    assert first.status_code == 303 and "/admin/login" in first.headers["Location"]
    login(flo, "flo@example.com", PASSWORD)
    page = flo.get(link).get_data(as_text=True)
    assert "Join as flo@example.com" in page
    assert flo.post(link, data={"csrf_token": csrf_from(page)}).status_code == 303
    assert flo.get("/admin/b/bakery/settings").status_code == 200


def test_invitation_for_someone_else_is_refused(team_app, mailbox):
    app, owner = team_app
    make_user(app, "other@example.com", PASSWORD, "bakery")
    invite(owner, "new@example.com")
    link = join_link(app, mailbox)
    other = app.test_client()
    login(other, "other@example.com", PASSWORD)
    page = other.get(link).get_data(as_text=True)
    refused = other.post(link, data={"csrf_token": csrf_from(page)})
    assert refused.status_code == 422
    assert "This invitation is for new@example.com" in refused.get_data(as_text=True)


@pytest.mark.parametrize(
    ("email", "role", "message"),
    [
        ("not an address", "moderator", "Give a valid e-mail address."),
        ("x@example.com", "admin", "Choose owner or moderator."),
        ("owner@bakery.example", "owner", "already in the team"),
    ],
)
def test_bad_invitations_are_explained(team_app, email, role, message):
    _, owner = team_app
    response = invite(owner, email, role)
    assert response.status_code in (409, 422)
    assert message in response.get_data(as_text=True)


def test_bad_join_links(team_app):
    app, _ = team_app
    response = app.test_client().get("/admin/join/nonsense")
    assert response.status_code == 404
    assert "not valid" in response.get_data(as_text=True)


def test_members_can_be_removed_but_not_the_last_owner(team_app):
    app, owner = team_app
    make_user(app, "mod@bakery.example", PASSWORD, "bakery", role="moderator")
    page = owner.get("/admin/b/bakery/team").get_data(as_text=True)
    from widget.extensions import db
    from widget.models import User

    with app.app_context():
        ids = dict(db.session.execute(db.select(User.email, User.id)).all())
    owner.post(
        f"/admin/b/bakery/team/{ids['mod@bakery.example']}/remove",
        data={"csrf_token": csrf_from(page)},
    )
    moderator = app.test_client()
    login(moderator, "mod@bakery.example", PASSWORD)
    assert moderator.get("/admin/b/bakery/").status_code == 404
    kept = owner.post(
        f"/admin/b/bakery/team/{ids['owner@bakery.example']}/remove",
        data={"csrf_token": csrf_from(page)},
    )
    assert kept.status_code == 303
    page = owner.get("/admin/b/bakery/team").get_data(as_text=True)
    assert "A business needs an owner" in page


def pending_rows(client) -> str:
    page = client.get("/admin/b/bakery/team").get_data(as_text=True)
    start = page.find("Invitations not accepted yet")
    return page[start : page.find("</table>", start)] if start >= 0 else ""


def test_pending_invitations_show_their_mail_and_can_be_resent_or_withdrawn(
    team_app, mailbox
):
    app, owner = team_app
    invite(owner, "helper@bakery.example")
    rows = pending_rows(owner)
    assert "helper@bakery.example" in rows and "queued" in rows
    # The link is there to hand over another way, and it works like the e-mail's.
    handed = urlsplit(re.search(r'value="(https?://[^"]+/admin/join/[^"]+)"', rows)[1])
    assert app.test_client().get(handed.path).status_code == 200
    emailed = join_link(app, mailbox)
    assert "delivered" in pending_rows(owner)

    page = owner.get("/admin/b/bakery/team").get_data(as_text=True)
    [invitation_id] = re.findall(r"/team/invitations/(\d+)/resend", page)
    resent = owner.post(
        f"/admin/b/bakery/team/invitations/{invitation_id}/resend",
        data={"csrf_token": csrf_from(page)},
    )
    assert resent.status_code == 303
    shown = owner.get(resent.location).get_data(as_text=True)
    assert "Invitation to helper@bakery.example queued again." in shown
    # The same invitation again: its link (signed anew, so it may differ in its
    # time) opens the same invitation, and is withdrawn with it.
    emailed_again = join_link(app, mailbox, count=2)
    joining = app.test_client().get(emailed_again).get_data(as_text=True)
    assert "helper@bakery.example" in joining

    withdrawn = owner.post(
        f"/admin/b/bakery/team/invitations/{invitation_id}/cancel",
        data={"csrf_token": csrf_from(page)},
    )
    assert withdrawn.status_code == 303
    assert "its link no longer works" in owner.get("/admin/b/bakery/team").get_data(
        as_text=True
    )
    assert pending_rows(owner) == ""
    assert app.test_client().get(emailed).status_code == 404
    assert app.test_client().get(emailed_again).status_code == 404
    again = owner.post(
        f"/admin/b/bakery/team/invitations/{invitation_id}/cancel",
        data={"csrf_token": csrf_from(page)},
    )
    assert "accepted or withdrawn already" in owner.get(again.location).get_data(
        as_text=True
    )


def test_a_withdrawn_invitation_that_was_not_sent_never_goes(team_app, mailbox):
    app, owner = team_app
    invite(owner, "helper@bakery.example")
    page = owner.get("/admin/b/bakery/team").get_data(as_text=True)
    [invitation_id] = re.findall(r"/team/invitations/(\d+)/cancel", page)
    owner.post(
        f"/admin/b/bakery/team/invitations/{invitation_id}/cancel",
        data={"csrf_token": csrf_from(page)},
    )
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert "delivered 0 e-mail(s), 0 failed, 0 waiting." in result.output
    assert mailbox.messages == []


def test_moderators_cannot_touch_invitations(team_app):
    app, owner = team_app
    invite(owner, "helper@bakery.example")
    page = owner.get("/admin/b/bakery/team").get_data(as_text=True)
    [invitation_id] = re.findall(r"/team/invitations/(\d+)/cancel", page)
    make_user(app, "mod@bakery.example", PASSWORD, "bakery", role="moderator")
    moderator = app.test_client()
    login(moderator, "mod@bakery.example", PASSWORD)
    token = csrf_from(moderator.get("/admin/account").get_data(as_text=True))
    refused = moderator.post(
        f"/admin/b/bakery/team/invitations/{invitation_id}/cancel",
        data={"csrf_token": token},
    )
    assert refused.status_code in (403, 404)
    assert "helper@bakery.example" in pending_rows(owner)
