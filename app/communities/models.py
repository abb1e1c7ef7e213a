"""Local communities (lokalsamhällen) and themes: where and what people take part in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import TimestampMixin
from app.extensions import db


class LocalCommunity(TimestampMixin, db.Model):
    __tablename__ = "local_community"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0, index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("local_community.id", ondelete="SET NULL"))
    archived_at: Mapped[datetime | None]

    parent: Mapped[LocalCommunity | None] = relationship(
        remote_side=[id], back_populates="children", lazy="joined")
    children: Mapped[list[LocalCommunity]] = relationship(
        back_populates="parent", order_by="LocalCommunity.position")

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def __repr__(self) -> str:
        return f"<LocalCommunity {self.slug}>"


class Theme(TimestampMixin, db.Model):
    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    archived_at: Mapped[datetime | None]
