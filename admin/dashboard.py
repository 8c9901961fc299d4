"""The business's dashboard: how it is doing, and what to do today."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from admin import charts
from admin.feedback import business_for
from widget.access import Permission
from widget.dashboard import dashboard


@login_required
def dashboard_page(slug: str):
    business = business_for(slug, Permission.VIEW)
    numbers = dashboard(business)
    counts, averages = charts.weekly(numbers.weeks)
    return render_template(
        "admin/dashboard.html",
        business=business,
        d=numbers,
        counts=counts,
        averages=averages,
    )


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/b/<slug>/dashboard", view_func=dashboard_page)
