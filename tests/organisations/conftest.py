"""Fixtures for the organisation tests: factories, people and helpers."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.core.permissions import Role
from app.extensions import db
from app.site.services import update_participation_settings
from tests import organisation_factories, proposal_factories


@pytest.fixture
def of(app_context):
    """organisation(admin, ...) and member(org, user, ...) factories."""
    return organisation_factories


@pytest.fixture
def pf(app_context):
    """Theme, proposal, comment and support factories."""
    return proposal_factories


@pytest.fixture
def resident(make):
    return make.user(Role.RESIDENT)


@pytest.fixture
def admin(make):
    return make.user(Role.ADMIN)


@pytest.fixture
def rows(app_context):
    """rows(Model, *where): how many rows there are, read afresh."""

    def count(model, *where) -> int:
        db.session.expire_all()
        return db.session.scalar(select(func.count()).select_from(model).where(*where))

    return count


@pytest.fixture
def participation(app_context):
    """participation(threshold=3, counts_organisations=True) saves the settings."""

    def save(premoderation: bool = False, threshold: int = 100, window_days: int = 60,
             counts_organisations: bool = False) -> None:
        update_participation_settings(premoderation, threshold, window_days,
                                      counts_organisations)
        db.session.commit()

    return save


@pytest.fixture(scope="session", autouse=True)
def _close_connections_at_the_end(app):
    """Close pooled connections when the run ends (psycopg warns otherwise)."""
    yield
    with app.app_context():
        db.engine.dispose()
