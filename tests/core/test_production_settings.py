"""Connection settings that keep the app answering when a service it needs is away."""

from __future__ import annotations

from app.core.backup import _libpq_url_and_env
from app.core.database import engine_options
from tests.support.apps import separate_app


def test_pooled_connections_are_checked_before_use():
    assert engine_options("sqlite:///x.db", {})["pool_pre_ping"] is True
    assert engine_options("sqlite:///x.db", {"pool_pre_ping": False})["pool_pre_ping"] is False


def test_postgresql_gives_up_connecting_after_five_seconds():
    options = engine_options("postgresql+psycopg://u@db/inflytande", {})
    assert options["connect_args"] == {"connect_timeout": 5}
    assert "connect_args" not in engine_options("sqlite:///x.db", {})
    # The URL's own timeout, or the configured one, wins.
    assert "connect_args" not in engine_options(
        "postgresql+psycopg://u@db/inflytande?connect_timeout=2", {})
    assert engine_options("postgresql+psycopg://u@db/i", {"connect_args": {
        "connect_timeout": 1}})["connect_args"] == {"connect_timeout": 1}


def test_a_redis_for_rate_limits_that_does_not_answer_costs_at_most_a_second():
    with separate_app("sqlite://", RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0") as app:
        assert app.config["RATELIMIT_STORAGE_OPTIONS"] == {"socket_connect_timeout": 1,
                                                           "socket_timeout": 1}
        assert app.config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is True
    with separate_app("sqlite://", RATELIMIT_STORAGE_URI="memory://") as app:
        assert not app.config.get("RATELIMIT_STORAGE_OPTIONS")


def test_pg_dump_gets_the_password_in_its_environment_not_its_arguments():
    url = "postgresql+psycopg://inflytande:hemligt%21@db.example:5433/inflytande"
    with separate_app(url) as app, app.app_context():
        libpq_url, env = _libpq_url_and_env()
    assert libpq_url == "postgresql://inflytande@db.example:5433/inflytande"
    assert env["PGPASSWORD"] == "hemligt!"
