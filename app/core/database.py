"""Database connection settings that the ORM cannot express by itself."""

import ast
import logging
import os
import re
import sqlite3
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
