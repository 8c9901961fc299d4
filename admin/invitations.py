"""Inviting customers: one by one or a CSV file, what happened to each invitation's
e-mail, and a QR code of the hosted review page for receipts and tables."""

from __future__ import annotations

import io
from datetime import datetime

import segno
from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_required
from marshmallow import ValidationError

from admin.feedback import business_for, confirmed
from widget import invitations, links
from widget.access import Permission
from widget.errors import VouchError
from widget.extensions import csrf, db
from widget.http import plain_messages
from widget.models import Business, Invitation, OutboxMessage, utcnow

INVITATION_LIST = 50
CSV_MAX_BYTES = 2 * 1024 * 1024
INVITEE_FIELDS = ("name", "email", "order_reference", "order_date")


@login_required
def invitations_page(slug: str):
    """Invite customers; see what happened to each (and to the last file sent)."""
    business = business_for(slug, Permission.MODERATE)
    return _page(business, result=session.pop("invitation_result", None))


# A CSV file may be larger than other requests; the limit is raised before the body
# is read, so the app-wide CSRF check leaves this view to its own (``confirmed``).
@csrf.exempt
@login_required
def invite(slug: str):
    # Twice the file limit, so a file somewhat too large gets the page's own message.
    request.max_content_length = 2 * CSV_MAX_BYTES
    business = business_for(slug, Permission.MODERATE)
    confirmed(url_for("admin.invitations_page", slug=slug))
    values = {key: request.form.get(key, "").strip() for key in INVITEE_FIELDS}
    again = request.form.get("again") == "1"
    try:
        if "file" in request.files:
            batch = _invite_file(business, again)
        else:
            invitee = invitations.load_invitee(values)
            batch = invitations.invite(business, [invitee], again=again)
    except ValidationError as error:
        return _page(business, values, plain_messages(error.messages), 422)
    except VouchError as error:
        errors = plain_messages(error.errors or {"file": [error.message]})
        return _page(business, values, errors, error.status)
    if "file" in request.files:
        # Post, redirect, get: what happened is shown once, after the redirect; the
        # file sent again would invite nobody twice anyway (recently invited).
        session["invitation_result"] = _result(batch)
        return redirect(url_for("admin.invitations_page", slug=slug), code=303)
    if batch.already:
        # Ask before inviting the same customer twice within the repeat window.
        return _page(business, values, already=batch.already[0][1], status=409)
    if batch.opted_out:
        flash(
            _(
                "%(email)s asked for no more invitations; not invited.",
                email=values["email"],
            ),
            "error",
        )
    else:
        flash(_("Invitation to %(email)s queued.", email=values["email"]), "success")
    return redirect(url_for("admin.invitations_page", slug=slug), code=303)


# How many of each kind a result carries through the redirect (a cookie holds it);
# the counts are always whole, and the page says how many more there are.
RESULT_LISTED = 10


def _result(batch: invitations.Batch) -> dict:
    """What a file did, small enough to carry through the redirect."""

    def listed(items):
        return {"shown": items[:RESULT_LISTED], "count": len(items)}

    return {
        "invited": len(batch.invited),
        "opted_out": listed(batch.opted_out),
        "already": listed([(email, when.isoformat()) for email, when in batch.already]),
        "problems": listed(batch.problems),
    }


def _page(
    business: Business, values=None, errors=None, status=200, result=None, already=None
):
    if result:
        result["already"]["shown"] = [
            (email, datetime.fromisoformat(when))
            for email, when in result["already"]["shown"]
        ]
    return render_template(
        "admin/invitations.html",
        business=business,
        values=values or {},
        errors=errors or {},
        result=result,
        already=already,
        repeat_days=current_app.config["INVITATION_REPEAT_DAYS"],
        recent=_recent(business),
        now=utcnow(),
        columns=invitations.COLUMNS,
    ), status


def _invite_file(business: Business, again: bool) -> invitations.Batch:
    upload = request.files["file"]
    raw = upload.read(CSV_MAX_BYTES + 1)
    if not upload.filename or not raw:
        raise VouchError(_("Choose a CSV file."), {"file": [_("Choose a CSV file.")]})
    if len(raw) > CSV_MAX_BYTES:
        raise VouchError(
            _("The file is larger than 2 MB; split it into smaller files."),
            {"file": [_("At most 2 MB per file.")]},
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise VouchError(
            _("The file is not UTF-8 text; save it as CSV UTF-8 and try again."),
            {"file": [_("Save the file as CSV UTF-8.")]},
        ) from None
    rows, problems = invitations.read_csv(text)
    return invitations.invite(business, rows, problems, again=again)


def _recent(business: Business) -> list[tuple[Invitation, OutboxMessage | None]]:
    """The latest invitations with the state of their latest e-mail."""
    rows = list(
        db.session.scalars(
            db.select(Invitation)
            .where(Invitation.business_id == business.id)
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
            .limit(INVITATION_LIST)
        )
    )
    mails: dict[int, OutboxMessage] = {}
    if rows:
        for message in db.session.scalars(
            db.select(OutboxMessage)
            .where(OutboxMessage.invitation_id.in_([row.id for row in rows]))
            .order_by(OutboxMessage.id)
        ):
            mails[message.invitation_id] = message
    return [(row, mails.get(row.id)) for row in rows]


@login_required
def qr_code(slug: str, kind: str):
    """A QR code of the hosted review page, to print on receipts and tables."""
    business = business_for(slug, Permission.VIEW)
    code = segno.make(links.reviews_page(business.slug), error="m")
    out = io.BytesIO()
    if kind == "svg":
        code.save(out, kind="svg", scale=8, border=2, title=f"Review {business.name}")
        mimetype = "image/svg+xml"
    else:
        code.save(out, kind="png", scale=12, border=2)
        mimetype = "image/png"
    response = Response(out.getvalue(), mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="vouch-{business.slug}-qr.{kind}"'
    )
    return response


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/b/<slug>/invitations", view_func=invitations_page)
    bp.add_url_rule("/b/<slug>/invitations", view_func=invite, methods=["POST"])
    bp.add_url_rule("/b/<slug>/qr.<any(svg, png):kind>", view_func=qr_code)
