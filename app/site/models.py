"""Municipality settings and accessibility problem reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column

from app.core.models import TimestampMixin, utcnow
from app.extensions import db


class MunicipalitySettings(TimestampMixin, db.Model):
    """One row: what the admin says about the municipality and its platform."""

    __tablename__ = "municipality_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    introduction: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(Text, default="")
    privacy_policy: Mapped[str] = mapped_column(Text, default="")
    accessibility_statement: Mapped[str] = mapped_column(Text, default="")
    # Proposals: wait for a moderator before publishing, and the support
    # threshold that sends a proposal to consideration within a window.
    premoderation: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    support_threshold: Mapped[int] = mapped_column(default=100, server_default="100")
    support_window_days: Mapped[int] = mapped_column(default=60, server_default="60")
    # Reports from this many different people hide an item until a moderator looks.
    report_threshold: Mapped[int] = mapped_column(default=3, server_default="3")
    # Whether organisations' supports count toward the threshold (residents only
    # by default).
    threshold_counts_organisations: Mapped[bool] = mapped_column(
        default=False, server_default=sa_false())
    # The response deadline (svarstid): days the municipality takes to answer,
    # counted from publication ("published") or from reaching the support
    # threshold ("threshold").
    answer_days: Mapped[int] = mapped_column(default=90, server_default="90")
    answer_clock_basis: Mapped[str] = mapped_column(String(20), default="published",
                                                    server_default="published")


class AccessibilityReport(db.Model):
    """A problem someone met using the platform, sent from the statement page."""

    __tablename__ = "accessibility_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    page_url: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
