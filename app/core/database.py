"""Database connection settings that the ORM cannot express by itself."""

import ast
import logging
import os
import re
import sqlite3
import weakref
from functools import cache
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Engine, make_url

_sqlite_busy_timeout_ms = 5000


def normalise_database_url(url: str) -> str:
    """Accept the common `postgres://` and `postgresql://` forms and use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


# Seconds to wait for PostgreSQL to accept a connection: a host that does not
# answer at all fails the request with a 503 instead of holding a worker until
# gunicorn's timeout kills it.
POSTGRESQL_CONNECT_TIMEOUT = 5


def engine_options(url: str, configured: dict) -> dict:
    """The engine options: the configured ones over the defaults.

    `pool_pre_ping` tests a pooled connection before each use, so after the
    database restarts the next request gets a fresh connection rather than an
    error (the test is done on the raw connection: no statement is counted).
    """
    options = {"pool_pre_ping": True, **configured}
    if make_url(url).get_backend_name() == "postgresql" and "connect_timeout" not in url:
        options["connect_args"] = {"connect_timeout": POSTGRESQL_CONNECT_TIMEOUT,
                                   **options.get("connect_args", {})}
    return options


def configure(app: Flask) -> None:
    global _sqlite_busy_timeout_ms
    _sqlite_busy_timeout_ms = int(app.config.get("SQLITE_BUSY_TIMEOUT_MS", 5000))
    # Runs before Flask-SQLAlchemy's own (teardowns run last registered first).
    app.teardown_appcontext(_close_session)
    from app.extensions import db

    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "postgresql":
                _end_reads_with_commit(engine)


# PostgreSQL plans every statement anew unless it is prepared, and psycopg
# prepares a statement the fifth time a connection runs it -- but forgets every
# prepared statement at each ROLLBACK (a PREPARE made in a failed transaction
# may not exist). Every request ended with a ROLLBACK, even one that only read,
# so nothing was ever prepared, and the eager-loading queries of the proposal
# pages were planned on every view (8-26 ms of the database's CPU for each,
# more than running them). A transaction that has only read ends the same way
# with COMMIT, which keeps them. Anything else -- a write, a lock, a savepoint,
# a failed statement -- still rolls back.
_WROTE = weakref.WeakSet()
_LOCKING = re.compile(r"\bFOR\s+(UPDATE|SHARE|NO\s+KEY\s+UPDATE|KEY\s+SHARE)\b", re.I)


def only_reads(statement: str) -> bool:
    """Whether a statement can neither change data nor take a row lock."""
    return statement.lstrip()[:6].upper() == "SELECT" and not _LOCKING.search(statement)


def _end_reads_with_commit(engine: Engine) -> None:
    from psycopg.pq import TransactionStatus

    dialect = engine.dialect
    rollback, commit = dialect.do_rollback, dialect.do_commit

    @event.listens_for(engine, "before_cursor_execute")
    def _note_writes(connection, cursor, statement, parameters, context, executemany):
        if not only_reads(statement):
            _WROTE.add(connection.connection.dbapi_connection)

    def do_rollback(dbapi_connection) -> None:
        # The pool may hand over its own wrapper; psycopg's connection is inside.
        raw = getattr(dbapi_connection, "dbapi_connection", dbapi_connection)
        clean = (raw not in _WROTE and getattr(getattr(raw, "pgconn", None),
                                               "transaction_status", None)
                 == TransactionStatus.INTRANS)
        _WROTE.discard(raw)
        if clean:
            commit(dbapi_connection)
        else:
            rollback(dbapi_connection)

    def do_commit(dbapi_connection) -> None:
        _WROTE.discard(getattr(dbapi_connection, "dbapi_connection", dbapi_connection))
        commit(dbapi_connection)

    dialect.do_rollback, dialect.do_commit = do_rollback, do_commit


def _close_session(error: BaseException | None) -> None:
    """End the request's session. When the database went away after the answer
    was made (found by `make faulttest`: the connection was cut between the
    view and this), rolling back fails; the connection is then discarded, and
    the answer already made must still go out rather than become a 500."""
    from sqlalchemy.exc import SQLAlchemyError

    from app.extensions import db

    for _attempt in range(2):
        try:
            db.session.remove()
            return
        except SQLAlchemyError as failure:
            logging.getLogger("inflytande.errors").error(
                "Database unavailable while ending a request (%s)", type(failure).__name__)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):  # pragma: no branch
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {int(_sqlite_busy_timeout_ms)}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    # Reads of a 100,000-proposal database mostly hit pages already in memory:
    # memory-mapped reads avoid re-reading them. The page cache (private memory
    # of each connection, one per thread) is 8 MB: with the reads mapped, 32 MB
    # made no page faster and cost a worker ~6 MB more.
    cursor.execute("PRAGMA cache_size = -8000")
    cursor.execute("PRAGMA mmap_size = 268435456")
    cursor.close()


@event.listens_for(Engine, "savepoint")
def _sqlite_begin_before_savepoint(connection, name):  # pragma: no branch
    """On SQLite, open the transaction before a SAVEPOINT that would start it.

    Python's sqlite3 module begins a transaction only before the first write.
    A SAVEPOINT issued before any write therefore starts the transaction
    itself, and its RELEASE commits it: a row written in `begin_nested()`
    would be committed on its own, before the rest of the caller's
    transaction (e.g. a support without its counter), and a crash in between
    would leave them out of step. A BEGIN first makes the savepoint nested, so
    everything commits or rolls back together.
    """
    dbapi_connection = connection.connection.dbapi_connection
    if isinstance(dbapi_connection, sqlite3.Connection) and not dbapi_connection.in_transaction:
        dbapi_connection.execute("BEGIN")


def is_sqlite(engine) -> bool:
    return engine.dialect.name == "sqlite"


_REVISION = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


@cache
def _heads(directory: str) -> frozenset[str]:
    """The revisions no other revision builds on, read from the migration
    files' `revision` and `down_revision` lines. Alembic would do the same
    but costs a web worker ~10 MB to import, for this one answer (the test
    suite compares the two)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted(Path(directory, "versions").glob("*.py")):
        found = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue
        revisions.add(ast.literal_eval(found["revision"].strip()))
        down = ast.literal_eval(found.get("down_revision", "None").strip())
        parents.update(down if isinstance(down, tuple | list) else [down] if down else [])
    return frozenset(revisions - parents)


def current_revisions(connection) -> set[str]:
    """The revisions the database is at, from Alembic's own table (none when
    the table is not there yet)."""
    if not inspect(connection).has_table("alembic_version"):
        return set()
    return set(connection.scalars(text("SELECT version_num FROM alembic_version")))


def migration_heads() -> frozenset[str]:
    """The revisions the code expects the database at; read from disk once per process."""
    return _heads(os.path.normpath(os.path.join(current_app.root_path, "..", "migrations")))
