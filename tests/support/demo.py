"""`flask demo load` for the tests, run for real once per test process.

Several packages test what the demo municipality contains. Running the
command builds it through the services (notifications, tallies, search
index), which takes seconds; after the first real run in a process, the
rows it wrote are kept and written back directly into the emptied database.
A load into a database that already holds anything always runs the command,
so its "nothing was changed" path and loads beside other data are tested for
real.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from sqlalchemy import insert, select, text

from app.extensions import db


@dataclass(frozen=True)
class Loaded:
    exit_code: int
    output: str


_snapshot: tuple[Loaded, dict[str, list[dict]], list[tuple]] | None = None


def _search_index_rows() -> list[tuple]:
    if db.engine.dialect.name != "sqlite":
        return []  # PostgreSQL's search index is an expression index on the table
    return db.session.execute(text(
        "SELECT rowid, content FROM proposal_fts ORDER BY rowid")).all()


def _take() -> dict[str, list[dict]]:
    return {table.name: [dict(row) for row in db.session.execute(select(table)).mappings()]
            for table in db.metadata.sorted_tables}


def _restore(rows: dict[str, list[dict]], search: list[tuple]) -> None:
    for table in db.metadata.sorted_tables:
        if rows[table.name]:
            db.session.execute(insert(table), rows[table.name])
    for rowid, content in search:
        db.session.execute(text(
            "INSERT INTO proposal_fts (rowid, content) VALUES (:rowid, :content)"),
            {"rowid": rowid, "content": content})
    if db.engine.dialect.name == "postgresql":
        # Rows came with their ids: move each id sequence past them.
        for table in db.metadata.sorted_tables:
            id_column = table.c.get("id")
            if id_column is not None and id_column.autoincrement is not False \
                    and rows[table.name]:
                db.session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table.name}))"))
    db.session.commit()


def load_demo(app: Flask) -> Loaded:
    """Load the demo municipality as `flask --app app demo load` does."""
    global _snapshot
    from tests.conftest import _tables_with_rows

    empty = not _tables_with_rows()
    if empty and _snapshot is not None:
        loaded, rows, search = _snapshot
        _restore(rows, search)
        db.session.expire_all()
        return loaded
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    loaded = Loaded(result.exit_code, result.output)
    db.session.expire_all()
    if empty and result.exit_code == 0:
        _snapshot = (loaded, _take(), _search_index_rows())
    return loaded
