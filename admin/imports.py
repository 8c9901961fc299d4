"""Panel pages for importing reviews from other platforms: upload a file, see the
preview with every bad row, start the import and watch its progress."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from admin.feedback import business_for, confirmed
from admin.forms import ConfirmForm
from widget import imports
from widget.access import Permission
from widget.actors import Actor
from widget.businesses import update_settings
from widget.errors import VouchError
from widget.extensions import csrf
from widget.http import plain_messages
from widget.models import ImportState
from widget.reviews import import_step


@login_required
def import_page(slug: str):
    """Choose the platform and the file; a good file leads to its preview."""
    return _page(business_for(slug, Permission.MANAGE))


# Files are larger than other requests may be; the size limit has to be raised before
# the body is read, so the app-wide CSRF check (which reads it) leaves this view to its
# own form check (``confirmed``).
@csrf.exempt
@login_required
def import_upload(slug: str):
    request.max_content_length = current_app.config["IMPORT_MAX_BYTES"]
    business = business_for(slug, Permission.MANAGE)
    confirmed(url_for("admin.import_page", slug=slug))
    values = {
        "format": request.form.get("format", ""),
        "platform": request.form.get("platform", "").strip(),
    }
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise VouchError(_("Choose a file."), {"file": [_("Choose a file.")]})
        batch = imports.check_file(
            business,
            values["format"],
            upload.read(),
            filename=upload.filename,
            platform=values["platform"],
            actor=Actor.for_user(current_user),
        )
    except VouchError as error:
        errors = plain_messages(error.errors or {"file": [error.message]})
        return _page(business, values, errors, error.status)
    return redirect(url_for("admin.import_batch", slug=slug, batch_id=batch.id), 303)


def _page(business, values=None, errors=None, status=200):
    return render_template(
        "admin/import.html",
        business=business,
        values=values or {"format": "google", "platform": ""},
        errors=errors or {},
        formats=imports.FORMATS,
        columns=imports.COLUMNS,
        batches=imports.recent_batches(business),
        max_rows=current_app.config["IMPORT_MAX_ROWS"],
    ), status


@login_required
def import_batch(slug: str, batch_id: int):
    """A checked file's preview, a running import's progress, or the result."""
    business = business_for(slug, Permission.MANAGE)
    batch = imports.find_batch(business, batch_id)
    return render_template(
        "admin/import_batch.html",
        business=business,
        batch=batch,
        sample=batch.rows[: imports.PREVIEW_ROWS],
        known=imports.already_imported(business, batch)
        if batch.state is ImportState.PREVIEW
        else 0,
    )


@login_required
def import_run(slug: str, batch_id: int):
    """Import the next step of rows. The page's script asks for JSON and calls again
    until done, drawing the progress bar; a plain form post imports everything."""
    business = business_for(slug, Permission.MANAGE)
    wants_json = request.accept_mimetypes.best == "application/json"
    if not ConfirmForm().validate_on_submit():
        if wants_json:
            return jsonify(error=_("The form could not be read; reload the page.")), 400
        flash(_("The form could not be read; please try again."), "error")
        return redirect(url_for("admin.import_batch", **request.view_args), code=303)
    batch = imports.find_batch(business, batch_id)
    if batch.state is ImportState.PREVIEW:
        counting = request.form.get("count_imported") == "yes"
        if counting != business.count_imported:
            update_settings(business, {"count_imported": counting})
    actor = Actor.for_user(current_user)
    batch = import_step(business, batch_id, actor=actor)
    if wants_json:
        return jsonify(_progress(batch))
    while batch.state is ImportState.IMPORTING:
        batch = import_step(business, batch_id, actor=actor)
    return redirect(url_for("admin.import_batch", **request.view_args), code=303)


@login_required
def import_cancel(slug: str, batch_id: int):
    business = business_for(slug, Permission.MANAGE)
    if ConfirmForm().validate_on_submit():
        batch = imports.cancel(business, batch_id)
        if batch.state is not ImportState.CANCELLED:
            flash(
                _("This import has already started; it cannot be cancelled."), "error"
            )
            return redirect(url_for("admin.import_batch", **request.view_args), 303)
        flash(_("The import was cancelled; nothing was imported."), "success")
    return redirect(url_for("admin.import_page", slug=slug), code=303)


def _progress(batch) -> dict:
    return {
        "state": batch.state.value,
        "done": batch.done,
        "total": batch.total,
        "imported": batch.imported,
        "skipped": batch.skipped,
    }


def register(bp: Blueprint) -> None:
    batch = "/b/<slug>/imports/<int:batch_id>"
    bp.add_url_rule("/b/<slug>/import", view_func=import_page)
    bp.add_url_rule("/b/<slug>/import", view_func=import_upload, methods=["POST"])
    bp.add_url_rule(batch, view_func=import_batch)
    bp.add_url_rule(f"{batch}/run", view_func=import_run, methods=["POST"])
    bp.add_url_rule(f"{batch}/cancel", view_func=import_cancel, methods=["POST"])
