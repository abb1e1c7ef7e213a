"""Configuration from the environment with safe defaults."""

import os
import stat

import pytest
from flask import Flask
from sqlalchemy import text

from app import create_app
from app.core import database
from app.core.database import normalise_database_url
from app.extensions import db, limiter


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """Each app made here gets its own instance folder, and the shared rate
    limiter is put back as the test app had it (init_app rewrites it)."""
    instance = tmp_path / "instance"
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(instance))
    monkeypatch.setattr(database, "_sqlite_busy_timeout_ms", database._sqlite_busy_timeout_ms)
    monkeypatch.delenv("INFLYTANDE_ENV", raising=False)
    saved = dict(limiter.__dict__)
    yield instance
    limiter.__dict__.clear()
    limiter.__dict__.update(saved)


def sqlite_url(tmp_path, name="app.db") -> str:
    return f"sqlite:///{tmp_path / name}"


@pytest.mark.parametrize("secret", [None, ""])
def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path, secret):
    monkeypatch.setenv("INFLYTANDE_ENV", "production")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SECRET_KEY": secret, "SQLALCHEMY_DATABASE_URI": sqlite_url(tmp_path)})


def test_production_starts_with_a_secret_key_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("INFLYTANDE_ENV", "production")
    app = create_app({"SECRET_KEY": "k" * 64, "SQLALCHEMY_DATABASE_URI": sqlite_url(tmp_path)})
    assert app.config["ENV_NAME"] == "production"
    assert app.config["SECRET_KEY"] == "k" * 64
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert not app.debug and not app.testing


def test_an_unknown_environment_name_is_refused(monkeypatch):
    monkeypatch.setenv("INFLYTANDE_ENV", "staging")
    with pytest.raises(RuntimeError, match="INFLYTANDE_ENV"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_development_generates_a_secret_key_once_and_keeps_it(isolated, tmp_path):
    first = create_app({"SECRET_KEY": None, "SQLALCHEMY_DATABASE_URI": sqlite_url(tmp_path)})
    second = create_app({"SECRET_KEY": None, "SQLALCHEMY_DATABASE_URI": sqlite_url(tmp_path)})

    key_file = isolated / "secret_key"
    assert len(first.config["SECRET_KEY"]) >= 32
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert key_file.read_text().strip() == first.config["SECRET_KEY"]
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600


def test_development_uses_a_sqlite_database_in_the_instance_folder(isolated):
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": None})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{isolated / 'inflytande.db'}"


@pytest.mark.parametrize("given, expected", [
    ("postgres://u:p@db.example:5432/inflytande",
     "postgresql+psycopg://u:p@db.example:5432/inflytande"),
    ("postgresql://u@localhost/inflytande", "postgresql+psycopg://u@localhost/inflytande"),
    ("postgresql+psycopg://u@localhost/x", "postgresql+psycopg://u@localhost/x"),
    ("sqlite:///instance/x.db", "sqlite:///instance/x.db"),
])
def test_database_urls_are_normalised_to_psycopg(given, expected):
    assert normalise_database_url(given) == expected


def test_the_app_normalises_a_postgres_url_it_is_given():
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "postgres://u@h/inflytande"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/inflytande"


def test_sqlite_connections_get_foreign_keys_wal_and_a_busy_timeout(tmp_path):
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": sqlite_url(tmp_path),
                      "SQLITE_BUSY_TIMEOUT_MS": 1234})
    with app.app_context():
        try:
            with db.engine.connect() as connection:
                pragma = {name: connection.execute(text(f"PRAGMA {name}")).scalar()
                          for name in ("foreign_keys", "journal_mode", "busy_timeout")}
        finally:
            db.engine.dispose()
    assert pragma == {"foreign_keys": 1, "journal_mode": "wal", "busy_timeout": 1234}


def test_the_test_database_enforces_foreign_keys(db):
    """The suite's own database refuses a dangling reference, on SQLite as on PostgreSQL."""
    from sqlalchemy.exc import IntegrityError

    from app.site.models import AccessibilityReport

    db.session.add(AccessibilityReport(description="x", reporter_id=999999))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_the_test_config_disables_csrf_and_rate_limits_and_is_cheap_to_hash(app):
    assert app.testing
    assert app.config["WTF_CSRF_ENABLED"] is False
    assert app.config["RATELIMIT_ENABLED"] is False

