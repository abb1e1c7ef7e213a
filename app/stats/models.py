"""The shared snapshot of the statistics of the usual periods (see snapshot.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

KEY_LENGTH = 40


class StatsSnapshot(db.Model):
    """The figures of one period as counted at `computed_at`, as JSON.

    One row per period that `flask stats refresh` keeps counted: the key
    names the period (its days, and the year when chosen as one), so the
    page finds the row of the period asked for in one lookup.
    """

    __tablename__ = "stats_snapshot"

    key: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    first_day: Mapped[date]
    last_day: Mapped[date]
    year: Mapped[Optional[int]]
    computed_at: Mapped[datetime]
    figures: Mapped[str] = mapped_column(Text)
