"""Local development groups (lokala utvecklingsgrupper) and their members.

A group belongs to one local community. Its members are people (each an
administrator or a plain member) and organisations, which belong as such
once one of their administrators has accepted.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Optional

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import TimestampMixin, utcnow
from app.extensions import db

if TYPE_CHECKING:
    from app.accounts.models import User
    from app.communities.models import LocalCommunity
    from app.organisations.models import Organisation

NAME_MAX = 120
TEXT_MAX = 4000


class GroupRole(enum.StrEnum):
    ADMIN = "admin"
    MEMBER = "member"


class OrganisationStatus(enum.StrEnum):
    """An organisation's membership: asked by the group, then answered by the
    organisation's administrator."""

    PENDING = "pending"
    ACCEPTED = "accepted"


class LocalGroup(TimestampMixin, db.Model):
    __tablename__ = "local_group"
    __table_args__ = (Index("ix_local_group_community_archived", "community_id",
                            "archived_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("local_community.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    purpose: Mapped[str] = mapped_column(Text, default="")
    # Public contact: how to reach the group (a meeting place, a time), and
    # an optional shared e-mail address. Never a member's own address.
    contact_text: Mapped[str] = mapped_column(Text, default="")
    contact_email: Mapped[Optional[str]] = mapped_column(String(254))
    archived_at: Mapped[Optional[datetime]]
    created_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    community: Mapped[LocalCommunity] = relationship(lazy="raise")

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def role_of(self, user_id: int) -> str | None:
        """The person's role in the group, or None when not a member
        (read by the permission rules in app/core/permissions.py)."""
        return db.session.scalar(select(GroupMember.role).where(
            GroupMember.group_id == self.id, GroupMember.user_id == user_id))


class GroupMember(db.Model):
    __tablename__ = "group_member"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("local_group.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    role: Mapped[str] = mapped_column(String(10), default=GroupRole.MEMBER)
    # The person's own choice: their name on the group's public page.
    shown_publicly: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    group: Mapped[LocalGroup] = relationship(lazy="raise")
    user: Mapped[User] = relationship(lazy="raise")


class GroupInvitation(db.Model):
    """An e-mailed invitation for a person; the link carries a signed token."""

    __tablename__ = "group_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("local_group.id", ondelete="CASCADE"),
                                          index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(10), default=GroupRole.MEMBER)
    invited_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    # accepted / declined / revoked; None while it waits for an answer.
    outcome: Mapped[Optional[str]] = mapped_column(String(10))
    answered_at: Mapped[Optional[datetime]]

    group: Mapped[LocalGroup] = relationship(lazy="raise")


class GroupOrganisation(db.Model):
    """An organisation as a member of a group: asked for by the group's
    administrator, a member once an administrator of the organisation accepts."""

    __tablename__ = "group_organisation"
    __table_args__ = (UniqueConstraint("group_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("local_group.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=OrganisationStatus.PENDING)
    requested_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    answered_at: Mapped[Optional[datetime]]

    group: Mapped[LocalGroup] = relationship(lazy="raise")
    organisation: Mapped[Organisation] = relationship(lazy="raise")

    @property
    def is_accepted(self) -> bool:
        return self.status == OrganisationStatus.ACCEPTED
