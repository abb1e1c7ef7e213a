"""Fixtures for the proposal tests: factories, settings and a few helpers."""

from __future__ import annotations

import pytest

from app.core.permissions import Role
from app.extensions import db
from app.site.services import update_participation_settings
from tests import proposal_factories


@pytest.fixture
def pf(app_context):
    """Theme, proposal, comment and support factories."""
    return proposal_factories


@pytest.fixture
def participation(app_context):
    """Save the participation settings: participation(premoderation=False, threshold=3)."""

    def save(premoderation: bool = True, threshold: int = 100, window_days: int = 60) -> None:
        update_participation_settings(premoderation, threshold, window_days)
        db.session.commit()

    return save


@pytest.fixture
def resident(make):
    return make.user(Role.RESIDENT)


@pytest.fixture
def moderator(make):
    return make.user(Role.MODERATOR)


@pytest.fixture
def admin(make):
    return make.user(Role.ADMIN)


@pytest.fixture(scope="session", autouse=True)
def _close_connections_at_the_end(app):
    """Close the pooled connections when the run ends.

    Otherwise psycopg warns about connections deleted while open, which the
    suite's `filterwarnings = error` turns into a failed run on PostgreSQL.
    """
    yield
    with app.app_context():
        db.engine.dispose()
