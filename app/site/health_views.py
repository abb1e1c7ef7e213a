"""Health checks for the load balancer and the process supervisor.

`/healthz` says only that the process answers; it touches nothing else, so a
database outage does not get every worker restarted. `/readyz` says whether
this instance can serve: the database answers and its schema is at the
migrations' head (an instance started before `flask db upgrade` is not ready).
"""

from __future__ import annotations

from flask import jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.core.database import current_revisions, migration_heads
from app.core.permissions import Permission, requires
from app.extensions import db
from app.site import bp


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
            current = current_revisions(connection)
        checks["database"] = "ok"
    except SQLAlchemyError:
        checks["database"] = "unreachable"
        current = None
    if current is not None:
        expected = migration_heads()
        checks["migrations"] = "current" if current == expected else "behind"
    ready = checks.get("database") == "ok" and checks.get("migrations") == "current"
    response = jsonify(status="ready" if ready else "not ready", checks=checks)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response
