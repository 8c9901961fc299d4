"""The audit log: every recorded action on the business's reviews."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required

from admin.feedback import business_for
from widget.access import Permission
from widget.audit import audit_page
from widget.reviews import REJECTION_REASONS


@login_required
def audit_log(slug: str):
    """Who did what, when and why, newest first."""
    business = business_for(slug, Permission.VIEW)
    page = audit_page(business, cursor=request.args.get("cursor") or None)
    return render_template(
        "admin/audit.html", business=business, page=page, reasons=REJECTION_REASONS
    )


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/b/<slug>/audit", view_func=audit_log)
