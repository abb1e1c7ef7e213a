"""Fixtures for the group tests (the shared ones are in tests/conftest.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.audit import AuditEntry
from app.extensions import db


@pytest.fixture
def audit_entries(app_context):
    """The audit log as (action, target_type, target_id, actor_id) tuples."""

    def entries() -> list[tuple]:
        db.session.expire_all()
        return [(e.action, e.target_type, e.target_id, e.actor_id)
                for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]

    return entries
