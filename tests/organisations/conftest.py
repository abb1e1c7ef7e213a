"""Fixtures for the organisation tests (the shared ones are in tests/conftest.py)."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.site.services import update_participation_settings


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
