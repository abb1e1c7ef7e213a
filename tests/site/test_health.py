"""/healthz answers while the process lives; /readyz only when the database is
reachable and its schema is at the migrations' head."""

from __future__ import annotations

import os

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


def test_the_heads_read_from_the_files_are_alembic_s():
    """readyz reads the expected revisions from the migration files without
    Alembic (which costs a worker ~10 MB); they must be the ones Alembic finds."""

    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from flask import current_app

    config = Config()
    config.set_main_option("script_location", os.path.join(current_app.root_path, "..",
                                                           "migrations"))
    assert migration_heads() == frozenset(ScriptDirectory.from_config(config).get_heads())


def test_the_production_app_serves_without_alembic_or_icalendar():
    """app/wsgi.py's workers import neither until something needs them."""
    import subprocess
    import sys

    code = ("import sys; import app.wsgi; "
            "print(sorted(m for m in ('alembic', 'flask_migrate', 'icalendar') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True,
                            env={**os.environ, "INFLYTANDE_ENV": "development"})
    assert result.stdout.strip().splitlines()[-1] == "[]"
