"""Panel pages for collecting reviews: invitations (one by one or CSV), the hosted
page's QR code, collection and spam settings, visitors' reports, the audit log and
the dashboard."""

from __future__ import annotations

import io
import json

import segno
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from marshmallow import ValidationError

from admin import charts
from admin.forms import ConfirmForm
from admin.schemas import settings_schema
from admin.views import bp
from widget import invitations, privacy, reports, reviews
from widget.access import Permission, authorize
from widget.actors import Actor
from widget.audit import audit_page
from widget.businesses import LOCALES, update_settings
from widget.dashboard import dashboard
from widget.errors import VouchError
from widget.extensions import csrf, db
from widget.http import plain_messages
from widget.links import absolute
from widget.models import Invitation, ModerationPolicy, OutboxMessage, utcnow
from widget.reviews import REJECTION_REASONS

INVITATION_LIST = 50
CSV_MAX_BYTES = 2 * 1024 * 1024
POLICIES = {
    ModerationPolicy.MANUAL: _l("Read every review before it is published"),
    ModerationPolicy.AUTO_VERIFIED: (
        _l("Publish verified reviews at once, read the others first")
    ),
    ModerationPolicy.AUTO_ALL: _l("Publish every review at once, withhold afterwards"),
}


THEME_NAMES = {
    "light": _l("Light"),
    "dark": _l("Dark"),
    "auto": _l("As the visitor's device"),
}


# A CSV file may be larger than other requests; the limit is raised before the body
# is read, so the app-wide CSRF check leaves this view to its own (``ConfirmForm``).
@bp.route("/b/<slug>/invitations", methods=["GET", "POST"])
@csrf.exempt
@login_required
def invitations_page(slug: str):
    """Invite customers: one by one, or a CSV file; see what happened to each."""
    # Twice the file limit, so a file somewhat too large gets the page's own message.
    request.max_content_length = 2 * CSV_MAX_BYTES
    business = authorize(current_user, slug, Permission.MODERATE)
    values: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    batch = None
    status = 200
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            flash(_("The form could not be read; please try again."), "error")
            return redirect(url_for("admin.invitations_page", slug=slug), code=303)
        try:
            if "file" in request.files:
                batch = _invite_file(business)
            else:
                values = {
                    key: request.form.get(key, "").strip()
                    for key in ("name", "email", "order_reference", "order_date")
                }
                row = invitations.load_invitee(values)
                batch = invitations.invite(business, [row])
                values = {}
        except ValidationError as error:
            errors, status = plain_messages(error.messages), 422
        except VouchError as error:
            errors = plain_messages(error.errors or {"file": [error.message]})
            status = error.status
        if batch is not None and batch.problems:
            status = 422
    return render_template(
        "admin/invitations.html",
        business=business,
        values=values,
        errors=errors,
        batch=batch,
        recent=_recent(business),
        now=utcnow(),
        columns=invitations.COLUMNS,
    ), status


def _invite_file(business) -> invitations.Batch:
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
    return invitations.invite(business, rows, problems)


def _recent(business) -> list[tuple[Invitation, OutboxMessage | None]]:
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


@bp.get("/b/<slug>/qr.<any(svg, png):kind>")
@login_required
def qr_code(slug: str, kind: str):
    """A QR code of the hosted review page, to print on receipts and tables."""
    business = authorize(current_user, slug, Permission.VIEW)
    code = segno.make(absolute("hosted.reviews", slug=business.slug), error="m")
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


