"""The moderation queue: reviews by status (and the reported ones), filters, and what
the owner does to them: publish, reject, spam, reply, feature, delete, keep a
reported review, export."""

from __future__ import annotations

import time

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError

from admin.exporting import export_response
from admin.feedback import (
    STATUS_NAMES,
    STATUSES,
    back,
    business_for,
    explain,
    translated,
)
from admin.forms import ConfirmForm, FeatureForm, ModerationForm, ReplyForm
from admin.schemas import (
    export_query,
    filters_of,
    moderation_schema,
    queue_query,
    reply_schema,
)
from widget import links, reports, sharing, spam
from widget.access import Permission, allows
from widget.actors import Actor
from widget.errors import ValidationFailed, VouchError
from widget.http import plain_messages
from widget.listing import Page, review_page, reviews_by_id, status_counts
from widget.models import Business, ReportResolution, ReviewStatus
from widget.reviews import (
    REJECTION_REASONS,
    UNDOABLE,
    delete_review,
    feature_review,
    moderate_review,
    reply_to_review,
    undo_moderation,
)
from widget.summary import figures

QUEUE_PAGE = 20
BULK_MAX = 100
FILTERS = ("rating", "verified", "reply", "since", "until", "q")


@login_required
def queue(slug: str):
    business = business_for(slug, Permission.VIEW)
    status = request.args.get("status", ReviewStatus.PENDING.value)
    if status not in STATUSES:
        flash(_("Unknown status; showing pending reviews."), "error")
        return redirect(url_for("admin.queue", slug=slug))
    try:
        chosen, errors = queue_query.load(request.args), {}
    except ValidationError as error:
        chosen, errors = queue_query.load({}), plain_messages(error.messages)
    reported = reports.reported_review_ids(business)
    page = _reviews(business, status, chosen, reported)
    counts = status_counts(business) | {"reported": len(reported)}
    return render_template(
        "admin/queue.html",
        business=business,
        status=status,
        page=page,
        counts=counts,
        figures=figures(business.summary),
        reasons=translated(REJECTION_REASONS),
        reports=reports.open_reports(business, [r.id for r in page.reviews]),
        report_reasons=translated(reports.REASONS),
        chosen=chosen,
        chosen_args={k: v for k, v in request.args.items() if k in FILTERS},
        filter_errors=errors,
        filtering=any(value is not None for value in chosen.values()),
        undo_url=_pending_undo(),
        explain_note=spam.explain,
        review_link=lambda review_id: links.review_page(business.slug, review_id),
        share_links=lambda review: sharing.share_links(
            links.review_page(business.slug, review.id),
            sharing.review_text(business.name, review.rating),
        ),
    ), 422 if errors else 200


def _pending_undo() -> str | None:
    """Where to take back the moderation just made, while it still can be."""
    offer = session.pop("undo", None)
    if offer and offer.get("until", 0) > time.time():
        return offer.get("url")
    return None


def _reviews(business: Business, status: str, chosen: dict, reported: list[int]):
    """One page of the tab: the reported reviews, or a status's by keyset."""
    if status == "reported":
        found = {review.id: review for review in reviews_by_id(business, reported)}
        return Page([found[i] for i in reported if i in found], None)
    return review_page(
        business,
        status=ReviewStatus(status),
        per_page=QUEUE_PAGE,
        cursor=request.args.get("cursor") or None,
        filters=filters_of(chosen),
        public=False,
    )


@login_required
def export(slug: str):
    """Download the reviews the queue's filters pick (every status unless chosen);
    moderators' downloads leave out reviewers' e-mail addresses."""
    business = business_for(slug, Permission.VIEW)
    try:
        args = export_query.load(request.args)
    except ValidationError as error:
        messages = plain_messages(error.messages).values()
        flash(" ".join(" ".join(m) for m in messages), "error")
        return redirect(url_for("admin.queue", slug=slug), code=303)
    owner = allows(current_user, business, Permission.MANAGE)
    # Dates as the owner reads them: in their time zone (with its offset).
    zone = str(get_timezone())
    return export_response(business, args, with_email=owner, zone=zone)


def _moderation(form: ModerationForm) -> dict:
    """The form's action, reason and note, checked and made plain text by the owner
    API's own schema."""
    try:
        return moderation_schema.load(
            {
                "action": form.action.data,
                "reason": form.reason.data or None,
                "note": form.note.data or None,
            }
        )
    except ValidationError as error:
        messages = plain_messages(error.messages)
        raise ValidationFailed(_("The action could not be read."), messages) from None


