"""Invitations: ask customers for a review with a signed, single-use, expiring link.

Everyone given is invited: there is no filter by how happy a customer is. Rows that
cannot be read are reported by line and the good ones are still invited. Addresses that
asked this business for no more invitations are skipped and reported.
"""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from widget import notices, tokens
from widget.businesses import LOCALES
from widget.database import write_transaction
from widget.errors import LinkProblem, ValidationFailed
from widget.extensions import db
from widget.models import Business, Invitation, MailOptOut, possible_id, utcnow
from widget.schemas import EmailAddress, PlainText

COLUMNS = ("name", "email", "order_reference", "order_date", "language")
INVALID_LINK = _l(
    "This link is not valid. Please use the link from your e-mail as it is."
)
EXPIRED_LINK = _l("This invitation has expired. Ask the business for a new one.")
USED_LINK = _l("This invitation was already used to write a review. Thank you!")


class InviteeSchema(Schema):
    """One customer to invite, from the panel's form, a CSV row or the CLI."""

    class Meta:
        unknown = EXCLUDE

    name = PlainText(
        required=True,
        validate=validate.Length(1, 80, error="Give a name of 1-80 characters."),
        error_messages={"required": "Give the customer's name."},
    )
    email = EmailAddress(
        required=True,
        validate=validate.Length(max=254, error="Use at most 254 characters."),
        error_messages={
            "required": "Give the customer's e-mail address.",
            "invalid": "Not a valid e-mail address.",
        },
    )
    order_reference = PlainText(
        load_default=None,
        validate=validate.Length(max=64, error="Use at most 64 characters."),
    )
    order_date = fields.Date(
        load_default=None,
        error_messages={"invalid": "Give the date as YYYY-MM-DD."},
    )
    language = fields.String(
        load_default=None,
        validate=validate.OneOf(
            LOCALES, error=f"Must be one of: {', '.join(LOCALES)}."
        ),
    )


invitee_schema = InviteeSchema()


@dataclass
class Batch:
    """What an invitation run did: who was invited, skipped and which lines failed."""

    invited: list[Invitation] = field(default_factory=list)
    opted_out: list[str] = field(default_factory=list)
    # Invited within INVITATION_REPEAT_DAYS, and not invited again: (address, when).
    already: list[tuple[str, datetime]] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


def read_csv(text: str) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    """Parse CSV text with a header row; return (good rows, [(line, problem)])."""
    limit = current_app.config["INVITATION_CSV_MAX_ROWS"]
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if "name" not in header or "email" not in header:
        raise ValidationFailed(
            gettext(
                "The CSV file needs a header row naming at least the columns name and"
                " email (known columns: %(columns)s).",
                columns=", ".join(COLUMNS),
            ),
            {
                "file": [
                    gettext("Add a header row: name,email,order_reference,order_date")
                ]
            },
        )
    reader.fieldnames = header
    rows, problems = [], []
    for number, raw in enumerate(reader, start=2):
        if number - 1 > limit:
            raise ValidationFailed(
                gettext(
                    "The file has more than %(limit)s rows; split it into smaller"
                    " files.",
                    limit=limit,
                ),
                {"file": [gettext("At most %(limit)s rows per file.", limit=limit)]},
            )
        values = {key: (value or "").strip() for key, value in raw.items() if key}
        if not any(values.values()):
            continue
        if raw.get(None):
            problems.append((reader.line_num, "more values than columns"))
            continue
        try:
            rows.append(load_invitee(values))
        except ValidationError as error:
            problems.append((reader.line_num, _describe(error.messages)))
    return rows, problems


def load_invitee(values: dict[str, Any]) -> dict[str, Any]:
    """Validate one customer; empty optional values count as absent."""
    present = {key: value for key, value in values.items() if value not in ("", None)}
    return invitee_schema.load(present)


def _describe(messages: dict[str, Any]) -> str:
    return "; ".join(
        f"{name}: {' '.join(problem)}" for name, problem in sorted(messages.items())
    )


