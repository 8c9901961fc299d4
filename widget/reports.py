"""Visitors' reports of published reviews (EU Digital Services Act notices).

A report never hides a review by itself: it puts the review in front of the owner,
who keeps it or withholds it for one of the moderation reasons.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from widget import webhooks
from widget.database import write_transaction
from widget.errors import NotFound
from widget.extensions import db
from widget.limits import per_client
from widget.models import Business, Report, Review, ReviewStatus, utcnow
from widget.privacy import ip_hash

# What a visitor can report; shown in the visitor's language.
REASONS = {
    "illegal": _l("It is illegal"),
    "abusive": _l("It is abusive, hateful or harassing"),
    "personal_data": _l("It shows someone's personal data"),
    "fake": _l("It is fake or not from a real customer"),
    "off_topic": _l("It is not about this business"),
    "other": _l("Something else"),
}


# Every door that takes reports (the widget's API, the hosted report page) counts in
# this one scope, per client.
limited = per_client(
    "REPORT_RATE_LIMIT",
    "report",
    "Too many reports from your connection. Try again later.",
)


def file(
    business: Business,
    review: Review,
    data: dict[str, Any],
    *,
    client_address: str | None = None,
) -> Report:
    """Record a report of a published ``review``. The same client reporting the same
    review again while its report is open is counted once: the open report is
    returned."""
    now = utcnow()
    reporter = ip_hash(client_address)
    with write_transaction() as session:
        if reporter is not None:
            earlier = session.scalar(
                db.select(Report).where(
                    Report.review_id == review.id,
                    Report.ip_hash == reporter,
                    Report.resolved_at.is_(None),
                )
            )
            if earlier is not None:
                return earlier
        report = Report(
            ip_hash=reporter,
            business_id=business.id,
            review_id=review.id,
            reason=data["reason"],
            note=data.get("note"),
            email=data.get("email"),
            created_at=now,
        )
        session.add(report)
        webhooks.emit(business, "review.reported", review)
    return report


def open_reports(business: Business, review_ids: list[int]) -> dict[int, list[Report]]:
    """Unresolved reports of the given reviews, by review."""
    found: dict[int, list[Report]] = {}
    if not review_ids:
        return found
    for report in db.session.scalars(
        db.select(Report)
        .where(
            Report.business_id == business.id,
            Report.review_id.in_(review_ids),
            Report.resolved_at.is_(None),
        )
        .order_by(Report.created_at)
    ):
        found.setdefault(report.review_id, []).append(report)
    return found


def reported_review_ids(business: Business) -> list[int]:
    """Published reviews with unresolved reports, most recently reported first."""
    rows = db.session.execute(
        db.select(Report.review_id, db.func.max(Report.created_at))
        .join(Review, Review.id == Report.review_id)
        .where(
            Report.business_id == business.id,
            Report.resolved_at.is_(None),
            Review.status == ReviewStatus.PUBLISHED,
        )
        .group_by(Report.review_id)
        .order_by(db.func.max(Report.created_at).desc())
        .limit(100)
    ).all()
    return [review_id for review_id, _ in rows]


def resolve(business: Business, review_id: int, resolution: str) -> int:
    """Close a review's open reports (``kept`` or ``withheld``); return how many."""
    now = utcnow()
    with write_transaction() as session:
        reports = list(
            session.scalars(
                db.select(Report).where(
                    Report.business_id == business.id,
                    Report.review_id == review_id,
                    Report.resolved_at.is_(None),
                )
            )
        )
        if not reports:
            raise NotFound(gettext("This review has no open reports."))
        for report in reports:
            report.resolved_at = now
            report.resolution = resolution
    return len(reports)
