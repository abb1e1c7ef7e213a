"""Fixtures for the organisation tests (the shared ones are in tests/conftest.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.site.services import update_participation_settings


@pytest.fixture
def rows(app_context):
    """rows(Model, *where): how many rows there are, read afresh."""

    def count(model, *where) -> int:
        db.session.expire_all()
        return db.session.scalar(select(func.count()).select_from(model).where(*where))

    return count


@pytest.fixture
def participation(app_context):
    """participation(threshold=3, counts_organisations=True) saves the settings.

    Unlike the shared fixture, pre-moderation is off by default here, so
    proposals in these tests are public at once.
    """

    def save(premoderation: bool = False, threshold: int = 100, window_days: int = 60,
             counts_organisations: bool = False) -> None:
        update_participation_settings(premoderation, threshold, window_days,
                                      counts_organisations)
        db.session.commit()

    return save
