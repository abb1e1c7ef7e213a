"""Database connection settings that the ORM cannot express by itself."""

import sqlite3

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

_sqlite_busy_timeout_ms = 5000


def normalise_database_url(url: str) -> str:
    """Accept the common `postgres://` and `postgresql://` forms and use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def configure(app: Flask) -> None:
    global _sqlite_busy_timeout_ms
    _sqlite_busy_timeout_ms = int(app.config.get("SQLITE_BUSY_TIMEOUT_MS", 5000))


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
    # a larger page cache and memory-mapped reads avoid re-reading them.
    cursor.execute("PRAGMA cache_size = -32000")
    cursor.execute("PRAGMA mmap_size = 268435456")
    cursor.close()


def is_sqlite(engine) -> bool:
    return engine.dialect.name == "sqlite"
