"""How the panel answers: the business a page acts on, the names it shows statuses
and roles by, and "back with a message" after an action (JSON for the queue's
script, which stays on the page)."""

from __future__ import annotations

import time

from flask import (
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from admin.forms import ConfirmForm
from widget.access import Permission, authorize
from widget.errors import VouchError
from widget.http import error_response
from widget.models import Business, ReviewStatus

# How the panel names statuses and roles.
STATUS_NAMES = {
    "pending": _l("Pending"),
    "published": _l("Published"),
    "reported": _l("Reported"),
    "rejected": _l("Rejected"),
    "spam": _l("Spam"),
}
ROLE_NAMES = {"owner": _l("Owner"), "moderator": _l("Moderator")}
# The queue's tabs: every status, and published reviews that visitors reported.
STATUSES = frozenset(status.value for status in ReviewStatus) | {"reported"}


def business_for(slug: str, permission: Permission) -> Business:
    """The business of the page, if the signed-in user may do this on it (else the
    same 404 as for a business that does not exist)."""
    business = authorize(current_user, slug, permission)
    g.panel_business = business
    return business


def confirmed(to: str) -> None:
    """Go on only if the posted form carries a valid CSRF token; else back to ``to``
    with a message."""
    if not ConfirmForm().validate_on_submit():
        flash(_("The form could not be read; please try again."), "error")
        abort(redirect(to, code=303))


def back(
    slug: str,
    message: str,
    category: str,
    moved_to: str | None = None,
    undo: str | None = None,
):
    """Back to the queue with ``message``; the queue's script, which asks for JSON,
    gets the message (and where the review went) and stays on the page. ``undo``:
    where to post to take the action back, for a moment (UNDO_SECONDS)."""
    if request.accept_mimetypes.best == "application/json":
        body = {"message": message, "category": category, "moved_to": moved_to}
        body["undo"] = undo
        return jsonify(body), 200 if category == "success" else 422
    flash(message, category)
    if undo:
        seconds = current_app.config["UNDO_SECONDS"]
        session["undo"] = {"url": undo, "until": time.time() + seconds}
    status = (
        request.args.get("status") or request.form.get("return_status") or "pending"
    )
    if status not in STATUSES:
        status = "pending"
    return redirect(url_for("admin.queue", slug=slug, status=status), code=303)


def refused(error: VouchError):
    """The panel's answer to a refused action (a POST): back to the business's
    queue with why. A page that cannot be shown, and anything refused before the
    page's business is known (not found, not allowed), gets the site's error page,
    the same as anywhere."""
    business = g.get("panel_business")
    if business is None or request.method != "POST":
        return error_response(error.status, error.code, error.message, error.errors)
    return back(business.slug, explain(error), "error")


def explain(error: VouchError) -> str:
    details = " ".join(" ".join(messages) for messages in (error.errors or {}).values())
    return f"{error.message} {details}".strip()


def translated(labels: dict) -> dict[str, str]:
    """Labels translated once for a page, rather than once per row."""
    return {code: str(label) for code, label in labels.items()}