def invite(
    business: Business,
    rows: list[dict[str, Any]],
    problems: list[tuple[int, str]] | None = None,
    now: datetime | None = None,
    again: bool = False,
) -> Batch:
    """Create an invitation and queue its e-mail for every row, in one transaction;
    an address invited within INVITATION_REPEAT_DAYS is left out (``batch.already``)
    unless ``again``."""
    now = now or utcnow()
    config = current_app.config
    batch = Batch(problems=list(problems or []))
    with write_transaction() as session:
        opted_out = set(
            session.scalars(
                db.select(MailOptOut.email).where(MailOptOut.business_id == business.id)
            )
        )
        since = now - timedelta(days=config["INVITATION_REPEAT_DAYS"])
        recent = {} if again else _invited_since(business, rows, since)
        for row in rows:
            if row["email"].lower() in opted_out:
                batch.opted_out.append(row["email"])
                continue
            if row["email"].lower() in recent:
                batch.already.append((row["email"], recent[row["email"].lower()]))
                continue
            invitation = Invitation(
                business_id=business.id,
                name=row["name"],
                email=row["email"],
                order_reference=row.get("order_reference"),
                order_date=row.get("order_date"),
                locale=row.get("language") or business.default_locale,
                nonce=secrets.token_hex(8),
                created_at=now,
                expires_at=now + timedelta(days=config["INVITATION_MAX_AGE_DAYS"]),
                reminder_due_at=now
                + timedelta(days=config["INVITATION_REMINDER_DAYS"]),
            )
            session.add(invitation)
            session.flush()
            notices.invitation(business, invitation)
            batch.invited.append(invitation)
    return batch


def _invited_since(
    business: Business, rows: list[dict[str, Any]], since: datetime
) -> dict[str, datetime]:
    """The addresses of ``rows`` invited since ``since``, with their latest date."""
    addresses = {row["email"].lower() for row in rows}
    found: dict[str, datetime] = {}
    for chunk in _chunks(sorted(addresses), 500):
        query = (
            db.select(func.lower(Invitation.email), func.max(Invitation.created_at))
            .where(
                Invitation.business_id == business.id,
                Invitation.created_at >= since,
                func.lower(Invitation.email).in_(chunk),
            )
            .group_by(func.lower(Invitation.email))
        )
        found.update(dict(db.session.execute(query).all()))
    return found


def _chunks(items: list[str], size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def find(token: str) -> Invitation:
    """The invitation a link names; raise ``LinkProblem`` for a bad, old or used one."""
    max_age = current_app.config["INVITATION_MAX_AGE_DAYS"] * 86400
    invitation = tokens.linked_row(
        "invitation", token, Invitation, max_age, bad=INVALID_LINK, expired=EXPIRED_LINK
    )
    if invitation.used_at is not None:
        raise LinkProblem(USED_LINK, status=410)
    return invitation


def schedule_reminders(now: datetime | None = None) -> int:
    """Queue the one reminder for invitations due one; return how many."""
    now = now or utcnow()
    due = list(
        db.session.scalars(
            db.select(Invitation)
            .where(
                Invitation.reminder_due_at <= now,
                Invitation.reminded_at.is_(None),
                Invitation.used_at.is_(None),
                Invitation.expires_at > now,
            )
            .limit(100)
        )
    )
    for invitation in due:
        with write_transaction() as session:
            locked = session.scalar(
                db.select(Invitation)
                .where(Invitation.id == invitation.id, Invitation.reminded_at.is_(None))
                .with_for_update()
            )
            if locked is None:
                continue
            locked.reminded_at = now
            if not _opted_out(locked.business_id, locked.email):
                notices.invitation(locked.business, locked, reminder=True)
    return len(due)


def _opted_out(business_id: int, email: str) -> bool:
    return (
        db.session.scalar(
            db.select(MailOptOut.id).where(
                MailOptOut.business_id == business_id,
                MailOptOut.email == email.lower(),
            )
        )
        is not None
    )


def unsubscribe_target(token: str) -> tuple[Business, str]:
    """The business and address an unsubscribe link is for (its invitation's)."""
    try:
        payload, _ = tokens.read("unsubscribe", token, 10 * 365 * 86400)
    except (tokens.TokenExpired, tokens.TokenInvalid):
        raise LinkProblem(INVALID_LINK, status=404) from None
    invitation = None
    named = payload.get("i") if isinstance(payload, dict) else None
    if isinstance(named, int) and possible_id(named):
        invitation = db.session.get(Invitation, named)
    if invitation is None or invitation.business_id != payload.get("b"):
        raise LinkProblem(INVALID_LINK, status=404)
    return invitation.business, invitation.email


def opt_out(business: Business, email: str) -> None:
    """Stop invitations from ``business`` to ``email`` (saying it twice is fine)."""
    try:
        with write_transaction() as session:
            if not _opted_out(business.id, email):
                session.add(MailOptOut(business_id=business.id, email=email.lower()))
    except IntegrityError:
        pass  # a concurrent click recorded it first
