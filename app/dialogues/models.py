"""Influence dialogues (inflytandedialoger), their meetings and registrations."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Optional

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import TimestampMixin, utcnow
from app.extensions import db

if TYPE_CHECKING:
    from app.accounts.models import User
    from app.communities.models import LocalCommunity
    from app.organisations.models import Organisation


class DialogueStatus(enum.StrEnum):
    PLANNED = "planned"              # planerad
    OPEN = "open"                    # öppen
    CLOSED = "closed"                # stängd
    FEEDBACK_PUBLISHED = "feedback_published"  # återkopplad


class ParticipationLevel(enum.StrEnum):
    """SKR's participation ladder (delaktighetstrappan)."""

    INFORMATION = "information"
    CONSULTATION = "consultation"    # konsultation
    DIALOGUE = "dialogue"            # dialog
    INFLUENCE = "influence"          # inflytande
    CODETERMINATION = "codetermination"  # medbestämmande


class TargetGroup(enum.StrEnum):
    RESIDENTS = "residents"          # invånare
    ENTREPRENEURS = "entrepreneurs"  # företagare
    ASSOCIATIONS = "associations"    # föreningar
    YOUNG = "young"                  # unga
    SENIORS = "seniors"              # äldre
    VISITORS = "visitors"            # besökare


class RegistrationStatus(enum.StrEnum):
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


dialogue_partner = Table(
    "dialogue_partner", db.metadata,
    Column("dialogue_id", ForeignKey("dialogue.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"),
           primary_key=True, index=True),
)

dialogue_responsible = Table(
    "dialogue_responsible", db.metadata,
    Column("dialogue_id", ForeignKey("dialogue.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)

dialogue_target_group = Table(
    "dialogue_target_group", db.metadata,
    Column("dialogue_id", ForeignKey("dialogue.id", ondelete="CASCADE"), primary_key=True),
    Column("target_group", String(20), primary_key=True, index=True),
)

meeting_organisation_present = Table(
    "meeting_organisation_present", db.metadata,
    Column("meeting_id", ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"),
           primary_key=True),
)


class Dialogue(TimestampMixin, db.Model):
    __tablename__ = "dialogue"
    __table_args__ = (Index("ix_dialogue_status_community", "status", "community_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(150))
    question: Mapped[str] = mapped_column(Text)
    influence_scope: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    community_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("local_community.id", ondelete="RESTRICT"), index=True)
    participation_level: Mapped[str] = mapped_column(String(20))
    organising_unit: Mapped[str] = mapped_column(String(200), default="")
    proposals_from: Mapped[Optional[date]]
    proposals_until: Mapped[Optional[date]]
    status: Mapped[str] = mapped_column(String(20), default=DialogueStatus.PLANNED)
    feedback_heard: Mapped[Optional[str]] = mapped_column(Text)
    feedback_next: Mapped[Optional[str]] = mapped_column(Text)
    feedback_published_at: Mapped[Optional[datetime]]
    created_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    community: Mapped[Optional[LocalCommunity]] = relationship(lazy="raise")
    partners: Mapped[list[Organisation]] = relationship(secondary=dialogue_partner,
                                                        lazy="select")
    responsible: Mapped[list[User]] = relationship(secondary=dialogue_responsible,
                                                   lazy="select")
    meetings: Mapped[list[Meeting]] = relationship(back_populates="dialogue", lazy="raise",
                                                   order_by="Meeting.starts_at")

    @property
    def is_open(self) -> bool:
        return self.status == DialogueStatus.OPEN


class DialogueTargetGroup(db.Model):
    __table__ = dialogue_target_group


class Meeting(TimestampMixin, db.Model):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogue.id", ondelete="CASCADE"),
                                             index=True)
    title: Mapped[str] = mapped_column(String(150))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    step_free: Mapped[bool] = mapped_column(default=False)
    hearing_loop: Mapped[bool] = mapped_column(default=False)
    accessibility_info: Mapped[str] = mapped_column(Text, default="")
    online_url: Mapped[Optional[str]] = mapped_column(String(500))
    capacity: Mapped[int]
    registration_deadline: Mapped[Optional[datetime]]
    description: Mapped[str] = mapped_column(Text, default="")
    cancelled_at: Mapped[Optional[datetime]]
    registered_count: Mapped[int] = mapped_column(default=0)
    waitlist_count: Mapped[int] = mapped_column(default=0)
    attendees: Mapped[Optional[int]]
    summary: Mapped[Optional[str]] = mapped_column(Text)

    dialogue: Mapped[Dialogue] = relationship(back_populates="meetings", lazy="raise")
    organisations_present: Mapped[list[Organisation]] = relationship(
        secondary=meeting_organisation_present, lazy="select")

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.registered_count, 0)


class Registration(db.Model):
    """A person's anmälan, for themself or on behalf of an organisation."""

    __tablename__ = "registration"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),
                      Index("ix_registration_meeting_status", "meeting_id", "status",
                            "created_at"),
                      # The statistics: registrations made in a period.
                      Index("ix_registration_created", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    organisation_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20))
    # Needs are seen by the organisers only.
    needs_interpreter: Mapped[Optional[str]] = mapped_column(String(100))
    allergies: Mapped[Optional[str]] = mapped_column(String(300))
    accessibility_needs: Mapped[Optional[str]] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the place was given (at once, or when promoted from the waiting list).
    confirmed_at: Mapped[Optional[datetime]]
    cancelled_at: Mapped[Optional[datetime]]
    reminder_sent_at: Mapped[Optional[datetime]]

    meeting: Mapped[Meeting] = relationship(lazy="raise")
    user: Mapped[User] = relationship(lazy="raise")
    organisation: Mapped[Optional[Organisation]] = relationship(lazy="raise")
