"""The migrations build exactly the schema the models describe, and can be
undone and redone."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask, current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app import create_app
from app.config import TestingConfig
from app.extensions import db, limiter


def schema_differences(engine) -> list:
    """What `flask db migrate` would put in a new migration (empty when in sync),
    compared with the same options (type comparison, objects left out) as it uses."""
    options = dict(current_app.extensions["migrate"].configure_args)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=options)
        return compare_metadata(context, db.metadata)


def model_tables() -> set[str]:
    return set(db.metadata.tables)


@pytest.fixture
def fresh_sqlite_app(tmp_path, monkeypatch):
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(tmp_path))
    saved = dict(limiter.__dict__)
    config = {key: getattr(TestingConfig, key) for key in dir(TestingConfig) if key.isupper()}
    config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'fresh.db'}"
    app = create_app(config)
    try:
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()
    finally:
        limiter.__dict__.clear()
        limiter.__dict__.update(saved)


def test_an_empty_sqlite_database_is_upgraded_to_match_the_models(fresh_sqlite_app):
    assert inspect(db.engine).get_table_names() == []

    upgrade()

    assert model_tables() <= set(inspect(db.engine).get_table_names())
    assert schema_differences(db.engine) == []


def test_downgrade_to_base_and_upgrade_again_on_sqlite(fresh_sqlite_app):
    upgrade()

    downgrade(revision="base")

    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert schema_differences(db.engine) == []


def test_the_test_database_built_by_the_migrations_matches_the_models(db):
    """On PostgreSQL (TEST_DATABASE_URL) this checks the PostgreSQL schema."""
    assert schema_differences(db.engine) == []


def test_downgrade_and_upgrade_on_postgresql(app, db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the SQLite round trip is checked on a fresh file above")
    db.session.remove()
    db.engine.dispose()  # no idle connection may hold a lock on the tables to drop
    try:
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    finally:
        upgrade()
    assert schema_differences(db.engine) == []
