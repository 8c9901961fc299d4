"""Database engine behaviour that the rest of the code relies on.

SQLite runs in WAL mode with ``synchronous=FULL`` and a busy timeout. Python's sqlite3
driver would begin transactions lazily and only before writes, so a read followed by a
write could act on a stale snapshot; here every transaction begins explicitly, and a
service that reads and then writes opens it with ``BEGIN IMMEDIATE`` through
``write_transaction`` so that concurrent writers queue instead of failing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import BindParameter, Engine, bindparam, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from widget.extensions import db

# The Alembic migrations: the schema of every version of Vouch, in order.
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

_WRITE = "vouch_write"


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


def end_session(_error: BaseException | None = None) -> None:
    """End the request's session. A connection that died while in use cannot roll
    back; it is invalidated instead (the pool opens a new one), so an answer already
    made stands instead of turning into a server error."""
    try:
        db.session.remove()
    except SQLAlchemyError:
        db.session().invalidate()
        db.session.remove()
