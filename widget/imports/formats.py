"""Reading reviews exported from other platforms into one checked shape.

Three shapes are read (the README documents each column):

- ``google``: a Google Business Profile reviews export (JSON: ``{"reviews": [...]}`` or
  a list of reviews, as the Business Profile API and Takeout give them);
- ``trustpilot``: a Trustpilot Business reviews export (CSV);
- ``vouch``: any other platform, as CSV or JSON with Vouch's own column names; the
  owner names the platform.

Every row is checked on its own (``ImportedReviewSchema``); a file's problems are
listed per row.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate

from widget.errors import ValidationFailed
from widget.models import utcnow
from widget.schemas import (
    BODY_MAX,
    NAME_MAX,
    PLATFORM_NAMES,
    TITLE_MAX,
    PlainText,
)

# The file formats read, as the owner chooses them.
FORMATS = {
    "google": _l("Google Business Profile (JSON)"),
    "trustpilot": _l("Trustpilot (CSV)"),
    "vouch": _l("Another platform (CSV or JSON with the columns below)"),
}
PLATFORM = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
# Vouch's own columns, in the order the README lists them.
COLUMNS = (
    "rating",
    "body",
    "author_name",
    "created_at",
    "title",
    "reply",
    "replied_at",
    "language",
    "id",
)
GOOGLE_STARS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}
# Trustpilot's column names (any letter case), mapped to Vouch's.
TRUSTPILOT_COLUMNS = {
    "review id": "id",
    "review created (utc)": "created_at",
    "review stars": "rating",
    "review title": "title",
    "review content": "body",
    "review language": "language",
    "consumer name": "author_name",
    "reviewer name": "author_name",
    "company reply date (utc)": "replied_at",
    "company reply content": "reply",
    "reply content": "reply",
}
TRUSTPILOT_NEEDED = ("review stars", "review created (utc)")
NO_NAME = "Anonymous"
PREVIEW_ROWS = 20


class ImportRating(fields.Field):
    """1 to 5 stars, as a whole number or its digits; 4.5 or "four" are refused, never
    rounded."""

    MESSAGE = "Give a whole number of stars from 1 to 5."

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        if isinstance(value, str) and re.fullmatch(r"\s*[1-5]\s*", value):
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
            return value
        raise ValidationError(self.MESSAGE)


class Moment(fields.Field):
    """An ISO 8601 date or date and time; without a zone it is taken as UTC."""

    MESSAGE = "Give a date like 2024-05-31 or 2024-05-31T14:30:00Z."

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        if not isinstance(value, str):
            raise ValidationError(self.MESSAGE)
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(self.MESSAGE) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        moment = moment.astimezone(UTC)
        if moment > utcnow():
            raise ValidationError(gettext("This date lies in the future."))
        return moment


class ImportedReviewSchema(Schema):
    """One review from another platform, in Vouch's column names."""

    id = fields.String(
        load_default=None,
        validate=validate.Length(max=128, error="Use an id of at most 128 characters."),
    )
    rating = ImportRating(required=True, error_messages={"required": "Missing."})
    title = PlainText(
        load_default=None,
        validate=validate.Length(
            max=TITLE_MAX, error=f"The title is longer than {TITLE_MAX} characters."
        ),
    )
    # Google keeps ratings without text: they are real ratings, so they come too.
    body = PlainText(
        multiline=True,
        load_default="",
        validate=validate.Length(
            max=BODY_MAX, error=f"The text is longer than {BODY_MAX} characters."
        ),
    )
    author_name = PlainText(
        required=True,
        validate=validate.Length(
            1, NAME_MAX, error=f"Give a name of 1-{NAME_MAX} characters."
        ),
        error_messages={"required": "Missing."},
    )
    created_at = Moment(required=True, error_messages={"required": "Missing."})
    reply = PlainText(
        multiline=True,
        load_default=None,
        validate=validate.Length(
            max=BODY_MAX, error=f"The reply is longer than {BODY_MAX} characters."
        ),
    )
    replied_at = Moment(load_default=None)
    language = fields.String(
        load_default=None,
        validate=validate.Regexp(
            r"^[a-zA-Z]{2,3}([-_][A-Za-z0-9]{2,8}){0,2}$",
            error="Give a language code such as en or nl-BE.",
        ),
    )


review_schema = ImportedReviewSchema()


# A row as read: its label ("line 3", "review 2") and its values in Vouch's column
# names, or what makes it unreadable.
Labelled = list[tuple[str, dict[str, Any] | str]]


@dataclass
class Checked:
    """What reading a file found: the good rows (ready to store) and the problems."""

    rows: list[dict[str, Any]]
    problems: list[dict[str, str]]


