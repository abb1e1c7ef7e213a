"""Health checks for the load balancer and the process supervisor.

`/healthz` says only that the process answers; it touches nothing else, so a
database outage does not get every worker restarted. `/readyz` says whether
this instance can serve: the database answers and its schema is at the
migrations' head (an instance started before `flask db upgrade` is not ready).
"""

from __future__ import annotations

import os
from functools import cache

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.core.permissions import Permission, requires
from app.extensions import db
from app.site import bp


@cache
def _migration_heads(directory: str) -> frozenset[str]:
    """The revisions the code expects; read from disk once per process."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", directory)
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def _migrations_directory() -> str:
    return os.path.normpath(os.path.join(current_app.root_path, "..", "migrations"))


@bp.route("/healthz")
@requires(Permission.PUBLIC)
def healthz():
    return jsonify(status="ok")


@bp.route("/readyz")
@requires(Permission.PUBLIC)
def readyz():
    checks: dict[str, str] = {}
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = set(MigrationContext.configure(connection).get_current_heads())
        checks["database"] = "ok"
    except SQLAlchemyError:
        checks["database"] = "unreachable"
        current = None
    if current is not None:
        expected = _migration_heads(_migrations_directory())
        checks["migrations"] = "current" if current == expected else "behind"
    ready = checks.get("database") == "ok" and checks.get("migrations") == "current"
    response = jsonify(status="ready" if ready else "not ready", checks=checks)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response
