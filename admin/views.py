"""The admin panel: sign in, pick a business, clear its moderation queue."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from admin.auth import safe_next
from admin.forms import ConfirmForm, LoginForm, ModerationForm, ReplyForm
from widget.access import Permission, authorize, businesses_of
from widget.accounts import authenticate
from widget.actors import Actor
from widget.errors import VouchError
from widget.extensions import limiter
from widget.listing import review_page, status_counts
from widget.models import ReviewStatus
from widget.reviews import (
    REJECTION_REASONS,
    delete_review,
    moderate_review,
    reply_to_review,
)
from widget.sanitize import plain_text
from widget.summary import figures

bp = Blueprint(
    "admin",
    __name__,
    url_prefix="/admin",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)

QUEUE_PAGE = 20
STATUSES = frozenset(status.value for status in ReviewStatus)


@bp.after_request
def security_headers(response):
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
        "form-action 'self'; base-uri 'none'; object-src 'none'"
    )
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    form = LoginForm(next=request.args.get("next"))
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(safe_next(form.next.data) or url_for("admin.dashboard"))
        flash("That e-mail and password do not match an account.", "error")
        return render_template("admin/login.html", form=form), 401
    status = 422 if form.errors else 200
    return render_template("admin/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    if ConfirmForm().validate_on_submit():
        logout_user()
        flash("You are signed out.", "info")
    return redirect(url_for("admin.login"))


@bp.get("/")
@login_required
def dashboard():
    memberships = businesses_of(current_user)
    if len(memberships) == 1:
        return redirect(url_for("admin.queue", slug=memberships[0][0].slug))
    return render_template("admin/businesses.html", memberships=memberships)


@bp.get("/b/<slug>/")
@login_required
def queue(slug: str):
    business = authorize(current_user, slug, Permission.VIEW)
    status = request.args.get("status", ReviewStatus.PENDING.value)
    if status not in STATUSES:
        flash("Unknown status; showing pending reviews.", "error")
        return redirect(url_for("admin.queue", slug=slug))
    cursor = request.args.get("cursor") or None
    page = review_page(
        business, status=ReviewStatus(status), per_page=QUEUE_PAGE, cursor=cursor
    )
    return render_template(
        "admin/queue.html",
        business=business,
        status=status,
        page=page,
        counts=status_counts(business),
        figures=figures(business.summary),
        reasons=REJECTION_REASONS,
    )


@bp.post("/b/<slug>/reviews/<int:review_id>/moderate")
@login_required
def moderate(slug: str, review_id: int):
    business = authorize(current_user, slug, Permission.MODERATE)
    form = ModerationForm()
    if not form.validate_on_submit():
        return _back(slug, "The action could not be read; please try again.", "error")
    try:
        review = moderate_review(
            business,
            review_id,
            form.action.data,
            actor=Actor.for_user(current_user),
            reason=form.reason.data or None,
            note=plain_text(form.note.data or "") or None,
        )
    except VouchError as error:
        return _back(slug, _explain(error), "error")
    return _back(slug, f"Review #{review.id} is now {review.status.value}.", "success")


@bp.post("/b/<slug>/reviews/<int:review_id>/reply")
@login_required
def reply(slug: str, review_id: int):
    business = authorize(current_user, slug, Permission.MODERATE)
    form = ReplyForm()
    if not form.validate_on_submit():
        return _back(slug, _form_errors(form), "error")
    body = plain_text(form.body.data or "")
    try:
        reply_to_review(
            business, review_id, body or None, actor=Actor.for_user(current_user)
        )
    except VouchError as error:
        return _back(slug, _explain(error), "error")
    return _back(slug, "Reply saved." if body else "Reply removed.", "success")


@bp.post("/b/<slug>/reviews/<int:review_id>/delete")
@login_required
def delete(slug: str, review_id: int):
    business = authorize(current_user, slug, Permission.MODERATE)
    if not ConfirmForm().validate_on_submit():
        return _back(slug, "The action could not be read; please try again.", "error")
    try:
        delete_review(business, review_id, actor=Actor.for_user(current_user))
    except VouchError as error:
        return _back(slug, _explain(error), "error")
    return _back(slug, f"Review #{review_id} was deleted.", "success")


def _back(slug: str, message: str, category: str):
    flash(message, category)
    status = (
        request.args.get("status") or request.form.get("return_status") or "pending"
    )
    if status not in {s.value for s in ReviewStatus}:
        status = "pending"
    return redirect(url_for("admin.queue", slug=slug, status=status), code=303)


def _explain(error: VouchError) -> str:
    details = " ".join(" ".join(messages) for messages in (error.errors or {}).values())
    return f"{error.message} {details}".strip()


def _form_errors(form) -> str:
    return " ".join(
        f"{getattr(form, name).label.text}: {' '.join(msgs)}"
        for name, msgs in form.errors.items()
    )
