"""The admin panel: sign in, pick a business, clear its moderation queue."""

from __future__ import annotations

import time

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from marshmallow import ValidationError

from admin.auth import safe_next
from admin.embed_code import attributes, options_schema, snippet
from admin.exporting import export_response
from admin.forms import (
    CodeForm,
    ConfirmForm,
    DisableTwoFactorForm,
    EnableTwoFactorForm,
    FeatureForm,
    LoginForm,
    ModerationForm,
    ReplyForm,
)
from admin.schemas import export_query, filters_of, queue_query
from widget import reports, two_factor
from widget.access import Permission, authorize, businesses_of
from widget.accounts import authenticate, memberships_of, set_locale, set_notify
from widget.actors import Actor
from widget.businesses import LOCALES
from widget.errors import VouchError
from widget.extensions import db, limiter
from widget.http import plain_messages
from widget.i18n import ADMIN_LOCALES, LANGUAGE_NAMES, panel_locale, use_locale
from widget.layouts import LAYOUTS, THEMES
from widget.listing import Page, review_page, reviews_by_id, status_counts
from widget.models import ReviewStatus, User
from widget.notices import NOTIFY_CHOICES
from widget.reviews import (
    REJECTION_REASONS,
    delete_review,
    feature_review,
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


@bp.before_request
def speak_the_users_language() -> None:
    """The panel speaks the signed-in user's language, else the browser's.

    Without a signed-in session the user is not loaded at all: loading it there
    would make Flask-Login clear the remember cookie on the sign-in page.
    """
    use_locale(panel_locale(current_user if "_user_id" in session else None))


@bp.context_processor
def panel_names() -> dict:
    return {"status_names": STATUS_NAMES, "role_names": ROLE_NAMES}


QUEUE_PAGE = 20
BULK_MAX = 100
NOTIFY_LABELS = {
    "instant": _l("at once"),
    "daily": _l("a daily summary"),
    "off": _l("never"),
}
# How the panel names statuses and roles.
STATUS_NAMES = {
    "pending": _l("Pending"),
    "published": _l("Published"),
    "reported": _l("Reported"),
    "rejected": _l("Rejected"),
    "spam": _l("Spam"),
}
ROLE_NAMES = {"owner": _l("Owner"), "moderator": _l("Moderator")}
# Seconds between a right password and the two-factor code before starting over.
PENDING_LOGIN_SECONDS = 300
# The queue's tabs: every status, and published reviews that visitors reported.
STATUSES = frozenset(status.value for status in ReviewStatus) | {"reported"}


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
        if user is not None and user.totp_secret:
            # The password was right; the second step decides.
            session["pending_login"] = {
                "user": user.id,
                "next": safe_next(form.next.data),
                "until": time.time() + PENDING_LOGIN_SECONDS,
            }
            return redirect(url_for("admin.login_code"), code=303)
        if user is not None:
            login_user(user)
            return redirect(safe_next(form.next.data) or url_for("admin.dashboard"))
        flash(_("That e-mail and password do not match an account."), "error")
        return render_template("admin/login.html", form=form), 401
    status = 422 if form.errors else 200
    return render_template("admin/login.html", form=form), status


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login_code():
    """The second step of signing in, for users with two-factor login."""
    pending = session.get("pending_login")
    if not pending or pending["until"] < time.time():
        session.pop("pending_login", None)
        flash(_("Sign in again: the sign-in took too long."), "error")
        return redirect(url_for("admin.login"), code=303)
    form = CodeForm()
    if form.validate_on_submit():
        user = db.session.get(User, pending["user"])
        if user is not None and two_factor.verify(user, form.code.data):
            session.pop("pending_login", None)
            login_user(user)
            return redirect(pending["next"] or url_for("admin.dashboard"), code=303)
        form.code.errors = [two_factor.WRONG_CODE]
        return render_template("admin/login_code.html", form=form), 401
    status = 422 if form.errors else 200
    return render_template("admin/login_code.html", form=form), status


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """The signed-in user's own settings: e-mail about new reviews, two-factor login."""
    enable_form, disable_form = EnableTwoFactorForm(), DisableTwoFactorForm()
    codes = None
    status = 200
    action = request.form.get("action")
    if action == "language" and ConfirmForm().validate_on_submit():
        choice = request.form.get("locale") or None
        if choice is not None and choice not in ADMIN_LOCALES:
            flash(_("Choose one of the languages."), "error")
        else:
            set_locale(current_user, choice)
            use_locale(panel_locale(current_user))
            flash(_("The panel's language is saved."), "success")
        return redirect(url_for("admin.account"), code=303)
    if action == "notify" and ConfirmForm().validate_on_submit():
        choice = request.form.get("notify")
        business = authorize(
            current_user, request.form.get("business"), Permission.VIEW
        )
        if choice not in NOTIFY_CHOICES:
            flash(_("Choose at once, daily or never."), "error")
        else:
            set_notify(current_user, business, choice)
            flash(
                _(
                    "E-mail about %(name)s: %(choice)s.",
                    name=business.name,
                    choice=NOTIFY_LABELS[choice],
                ),
                "success",
            )
        return redirect(url_for("admin.account"), code=303)
    if action == "enable" and enable_form.validate_on_submit():
        secret = session.get("totp_setup")
        try:
            codes = two_factor.enable(current_user, secret or "", enable_form.code.data)
        except VouchError as error:
            enable_form.code.errors = [error.message]
            status = 422
        else:
            session.pop("totp_setup", None)
            flash(_("Two-factor login is on."), "success")
    elif action == "disable" and disable_form.validate_on_submit():
        try:
            two_factor.disable(
                current_user, disable_form.password.data, disable_form.code.data
            )
        except VouchError as error:
            for name, messages in (error.errors or {}).items():
                getattr(disable_form, name).errors = messages
            status = 422
        else:
            flash(_("Two-factor login is off."), "success")
            return redirect(url_for("admin.account"), code=303)
    elif request.method == "POST":
        status = 422
    qr = secret = None
    if not current_user.totp_secret and codes is None:
        secret = session.setdefault("totp_setup", two_factor.new_secret())
        qr = two_factor.setup_qr(current_user, secret)
    return render_template(
        "admin/account.html",
        memberships=memberships_of(current_user),
        notify_labels=NOTIFY_LABELS,
        languages={code: LANGUAGE_NAMES[code] for code in ADMIN_LOCALES},
        enable_form=enable_form,
        disable_form=disable_form,
        qr=qr,
        secret=secret,
        codes=codes,
    ), status


@bp.post("/logout")
@login_required
def logout():
    if ConfirmForm().validate_on_submit():
        logout_user()
        flash(_("You are signed out."), "info")
    return redirect(url_for("admin.login"))


@bp.get("/")
@login_required
def dashboard():
    memberships = businesses_of(current_user)
    if len(memberships) == 1:
        return redirect(url_for("admin.queue", slug=memberships[0][0].slug))
    return render_template("admin/businesses.html", memberships=memberships)


def _translated(labels: dict) -> dict[str, str]:
    return {code: str(label) for code, label in labels.items()}


@bp.get("/b/<slug>/")
@login_required
def queue(slug: str):
    business = authorize(current_user, slug, Permission.VIEW)
    status = request.args.get("status", ReviewStatus.PENDING.value)
    if status not in STATUSES:
        flash(_("Unknown status; showing pending reviews."), "error")
        return redirect(url_for("admin.queue", slug=slug))
    cursor = request.args.get("cursor") or None
    try:
        chosen = queue_query.load(request.args)
        errors: dict[str, list[str]] = {}
    except ValidationError as error:
        chosen = queue_query.load({})
        errors = plain_messages(error.messages)
    reported = reports.reported_review_ids(business)
    if status == "reported":
        ids = reported
        found = {review.id: review for review in reviews_by_id(business, ids)}
        page = Page([found[i] for i in ids if i in found], None)
    else:
        page = review_page(
            business,
            status=ReviewStatus(status),
            per_page=QUEUE_PAGE,
            cursor=cursor,
            filters=filters_of(chosen),
            public=False,
        )
    counts = status_counts(business)
    counts["reported"] = len(reported)
    return render_template(
        "admin/queue.html",
        business=business,
        status=status,
        page=page,
        counts=counts,
        figures=figures(business.summary),
        # Translated once here rather than once per review card.
        reasons=_translated(REJECTION_REASONS),
        reports=reports.open_reports(business, [r.id for r in page.reviews]),
        report_reasons=_translated(reports.REASONS),
        chosen=chosen,
        chosen_args={
            key: value
            for key, value in request.args.items()
            if key in ("rating", "verified", "reply", "since", "until", "q")
        },
        filter_errors=errors,
        filtering=any(value is not None for value in chosen.values()),
    ), 422 if errors else 200


@bp.get("/b/<slug>/export")
@login_required
def export(slug: str):
    """Download the reviews the queue's filters pick (every status unless chosen)."""
    business = authorize(current_user, slug, Permission.VIEW)
    try:
        args = export_query.load(request.args)
    except ValidationError as error:
        flash(
            " ".join(" ".join(m) for m in plain_messages(error.messages).values()),
            "error",
        )
        return redirect(url_for("admin.queue", slug=slug), code=303)
    return export_response(business, args)


@bp.post("/b/<slug>/bulk")
@login_required
def bulk(slug: str):
    """Publish, reject or mark as spam several reviews at once."""
    business = authorize(current_user, slug, Permission.MODERATE)
    form = ModerationForm()
    ids = [int(value) for value in request.form.getlist("review") if value.isdigit()]
    if not form.validate_on_submit() or not ids:
        return _back(slug, _("Choose reviews and an action first."), "error")
    done, problems = 0, []
    for review_id in ids[:BULK_MAX]:
        try:
            moderate_review(
                business,
                review_id,
                form.action.data,
                actor=Actor.for_user(current_user),
                reason=form.reason.data or None,
                note=plain_text(form.note.data or "") or None,
            )
            done += 1
        except VouchError as error:
            problems.append(f"#{review_id}: {_explain(error)}")
    if problems:
        flash(" ".join(problems), "error")
    return _back(slug, _("Reviews done: %(num)s.", num=done), "success")


@bp.post("/b/<slug>/reviews/<int:review_id>/moderate")
@login_required
def moderate(slug: str, review_id: int):
    business = authorize(current_user, slug, Permission.MODERATE)
    form = ModerationForm()
    if not form.validate_on_submit():
        return _unreadable(slug)
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
    return _back(
        slug,
        _(
            "Review #%(id)s is now: %(status)s.",
            id=review.id,
            status=STATUS_NAMES[review.status.value],
        ),
        "success",
        moved_to=review.status.value,
    )


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
    return _back(slug, _("Reply saved.") if body else _("Reply removed."), "success")


@bp.post("/b/<slug>/reviews/<int:review_id>/delete")
@login_required
def delete(slug: str, review_id: int):
    business = authorize(current_user, slug, Permission.MODERATE)
    if not ConfirmForm().validate_on_submit():
        return _unreadable(slug)
    try:
        delete_review(business, review_id, actor=Actor.for_user(current_user))
    except VouchError as error:
        return _back(slug, _explain(error), "error")
    return _back(slug, _("Review #%(id)s was deleted.", id=review_id), "success")


@bp.post("/b/<slug>/reviews/<int:review_id>/feature")
@login_required
def feature(slug: str, review_id: int):
    business = authorize(current_user, slug, Permission.MODERATE)
    form = FeatureForm()
    if not form.validate_on_submit():
        return _unreadable(slug)
    featured = form.featured.data == "1"
    try:
        feature_review(
            business, review_id, featured, actor=Actor.for_user(current_user)
        )
    except VouchError as error:
        return _back(slug, _explain(error), "error")
    done = (
        _("Review #%(id)s is featured first in the widget.", id=review_id)
        if featured
        else _("Review #%(id)s is no longer featured.", id=review_id)
    )
    return _back(slug, done, "success")


@bp.get("/b/<slug>/embed")
@login_required
def embed_builder(slug: str):
    """Choose layout, theme, colour and language; see the real widget; copy the code."""
    business = authorize(current_user, slug, Permission.VIEW)
    options, errors = options_schema.load_form(request.args)
    html = render_template(
        "admin/embed.html",
        business=business,
        options=options,
        errors=errors,
        layouts=LAYOUTS,
        themes=THEMES,
        locales=LOCALES,
        attributes=attributes(business, options),
        snippet=_snippet(business, options),
    )
    return html, 422 if errors else 200


@bp.get("/b/<slug>/embed/snippet")
@login_required
def embed_snippet(slug: str):
    """The builder's live update: the snippet and attributes for the chosen options."""
    business = authorize(current_user, slug, Permission.VIEW)
    options, errors = options_schema.load_form(request.args)
    body = {
        "snippet": _snippet(business, options),
        "attributes": attributes(business, options),
        "errors": errors,
    }
    return jsonify(body), 422 if errors else 200


def _snippet(business, options) -> str:
    return snippet(
        business,
        options,
        url_for("hosted.reviews", slug=business.slug, _external=True),
        url_for("embed.script", _external=True),
    )


def _back(slug: str, message: str, category: str, moved_to: str | None = None):
    """Back to the queue with ``message``; the queue's script, which asks for JSON,
    gets the message (and where the review went) and stays on the page."""
    if request.accept_mimetypes.best == "application/json":
        body = {"message": message, "category": category, "moved_to": moved_to}
        return jsonify(body), 200 if category == "success" else 422
    flash(message, category)
    status = (
        request.args.get("status") or request.form.get("return_status") or "pending"
    )
    if status not in STATUSES:
        status = "pending"
    return redirect(url_for("admin.queue", slug=slug, status=status), code=303)


def _unreadable(slug: str):
    return _back(slug, _("The action could not be read; please try again."), "error")


def _explain(error: VouchError) -> str:
    details = " ".join(" ".join(messages) for messages in (error.errors or {}).values())
    return f"{error.message} {details}".strip()


def _form_errors(form) -> str:
    return " ".join(
        f"{getattr(form, name).label.text}: {' '.join(msgs)}"
        for name, msgs in form.errors.items()
    )