@bp.route("/b/<slug>/settings", methods=["GET", "POST"])
@login_required
def settings(slug: str):
    """How reviews are collected and checked; the disclosure follows these."""
    business = authorize(current_user, slug, Permission.MANAGE)
    errors: dict[str, list[str]] = {}
    form = {
        "name": business.name,
        "website_url": business.website_url or "",
        "incentives": business.incentives or "",
        "retention_days": business.retention_days or "",
        "moderation_policy": business.moderation_policy.value,
        "default_locale": business.default_locale,
        "require_confirmation": business.require_confirmation,
        "proof_of_work": business.proof_of_work,
        "count_imported": business.count_imported,
        "widget_theme": business.widget_theme or "",
        "widget_accent": business.widget_accent or "",
        "allowed_origins": "\n".join(business.allowed_origins),
        "blocklist": "\n".join(business.blocklist),
    }
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            flash(_("The form could not be read; please try again."), "error")
            return redirect(url_for("admin.settings", slug=slug), code=303)
        submitted = {
            "name": request.form.get("name", ""),
            "website_url": request.form.get("website_url", "").strip(),
            "incentives": request.form.get("incentives", ""),
            "retention_days": request.form.get("retention_days", "").strip(),
            "moderation_policy": request.form.get("moderation_policy", ""),
            "default_locale": request.form.get("default_locale", ""),
            "require_confirmation": request.form.get("require_confirmation") == "yes",
            "proof_of_work": request.form.get("proof_of_work") == "yes",
            "count_imported": request.form.get("count_imported") == "yes",
            "widget_theme": request.form.get("widget_theme", "").strip(),
            "widget_accent": request.form.get("widget_accent", "").strip(),
            "allowed_origins": request.form.get("allowed_origins", ""),
            "blocklist": request.form.get("blocklist", ""),
        }
        try:
            update_settings(business, settings_schema.load(submitted))
        except ValidationError as error:
            errors = plain_messages(error.messages)
            form = submitted
        else:
            flash(
                _(
                    "Settings saved. The disclosure shown with your reviews "
                    "follows them."
                ),
                "success",
            )
            return redirect(url_for("admin.settings", slug=slug), code=303)
    return render_template(
        "admin/settings.html",
        business=business,
        form=form,
        errors=errors,
        policies=POLICIES,
        themes=THEME_NAMES,
        locales=LOCALES,
    ), 422 if errors else 200


@bp.post("/b/<slug>/reviews/<int:review_id>/keep")
@login_required
def keep_reported(slug: str, review_id: int):
    """The owner looked at the reports and keeps the review published."""
    business = authorize(current_user, slug, Permission.MODERATE)
    if not ConfirmForm().validate_on_submit():
        flash(_("The action could not be read; please try again."), "error")
    else:
        try:
            count = reports.resolve(business, review_id, "kept")
        except VouchError as error:
            flash(error.message, "error")
        else:
            flash(
                _(
                    "Review #%(id)s stays published; reports closed: %(num)s.",
                    id=review_id,
                    num=count,
                ),
                "success",
            )
    return redirect(url_for("admin.queue", slug=slug, status="reported"), code=303)


@bp.get("/b/<slug>/audit")
@login_required
def audit_log(slug: str):
    """Every recorded action on the business's reviews: who, what, when and why."""
    business = authorize(current_user, slug, Permission.VIEW)
    page = audit_page(business, cursor=request.args.get("cursor") or None)
    return render_template(
        "admin/audit.html", business=business, page=page, reasons=REJECTION_REASONS
    )


@bp.get("/b/<slug>/dashboard")
@login_required
def dashboard_page(slug: str):
    """How the business is doing, and what to do today."""
    business = authorize(current_user, slug, Permission.VIEW)
    numbers = dashboard(business)
    counts, averages = charts.weekly(numbers.weeks)
    return render_template(
        "admin/dashboard.html",
        business=business,
        d=numbers,
        counts=counts,
        averages=averages,
    )


@bp.route("/b/<slug>/privacy", methods=["GET", "POST"])
@login_required
def privacy_page(slug: str):
    """A reviewer's data: find it by e-mail, download it, anonymise or erase it."""
    business = authorize(current_user, slug, Permission.MANAGE)
    email = (request.values.get("email") or "").strip()
    if email and len(email) > 254:
        flash(_("That address is longer than any e-mail address can be."), "error")
        return redirect(url_for("admin.privacy_page", slug=slug), code=303)
    if request.method == "POST":
        action = request.form.get("action")
        if (
            not ConfirmForm().validate_on_submit()
            or not email
            or action
            not in (
                "anonymise",
                "erase",
            )
        ):
            flash(_("The action could not be read; please try again."), "error")
        else:
            count = reviews.forget_subject(
                business, email, Actor.for_user(current_user), erase=action == "erase"
            )
            message = (
                _("Reviews by %(email)s erased: %(num)s; the audit log records it.")
                if action == "erase"
                else _(
                    "Reviews by %(email)s anonymised: %(num)s; the audit log "
                    "records it."
                )
            )
            flash(message % {"email": email, "num": count}, "success")
        return redirect(url_for("admin.privacy_page", slug=slug, email=email), code=303)
    data = privacy.subject_data(business, email) if email else None
    if data is not None and request.args.get("format") == "json":
        response = Response(
            json.dumps(data, indent=2, ensure_ascii=False), mimetype="application/json"
        )
        response.headers["Content-Disposition"] = (
            f'attachment; filename="vouch-{business.slug}-personal-data.json"'
        )
        return response
    return render_template(
        "admin/privacy.html", business=business, email=email, data=data
    )
