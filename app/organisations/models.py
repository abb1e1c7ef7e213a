"""Businesses, associations and other organisations, and their members."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Optional

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import HideableMixin, TimestampMixin, utcnow
from app.extensions import db

if TYPE_CHECKING:
    from app.accounts.models import User
    from app.communities.models import LocalCommunity, Theme


class OrganisationKind(enum.StrEnum):
    COMPANY = "company"          # företag
    ASSOCIATION = "association"  # förening
    OTHER = "other"              # annan organisation


class VerificationStatus(enum.StrEnum):
    UNVERIFIED = "unverified"    # ej verifierad
    VERIFIED = "verified"
    REFUSED = "refused"


class MemberRole(enum.StrEnum):
    ADMIN = "admin"
    MEMBER = "member"


organisation_community = Table(
    "organisation_community", db.metadata,
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"),
           primary_key=True),
    Column("community_id", ForeignKey("local_community.id", ondelete="CASCADE"),
           primary_key=True, index=True),
)

organisation_theme = Table(
    "organisation_theme", db.metadata,
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"),
           primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class Organisation(HideableMixin, TimestampMixin, db.Model):
    __tablename__ = "organisation"
    __table_args__ = (Index("ix_organisation_status_kind", "status", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    # NNNNNN-NNNN, unique when given; informal associations may have none.
    org_number: Mapped[Optional[str]] = mapped_column(String(11), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    role_text: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[Optional[str]] = mapped_column(String(300))
    contact_email: Mapped[Optional[str]] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(20), default=VerificationStatus.UNVERIFIED)
    status_reason: Mapped[Optional[str]] = mapped_column(Text)
    reviewed_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    reviewed_at: Mapped[Optional[datetime]]
    created_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    communities: Mapped[list[LocalCommunity]] = relationship(
        secondary=organisation_community, lazy="select", order_by="LocalCommunity.position")
    themes: Mapped[list[Theme]] = relationship(secondary=organisation_theme, lazy="select",
                                               order_by="Theme.position")
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", lazy="raise", cascade="all, delete-orphan")
    reviewed_by: Mapped[Optional[User]] = relationship(foreign_keys=[reviewed_by_id],
                                                       lazy="raise")
    created_by: Mapped[Optional[User]] = relationship(foreign_keys=[created_by_id],
                                                      lazy="raise")

    @property
    def is_verified(self) -> bool:
        return self.status == VerificationStatus.VERIFIED


class Membership(db.Model):
    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    role: Mapped[str] = mapped_column(String(10), default=MemberRole.MEMBER)
    shown_publicly: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="memberships",
                                                      lazy="raise")
    user: Mapped[User] = relationship(lazy="raise")


class Invitation(db.Model):
    """An e-mailed invitation to join; the link carries a signed token."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(10), default=MemberRole.MEMBER)
    invited_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    # accepted / declined / revoked; None while it waits for an answer.
    outcome: Mapped[Optional[str]] = mapped_column(String(10))
    answered_at: Mapped[Optional[datetime]]

    organisation: Mapped[Organisation] = relationship(lazy="raise")
