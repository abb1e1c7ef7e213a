"""Fixtures shared by every test.

The database is built once per run with the migrations (so they are always
exercised) and emptied after each test. Every request of the test client runs
in a fresh context, like a real request, so nothing cached in `g` leaks from
the test into the app or between requests.
"""

from __future__ import annotations

import contextvars
import os
import tempfile
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, text

from app import create_app
from app.config import TestingConfig
from app.extensions import db as _db
from tests import factories


def _database_url(tmp_dir: str) -> str:
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if url:
        return url
    return f"sqlite:///{os.path.join(tmp_dir, 'test.db')}"


class IsolatedClient(FlaskClient):
    """Runs each request in an empty context, as a separate real request would."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


def _reset_schema(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        engine = _db.engine
        if engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade()
        _db.engine.dispose()


@pytest.fixture(scope="session")
def app():
    with tempfile.TemporaryDirectory() as tmp_dir:
        app = create_app({**{k: getattr(TestingConfig, k) for k in dir(TestingConfig)
                             if k.isupper()},
                          "SQLALCHEMY_DATABASE_URI": _database_url(tmp_dir)})
        app.test_client_class = IsolatedClient
        _reset_schema(app)
        yield app
        with app.app_context():
            _db.engine.dispose()


def _tables_with_rows() -> set[str]:
    """The tables that hold a row, asked in one query: most tests touch a few
    of the fifty-odd tables, and a DELETE per table cost more than the test."""
    tables = _db.metadata.sorted_tables
    query = " UNION ALL ".join(
        f"SELECT {n} WHERE EXISTS (SELECT 1 FROM {table.name})"  # noqa: S608 - model names
        for n, table in enumerate(tables))
    return {tables[n].name for (n,) in _db.session.execute(text(query))}


def _empty_tables() -> None:
    # DELETE rather than TRUNCATE: on PostgreSQL, TRUNCATE of many small tables
    # costs far more than deleting the few rows a test leaves behind.
    _db.session.rollback()
    filled = _tables_with_rows()
    for table in reversed(_db.metadata.sorted_tables):
        if table.name not in filled:
            continue
        if table.name == "audit_entry":
            _empty_audit_log()
        else:
            _db.session.execute(table.delete())
    if _db.engine.dialect.name == "sqlite":
        _db.session.execute(text("DELETE FROM proposal_fts"))
    _db.session.commit()


def _empty_audit_log() -> None:
    """The audit log refuses DELETE by trigger; between tests it is emptied
    around the triggers (TRUNCATE on PostgreSQL, which row triggers ignore)."""
    if _db.session.execute(text("SELECT 1 FROM audit_entry LIMIT 1")).first() is None:
        return
    if _db.engine.dialect.name == "postgresql":
        _db.session.execute(text("TRUNCATE audit_entry"))
        return
    triggers = _db.session.execute(text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
        "AND tbl_name = 'audit_entry'")).all()
    for name, _sql in triggers:
        _db.session.execute(text(f'DROP TRIGGER "{name}"'))
    _db.session.execute(text("DELETE FROM audit_entry"))
    for _name, sql in triggers:
        _db.session.execute(text(sql))


@pytest.fixture(autouse=True)
def app_context(app) -> Iterator[None]:
    with app.app_context():
        yield
        _db.session.remove()
        _empty_tables()
        _db.session.remove()


@pytest.fixture
def db(app_context):
    return _db


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def login_as(client):
    def login(user) -> FlaskClient:
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return client

    return login


@pytest.fixture
def make(app_context):
    """The factories, bound to the test's database session."""
    return factories


@pytest.fixture
def pf(app_context):
    """Theme, proposal, comment, support and follow factories."""
    from tests import proposal_factories

    return proposal_factories


@pytest.fixture
def of(app_context):
    """organisation(admin, ...) and member(org, user, ...) factories."""
    from tests import organisation_factories

    return organisation_factories


@pytest.fixture
def gf(app_context):
    """group(admin, ...), member(group, user, ...), organisation_member(group, org)."""
    from tests import group_factories

    return group_factories


@pytest.fixture
def df(app_context):
    """Dialogue and meeting factories."""
    from tests import dialogue_factories

    return dialogue_factories


@pytest.fixture
def plf(app_context):
    """Plan, commitment, action and link factories."""
    from tests import plan_factories

    return plan_factories


@pytest.fixture
def cf(app_context):
    """Consultation factories: a plan in consultation with a published draft."""
    from tests import consultation_factories

    return consultation_factories


@pytest.fixture
def participation(app_context):
    """Save the participation settings: participation(premoderation=False, threshold=3)."""
    from app.site.services import update_participation_settings

    def save(premoderation: bool = True, threshold: int = 100, window_days: int = 60) -> None:
        update_participation_settings(premoderation, threshold, window_days)
        _db.session.commit()

    return save


@pytest.fixture
def rows(app_context):
    """rows(Model, *where): how many rows there are, read afresh."""
    from sqlalchemy import func, select

    def count(model, *where) -> int:
        _db.session.expire_all()
        return _db.session.scalar(select(func.count()).select_from(model).where(*where))

    return count


@pytest.fixture
def resident(make):
    return make.user("resident")


@pytest.fixture
def official(make):
    return make.user("official")


@pytest.fixture
def moderator(make):
    return make.user("moderator")


@pytest.fixture
def admin(make):
    return make.user("admin")


@pytest.fixture
def outbox(app_context):
    from sqlalchemy import select

    from app.core.mail import OutboxMessage

    def messages(recipient: str | None = None):
        _db.session.expire_all()
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if recipient:
            query = query.where(OutboxMessage.recipient == recipient)
        return list(_db.session.scalars(query))

    return messages


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "PRAGMA")):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app_context):
    """Use as `with count_queries() as counter: ...`; counter.count afterwards."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        counter = QueryCounter()
        event.listen(_db.engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(_db.engine, "before_cursor_execute", counter)

    return counting