@login_required
def bulk(slug: str):
    """Publish, reject or mark as spam several reviews at once."""
    business = business_for(slug, Permission.MODERATE)
    form = ModerationForm()
    ids = [int(value) for value in request.form.getlist("review") if value.isdigit()]
    if not form.validate_on_submit() or not ids:
        return back(slug, _("Choose reviews and an action first."), "error")
    data, actor = _moderation(form), Actor.for_user(current_user)
    done, problems = 0, []
    for review_id in ids[:BULK_MAX]:
        try:
            moderate_review(business, review_id, actor=actor, **data)
            done += 1
        except VouchError as error:
            problems.append(f"#{review_id}: {explain(error)}")
    if problems:
        flash(" ".join(problems), "error")
    return back(slug, _("Reviews done: %(num)s.", num=done), "success")


@login_required
def moderate(slug: str, review_id: int):
    business = business_for(slug, Permission.MODERATE)
    form = ModerationForm()
    if not form.validate_on_submit():
        return _unreadable(slug)
    actor = Actor.for_user(current_user)
    data = _moderation(form)
    review = moderate_review(business, review_id, actor=actor, **data)
    status = STATUS_NAMES[review.status.value]
    message = _("Review #%(id)s is now: %(status)s.", id=review.id, status=status)
    undo = None
    from_queue = request.args.get("status", "pending") == "pending"
    if from_queue and data["action"] in UNDOABLE:
        undo = url_for("admin.undo", slug=slug, review_id=review.id)
    return back(slug, message, "success", moved_to=review.status.value, undo=undo)


@login_required
def undo(slug: str, review_id: int):
    """Take back a moderation made a moment ago: the review is pending again."""
    business = business_for(slug, Permission.MODERATE)
    if not ConfirmForm().validate_on_submit():
        return _unreadable(slug)
    session.pop("undo", None)
    undo_moderation(business, review_id, actor=Actor.for_user(current_user))
    message = _("Undone: review #%(id)s is pending again.", id=review_id)
    return back(slug, message, "success", moved_to="pending")


@login_required
def reply(slug: str, review_id: int):
    business = business_for(slug, Permission.MODERATE)
    form = ReplyForm()
    if not form.validate_on_submit():
        return back(slug, _form_errors(form), "error")
    body = reply_schema.load({"body": form.body.data or None})["body"]
    actor = Actor.for_user(current_user)
    reply_to_review(business, review_id, body, actor=actor)
    return back(slug, _("Reply saved.") if body else _("Reply removed."), "success")


@login_required
def delete(slug: str, review_id: int):
    business = business_for(slug, Permission.MODERATE)
    if not ConfirmForm().validate_on_submit():
        return _unreadable(slug)
    delete_review(business, review_id, actor=Actor.for_user(current_user))
    return back(slug, _("Review #%(id)s was deleted.", id=review_id), "success")


@login_required
def feature(slug: str, review_id: int):
    business = business_for(slug, Permission.MODERATE)
    form = FeatureForm()
    if not form.validate_on_submit():
        return _unreadable(slug)
    featured = form.featured.data == "1"
    feature_review(business, review_id, featured, actor=Actor.for_user(current_user))
    done = (
        _("Review #%(id)s is featured first in the widget.", id=review_id)
        if featured
        else _("Review #%(id)s is no longer featured.", id=review_id)
    )
    return back(slug, done, "success")


@login_required
def keep_reported(slug: str, review_id: int):
    """The owner looked at the reports and keeps the review published."""
    business = business_for(slug, Permission.MODERATE)
    if not ConfirmForm().validate_on_submit():
        return _unreadable(slug)
    count = reports.resolve(business, review_id, ReportResolution.KEPT)
    message = _(
        "Review #%(id)s stays published; reports closed: %(num)s.",
        id=review_id,
        num=count,
    )
    return back(slug, message, "success")


def _unreadable(slug: str):
    return back(slug, _("The action could not be read; please try again."), "error")


def _form_errors(form) -> str:
    return " ".join(
        f"{getattr(form, name).label.text}: {' '.join(msgs)}"
        for name, msgs in form.errors.items()
    )


def register(bp: Blueprint) -> None:
    review = "/b/<slug>/reviews/<int:review_id>"
    bp.add_url_rule("/b/<slug>/", view_func=queue)
    bp.add_url_rule("/b/<slug>/export", view_func=export)
    bp.add_url_rule("/b/<slug>/bulk", view_func=bulk, methods=["POST"])
    bp.add_url_rule(f"{review}/moderate", view_func=moderate, methods=["POST"])
    bp.add_url_rule(f"{review}/undo", view_func=undo, methods=["POST"])
    bp.add_url_rule(f"{review}/reply", view_func=reply, methods=["POST"])
    bp.add_url_rule(f"{review}/delete", view_func=delete, methods=["POST"])
    bp.add_url_rule(f"{review}/feature", view_func=feature, methods=["POST"])
    bp.add_url_rule(f"{review}/keep", view_func=keep_reported, methods=["POST"])
