"""Database engine behaviour that the rest of the code relies on.

SQLite runs in WAL mode with ``synchronous=FULL`` and a busy timeout. Python's sqlite3
driver would begin transactions lazily and only before writes, so a read followed by a
write could act on a stale snapshot; here every transaction begins explicitly, and a
service that reads and then writes opens it with ``BEGIN IMMEDIATE`` through
``write_transaction`` so that concurrent writers queue instead of failing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import (
    BindParameter,
    Connection,
    Engine,
    Insert,
    Table,
    bindparam,
    event,
    insert,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from widget.extensions import db

# The Alembic migrations: the schema of every version of Vouch, in order.
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

_WRITE = "vouch_write"
_GATHERED = "vouch_gathered_inserts"


def engine_options(app: Flask) -> dict[str, Any]:
    """Return SQLAlchemy engine options for the configured database URL."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    options: dict[str, Any] = {"pool_pre_ping": True}
    if url.get_backend_name() == "postgresql":
        lock_timeout = int(app.config["DATABASE_LOCK_TIMEOUT_MS"])
        options["connect_args"] = {
            "connect_timeout": int(app.config["DATABASE_CONNECT_TIMEOUT"]),
            "options": f"-c lock_timeout={lock_timeout}",
        }
    elif url.get_backend_name() == "sqlite":
        options["connect_args"] = {"timeout": float(app.config["SQLITE_BUSY_TIMEOUT"])}
    options.update(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
    return options


def configure_engine(engine: Engine) -> None:
    """Attach the SQLite pragmas and explicit transaction handling to ``engine``."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        immediate = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def written(value: Any, type_: Any = None) -> BindParameter:
    """``value`` written into the SQL itself instead of sent as a parameter. A partial
    index serves a query on SQLite only when the query repeats the index's conditions
    as written (``widget.models.UNANSWERED_LOW``)."""
    return bindparam(None, value, type_=type_, literal_execute=True)


@contextmanager
def write_transaction(*, keep_loaded: bool = False) -> Iterator[Session]:
    """Run a read-then-write unit of work in one transaction and commit it once.

    On SQLite, any transaction the request already had open (reads only) is ended
    first, so the writer's transaction starts fresh and holds the write lock from its
    first statement; on PostgreSQL it goes on. On error everything is rolled back and
    the error propagates.

    Ending it expires what was read, so it is read again under the lock; a writer
    that only needs what cannot go stale between (the business's id and name for a
    new review) passes ``keep_loaded`` and is spared those reads while it holds the
    write lock.
    """
    session = db.session()  # the request's Session behind the scoped proxy
    sqlite = session.get_bind().dialect.name == "sqlite"
    if session.in_transaction() and sqlite:
        session.expire_on_commit = not keep_loaded
        try:
            session.commit()
        finally:
            session.expire_on_commit = True
    elif session.in_transaction() and not keep_loaded:
        # PostgreSQL reads each statement afresh (read committed): the reads go on
        # in the same transaction, without a round trip to end it and begin another.
        session.expire_all()
    session.connection(execution_options={_WRITE: True} if sqlite else None)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


def insert_row(model: type, values: dict[str, Any]) -> None:
    """Insert one row of ``model`` that nothing reads back before the transaction
    ends (an audit event, a spent token, a queued e-mail, an idempotency record): at
    once, or inside ``gathered_inserts`` together with the others when it ends.
    Columns left out take the model's defaults."""
    gathered = db.session().info.get(_GATHERED)
    if gathered is None:
        db.session.connection().execute(_insert_into(model.__table__), values)
    else:
        gathered.append((model.__table__, values))


@contextmanager
def gathered_inserts() -> Iterator[None]:
    """Send the rows given to ``insert_row`` inside the block when it ends without an
    error: on PostgreSQL as one statement (each insert but the last a data-modifying
    ``WITH``), one round trip instead of one each; on SQLite one after another. A
    broken constraint raises ``IntegrityError`` as the block ends
    (``violated_table`` tells which table's)."""
    session = db.session()
    session.info[_GATHERED] = gathered = []
    try:
        yield
    finally:
        del session.info[_GATHERED]
    _insert_all(session.connection(), gathered)


def _insert_all(connection: Connection, rows: list[tuple[Table, dict]]) -> None:
    if connection.dialect.name != "postgresql" or len(rows) < 2:
        for table, values in rows:
            connection.execute(_insert_into(table), values)
        return
    filled = [with_defaults(table, values) for table, values in rows]
    shape = tuple(
        (table, tuple(values)) for (table, _), values in zip(rows, filled, strict=True)
    )
    connection.execute(
        _inserts_together(shape),
        {
            f"r{number}_{key}": value
            for number, values in enumerate(filled)
            for key, value in values.items()
        },
    )


@lru_cache(maxsize=64)
def _inserts_together(shape: tuple[tuple[Table, tuple[str, ...]], ...]) -> Insert:
    """One statement inserting a row into each table of ``shape`` (the tables, with
    the columns given for each), all but the last in a ``WITH``; each value is the
    parameter ``r<position>_<column>``. Built once per shape: a submission sends the
    same shape every time, and building the statement costs more than sending it."""
    *first, last = (
        _insert_into(table).values(
            {
                key: bindparam(f"r{number}_{key}", type_=table.c[key].type)
                for key in keys
            }
        )
        for number, (table, keys) in enumerate(shape)
    )
    return last.add_cte(*(each.cte(f"insert_{n}") for n, each in enumerate(first)))


@cache
def _insert_into(table: Table) -> Insert:
    return insert(table)


def with_defaults(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with the columns' Python-side defaults filled in, for an insert
    whose values must all be known (in a ``WITH``, the bound parameters SQLAlchemy
    makes for them would clash by name: two tables' ``created_at``)."""
    filled = dict(values)
    for key, default in _python_defaults(table):
        if key not in filled:
            filled[key] = default.arg if default.is_scalar else default.arg(None)
    return filled


@cache
def _python_defaults(table: Table) -> tuple[tuple[str, Any], ...]:
    """The columns of ``table`` with a Python-side default (a value or a function)."""
    return tuple(
        (column.key, column.default)
        for column in table.columns
        if column.default is not None
        and (column.default.is_scalar or column.default.is_callable)
    )


def violated_table(error: IntegrityError) -> str | None:
    """The table whose constraint ``error`` broke, where the driver tells."""
    diagnosis = getattr(error.orig, "diag", None)  # psycopg
    if diagnosis is not None:
        return diagnosis.table_name
    found = re.search(r"constraint failed: (\w+)\.", str(error.orig))  # sqlite3
    return found.group(1) if found else None


def end_session(_error: BaseException | None = None) -> None:
    """End the request's session. A connection that died while in use cannot roll
    back; it is invalidated instead (the pool opens a new one), so an answer already
    made stands instead of turning into a server error."""
    try:
        db.session.remove()
    except SQLAlchemyError:
        db.session().invalidate()
        db.session.remove()