def read_file(kind: str, raw: bytes) -> Checked:
    """Read an export of ``kind`` (one of ``FORMATS``, checked by ``check_file``) and
    check every row."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise file_problem(
            "The file is not UTF-8 text; export it again as UTF-8."
        ) from None
    if not text.strip():
        raise file_problem("The file is empty.")
    if kind == "google":
        labelled = _google_rows(_json(text))
    elif kind == "trustpilot":
        labelled = _csv_rows(text, TRUSTPILOT_COLUMNS, TRUSTPILOT_NEEDED)
    elif text.lstrip().startswith(("[", "{")):
        labelled = _vouch_json_rows(_json(text))
    else:
        labelled = _csv_rows(text, {name: name for name in COLUMNS}, ("rating",))
    limit = current_app.config["IMPORT_MAX_ROWS"]
    if len(labelled) > limit:
        raise file_problem(
            f"The file has {len(labelled)} reviews; at most {limit} can be imported "
            "at once. Split it into smaller files."
        )
    return _check(labelled)


def _check(labelled: Labelled) -> Checked:
    rows, problems, seen = [], [], {}
    for label, values in labelled:
        if isinstance(values, str):
            problems.append({"row": label, "problem": values})
            continue
        present = {k: v for k, v in values.items() if v not in ("", None)}
        present.setdefault("author_name", NO_NAME)
        try:
            loaded = review_schema.load(present, unknown="exclude")
        except ValidationError as error:
            problems.append({"row": label, "problem": _describe(error.messages)})
            continue
        if loaded["reply"] and loaded["replied_at"] is None:
            loaded["replied_at"] = loaded["created_at"]
        external_id = loaded.pop("id") or _fingerprint(loaded)
        if external_id in seen:
            problems.append(
                {"row": label, "problem": f"The same review as {seen[external_id]}."}
            )
            continue
        seen[external_id] = label
        rows.append(_stored(loaded, external_id, label))
    if not rows and not problems:
        raise file_problem("The file holds no reviews.")
    return Checked(rows, problems)


def _stored(loaded: dict[str, Any], external_id: str, label: str) -> dict[str, Any]:
    """A checked row as JSON-ready values for the batch."""
    return {
        "external_id": external_id,
        "label": label,
        "rating": loaded["rating"],
        "title": loaded["title"] or None,
        "body": loaded["body"],
        "author_name": loaded["author_name"],
        "created_at": loaded["created_at"].isoformat(),
        "reply": loaded["reply"] or None,
        "replied_at": loaded["replied_at"].isoformat()
        if loaded["replied_at"]
        else None,
        "language": (loaded["language"] or "").replace("_", "-") or None,
    }


def _fingerprint(loaded: dict[str, Any]) -> str:
    """An id for a row its platform gave none: the same review gives the same id."""
    key = json.dumps(
        [
            loaded["created_at"].isoformat(),
            loaded["author_name"],
            loaded["rating"],
            loaded["body"],
        ],
        ensure_ascii=False,
    )
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()[:40]


def _describe(messages: dict[str, Any]) -> str:
    return "; ".join(
        f"{name}: {' '.join(problem)}" for name, problem in sorted(messages.items())
    )


def file_problem(message: str, field: str = "file") -> ValidationFailed:
    return ValidationFailed(message, {field: [message]})


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise file_problem(
            f"The file is not valid JSON (line {error.lineno}, column {error.colno})."
        ) from None


def _google_rows(document: Any) -> Labelled:
    def values(item: dict[str, Any]) -> dict[str, Any]:
        reviewer = _object(item.get("reviewer"))
        reply = _object(item.get("reviewReply"))
        stars = item.get("starRating")
        return {
            "id": item.get("reviewId"),
            "rating": GOOGLE_STARS.get(stars, stars),
            "body": item.get("comment"),
            "author_name": reviewer.get("displayName"),
            "created_at": item.get("createTime"),
            "reply": reply.get("comment"),
            "replied_at": reply.get("updateTime"),
        }

    return _json_rows(
        document,
        values,
        'This is not a Google Business Profile export: it needs a "reviews" list.',
    )


def _vouch_json_rows(document: Any) -> Labelled:
    return _json_rows(
        document,
        lambda item: {key: item.get(key) for key in COLUMNS},
        'The JSON file needs a list of reviews (or "reviews": [...]).',
    )


def _json_rows(document: Any, values, not_a_list: str) -> Labelled:
    """Each object of the document's review list (``{"reviews": [...]}`` or a bare
    list) through ``values``, labelled "review N"."""
    reviews = document.get("reviews") if isinstance(document, dict) else document
    if not isinstance(reviews, list):
        raise file_problem(not_a_list)
    rows: Labelled = []
    for number, item in enumerate(reviews, start=1):
        label = f"review {number}"
        if isinstance(item, dict):
            rows.append((label, values(item)))
        else:
            rows.append((label, "This is not a review (an object was expected)."))
    return rows


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _csv_rows(text: str, columns: dict[str, str], needed: tuple[str, ...]) -> Labelled:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in needed if name not in header]
    if missing:
        raise file_problem(
            "The file's first row must name the columns; missing: "
            + ", ".join(missing)
            + "."
        )
    reader.fieldnames = header
    rows = []
    for raw in reader:
        label = f"line {reader.line_num}"
        if not any((value or "").strip() for key, value in raw.items() if key):
            continue
        if raw.get(None):
            rows.append((label, "This line has more values than the header names."))
            continue
        values = {
            columns[key]: (value or "").strip()
            for key, value in raw.items()
            if key in columns
        }
        rows.append((label, values))
    return rows


def platform_for(kind: str, named: str | None) -> str:
    """The platform an import is labelled with: the format's own, or the owner's."""
    if kind in PLATFORM_NAMES:
        return kind
    name = (named or "").strip().lower()
    if not PLATFORM.fullmatch(name):
        raise file_problem(
            "Name the platform in lowercase letters, digits and dashes (like yelp).",
            "platform",
        )
    return name
