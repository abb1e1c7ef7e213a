"""On PostgreSQL a transaction that only read ends with COMMIT, so psycopg
keeps the statements it prepared (it forgets them all at every ROLLBACK) and
PostgreSQL stops planning the pages' queries on every view. Anything that
wrote, locked or failed still rolls back."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import ProgrammingError

from app.communities.models import LocalCommunity
from app.core.database import only_reads
from app.extensions import db


@pytest.mark.parametrize(("statement", "reads"), [
    ("SELECT proposal.id FROM proposal WHERE id = %(id)s", True),
    ("  select 1", True),
    ("SELECT id FROM meeting WHERE id = 1 FOR UPDATE", False),
    ("SELECT id FROM meeting\nFOR NO KEY UPDATE", False),
    ("SELECT id FROM meeting FOR SHARE", False),
    ("INSERT INTO theme (name) VALUES ('x')", False),
    ("UPDATE proposal SET title = 'x'", False),
    ("DELETE FROM proposal", False),
    ("SAVEPOINT sa_savepoint_1", False),
    ("WITH x AS (DELETE FROM theme RETURNING id) SELECT * FROM x", False),
    ("", False),
])
def test_what_counts_as_only_reading(statement, reads):
    assert only_reads(statement) is reads


@pytest.fixture
def postgresql():
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg's prepared statements are PostgreSQL's")


def _prepared() -> set[str]:
    return set(db.session.scalars(text("SELECT statement FROM pg_prepared_statements")))


def test_pages_that_only_read_keep_their_prepared_statements(postgresql, client, make):
    make.community("Norrby", slug="norrby")
    db.session.remove()
    for _ in range(8):
        assert client.get("/lokalsamhallen/norrby").status_code == 200
    kept = _prepared()
    assert any("FROM local_community" in statement for statement in kept), kept


def test_a_write_that_is_not_committed_is_still_rolled_back(postgresql, make):
    db.session.add(LocalCommunity(name="Bortglömd", slug="bortglomd", position=1))
    db.session.flush()
    db.session.rollback()
    assert db.session.scalar(select(LocalCommunity).where(
        LocalCommunity.slug == "bortglomd")) is None


def test_a_row_locked_for_update_is_released_and_nothing_kept(postgresql, make):
    community = make.community("Låst", slug="last")
    db.session.scalar(select(LocalCommunity).where(LocalCommunity.id == community.id)
                      .with_for_update())
    db.session.execute(text("UPDATE local_community SET name = 'Ändrad' WHERE slug = 'last'"))
    db.session.rollback()
    assert db.session.scalar(select(LocalCommunity.name).where(
        LocalCommunity.slug == "last")) == "Låst"


def test_a_failed_statement_rolls_back_and_the_connection_goes_on(postgresql):
    with pytest.raises(ProgrammingError):
        db.session.execute(text("SELECT * FROM no_such_table"))
    db.session.rollback()
    assert db.session.scalar(text("SELECT 1")) == 1
