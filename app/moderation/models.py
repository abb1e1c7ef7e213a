"""Reports (anmälningar) of proposals, comments and organisation profiles."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Optional

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import utcnow
from app.extensions import db

if TYPE_CHECKING:
    from app.accounts.models import User


class ReportReason(enum.StrEnum):
    SPAM = "spam"
    OFFENSIVE = "offensive"          # kränkande
    PERSONAL_DATA = "personal_data"  # personuppgifter
    OTHER = "other"                  # annat


class ReportTarget(enum.StrEnum):
    PROPOSAL = "proposal"
    COMMENT = "comment"
    ORGANISATION = "organisation"
    SECTION_COMMENT = "section_comment"  # a comment on a section of a draft in consultation


class Resolution(enum.StrEnum):
    HIDDEN = "hidden"          # a moderator (or the threshold) hid the item
    DISMISSED = "dismissed"    # a moderator found nothing wrong


class Report(db.Model):
    """One person's report of one item; each person reports an item once."""

    __tablename__ = "report"
    __table_args__ = (
        UniqueConstraint("target_type", "target_id", "reporter_id"),
        Index("ix_report_open", "resolved_at", "created_at"),
        Index("ix_report_target", "target_type", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int]
    reporter_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[Optional[datetime]]
    resolution: Mapped[Optional[str]] = mapped_column(String(20))
    resolved_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id], lazy="raise")


class ModerationSummary(db.Model):
    """When moderators were last sent a summary of new reports (one row)."""

    __tablename__ = "moderation_summary"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_sent_at: Mapped[Optional[datetime]]
