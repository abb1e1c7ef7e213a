"""/healthz answers while the process lives; /readyz only when the database is
reachable and its schema is at the migrations' head."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from app.core.database import migration_heads
from app.extensions import db


def test_healthz_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


@pytest.fixture
def stamped():
    """Set the database's recorded revision for one test, then put back the real one
    (the test database is built by running the migrations)."""
    real = db.session.scalar(db.text("SELECT version_num FROM alembic_version"))

    def stamp(revision: str) -> None:
        db.session.execute(db.text("UPDATE alembic_version SET version_num = :v"),
                           {"v": revision})
        db.session.commit()

    yield stamp
    stamp(real)


def _head() -> str:
    [head] = migration_heads()
    return head


def test_readyz_is_ready_when_the_schema_is_current(client):
    assert db.session.scalar(db.text("SELECT version_num FROM alembic_version")) == _head()
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready",
                                   "checks": {"database": "ok", "migrations": "current"}}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_not_ready_before_the_migrations_ran(client, stamped):
    stamped("0001_foundation")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "not ready",
                                   "checks": {"database": "ok", "migrations": "behind"}}


def test_readyz_is_not_ready_without_the_database(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(type(db.engine), "connect", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "not ready", "checks": {"database": "unreachable"}}
