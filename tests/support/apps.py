"""A second app, next to the test session's, on a database of the test's choosing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask

from app import create_app
from app.config import TestingConfig
from app.extensions import db, limiter


@contextmanager
def separate_app(database_url: str, *, upgrade: bool = False,
                 **settings: Any) -> Iterator[Flask]:
    """`with separate_app(url, RATELIMIT_ENABLED=True) as app: ...`

    The testing settings with the given ones over them. The limiter is one shared
    extension that init_app rewrites, so it is put back as the session's app had it.
    """
    saved = dict(limiter.__dict__)
    config = {key: getattr(TestingConfig, key) for key in dir(TestingConfig) if key.isupper()}
    config.update(settings, SQLALCHEMY_DATABASE_URI=database_url)
    try:
        app = create_app(config)
        if upgrade:
            from flask_migrate import upgrade as run_migrations

            with app.app_context():
                run_migrations()
        yield app
    finally:
        if "app" in locals():
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
        limiter.__dict__.clear()
        limiter.__dict__.update(saved)
