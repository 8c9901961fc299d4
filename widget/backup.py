"""A whole instance as one JSON document, and back (``flask backup`` / ``restore``).

Every table is written row by row with its ids, in an order that keeps foreign keys
valid, so a backup taken on SQLite restores on PostgreSQL and the other way round.
Restoring needs an empty (migrated) database: nothing is ever overwritten.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import Date as DateType
from sqlalchemy import DateTime, LargeBinary, inspect, text

from widget.extensions import db
from widget.models import utcnow

FORMAT = "vouch-backup"
VERSION = 1


def tables():
    """The tables, parents before children."""
    return [t for t in db.metadata.sorted_tables if t.name != "alembic_version"]


def write(out: IO[str]) -> dict[str, int]:
    """Write the backup to ``out``; return the number of rows per table.

    Every table is read in one transaction that sees one moment (SQLite's snapshot,
    PostgreSQL's repeatable read), so a backup taken while Vouch serves is
    consistent. A manifest at the end holds the rows per table and a SHA-256 of the
    rows, which ``read`` checks.
    """
    counts = {}
    digest = hashlib.sha256()
    if db.engine.dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    header = {"format": FORMAT, "version": VERSION, "created_at": utcnow().isoformat()}
    out.write(json.dumps(header)[:-1])
    out.write(', "tables": {')
    for n, table in enumerate(tables()):
        out.write(("," if n else "") + json.dumps(table.name) + ": [")
        count = 0
        key = list(table.primary_key.columns)
        for row in db.session.execute(db.select(table).order_by(*key)).mappings():
            plain = _plain(dict(row))
            _digest_row(digest, table.name, plain)
            out.write(("," if count else "") + json.dumps(plain))
            count += 1
        out.write("]")
        counts[table.name] = count
    manifest = {"rows": counts, "sha256": digest.hexdigest()}
    out.write('}, "manifest": ' + json.dumps(manifest) + "}")
    db.session.rollback()  # the snapshot's transaction wrote nothing
    return counts


def _digest_row(digest, table: str, row: dict[str, Any]) -> None:
    digest.update(f"{table}\n{json.dumps(row, sort_keys=True)}\n".encode())


def _check_manifest(data: dict[str, Any]) -> None:
    """Refuse a backup whose rows are not those its manifest names (a file cut
    short or changed); backups made before manifests have none to check."""
    manifest = data.get("manifest")
    if manifest is None:
        return
    digest = hashlib.sha256()
    counts = {}
    for name, rows in data.get("tables", {}).items():
        for row in rows:
            _digest_row(digest, name, row)
        counts[name] = len(rows)
    if counts != manifest.get("rows") or digest.hexdigest() != manifest.get("sha256"):
        raise ValueError(
            "the backup is damaged: its rows do not match its manifest (checksum)"
        )


def read(source: IO[str]) -> dict[str, int]:
    """Load a backup into this (empty) database; return the rows per table."""
    try:
        data = json.load(source)
    except json.JSONDecodeError as error:
        raise ValueError(f"not a Vouch backup: {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not a Vouch backup (no 'vouch-backup' format marker)")
    if data.get("version") != VERSION:
        raise ValueError(f"backup version {data.get('version')} is not {VERSION}")
    _check_manifest(data)
    problem = schema_problem()
    if problem:
        raise ValueError(problem)
    known = {table.name: table for table in tables()}
    unknown = set(data.get("tables", {})) - set(known)
    if unknown:
        raise ValueError(f"unknown tables in the backup: {', '.join(sorted(unknown))}")
    for table in known.values():
        if db.session.execute(db.select(table).limit(1)).first() is not None:
            raise ValueError(
                f"the database is not empty (table {table.name} has rows); "
                "restore into a new, migrated database"
            )
    counts = {}
    try:
        for table in tables():
            rows = [_typed(table, row) for row in data["tables"].get(table.name, [])]
            if rows:
                db.session.execute(table.insert(), rows)
            counts[table.name] = len(rows)
        _reset_sequences()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return counts


def schema_problem() -> str | None:
    """Why this database cannot take a restore yet (a table or column of this
    version of Vouch is missing: not migrated), or None."""
    found = inspect(db.engine)
    names = set(found.get_table_names())
    for table in tables():
        present = (
            {column["name"] for column in found.get_columns(table.name)}
            if table.name in names
            else set()
        )
        if not {column.name for column in table.columns} <= present:
            return (
                "the database is not migrated to this version of Vouch (no table or "
                f"column of {table.name}); run 'flask --app wsgi db upgrade' first, "
                "then restore"
            )
    return None


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in row.items():
        if isinstance(value, datetime | date):
            value = value.isoformat()
        elif isinstance(value, bytes):
            value = base64.b64encode(value).decode()
        elif hasattr(value, "value"):  # enums
            value = value.value
        out[key] = value
    return out


def _typed(table, row: dict[str, Any]) -> dict[str, Any]:
    typed = {}
    for column in table.columns:
        if column.name not in row:
            continue
        value = row[column.name]
        kind = column.type
        if value is not None:
            if isinstance(kind, DateTime) or isinstance(
                getattr(kind, "impl", None), DateTime
            ):
                value = datetime.fromisoformat(value)
            elif isinstance(kind, DateType):
                value = date.fromisoformat(value)
            elif isinstance(kind, LargeBinary):
                value = base64.b64decode(value)
            elif hasattr(kind, "enum_class") and kind.enum_class is not None:
                value = kind.enum_class(value)
        typed[column.name] = value
    return typed


def _reset_sequences() -> None:
    """PostgreSQL: make new ids continue after the restored ones."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in tables():
        key = list(table.primary_key.columns)
        if len(key) != 1 or not key[0].autoincrement or key[0].foreign_keys:
            continue
        column = key[0].name
        sequence = f"pg_get_serial_sequence('{table.name}', '{column}')"
        highest = f"(SELECT MAX({column}) FROM {table.name})"
        db.session.execute(
            text(f"SELECT setval({sequence}, COALESCE({highest}, 0) + 1, false)")
        )
