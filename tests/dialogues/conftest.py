"""Fixtures for the dialogue tests: factories, people and a few helpers."""

from __future__ import annotations

import pytest

from app.core.permissions import Role
from app.extensions import db
from app.site.services import update_participation_settings
from tests import dialogue_factories, organisation_factories, proposal_factories


@pytest.fixture
def df(app_context):
    """Dialogue and meeting factories."""
    return dialogue_factories


@pytest.fixture
def of(app_context):
    """Organisation and membership factories."""
    return organisation_factories


@pytest.fixture
def pf(app_context):
    """Theme and proposal factories."""
    return proposal_factories


@pytest.fixture
def participation(app_context):
    def save(premoderation: bool = True, threshold: int = 100, window_days: int = 60) -> None:
        update_participation_settings(premoderation, threshold, window_days)
        db.session.commit()

    return save


@pytest.fixture
def resident(make):
    return make.user(Role.RESIDENT)


@pytest.fixture
def official(make):
    return make.user(Role.OFFICIAL)


@pytest.fixture
def moderator(make):
    return make.user(Role.MODERATOR)


@pytest.fixture
def admin(make):
    return make.user(Role.ADMIN)


@pytest.fixture(scope="session", autouse=True)
def _close_connections_at_the_end(app):
    """Close pooled connections when the run ends (psycopg warns otherwise)."""
    yield
    with app.app_context():
        db.engine.dispose()
