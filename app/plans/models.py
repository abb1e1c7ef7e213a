"""Steering documents (styrdokument): challenges, commitments, actions and their follow-up."""

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
    from app.dialogues.models import Dialogue
    from app.proposals.models import Proposal


class PlanKind(enum.StrEnum):
    STRATEGY = "strategy"            # strategi
    ACTION_PLAN = "action_plan"      # handlingsplan
    SLUS = "slus"                    # social lokal utvecklingsstrategi
    OTHER = "other"                  # annat


class PlanStatus(enum.StrEnum):
    DRAFT = "draft"                  # utkast
    CONSULTATION = "consultation"    # på samråd
    ADOPTED = "adopted"              # antagen
    EXPIRED = "expired"              # upphört


# Statuses reached only by recording the political decision (adoption) and
# by the end of the period; a plan never goes back from them to draft or
# consultation, and its consultation stays frozen.
DECIDED_STATUSES = (PlanStatus.ADOPTED, PlanStatus.EXPIRED)


class ActionStatus(enum.StrEnum):
    PLANNED = "planned"              # planerad
    ONGOING = "ongoing"              # pågår
    DONE = "done"                    # genomförd
    DELAYED = "delayed"              # försenad
    CANCELLED = "cancelled"          # avbruten


action_community = Table(
    "action_community", db.metadata,
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
    Column("community_id", ForeignKey("local_community.id", ondelete="CASCADE"),
           primary_key=True, index=True),
)

action_responsible_user = Table(
    "action_responsible_user", db.metadata,
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class Plan(TimestampMixin, db.Model):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default=PlanKind.ACTION_PLAN)
    # diarienummer, e.g. "KS 2025/88"; importing the same number again is refused.
    registry_number: Mapped[Optional[str]] = mapped_column(String(50), unique=True)
    owner: Mapped[str] = mapped_column(String(200), default="")
    first_year: Mapped[Optional[int]]
    last_year: Mapped[Optional[int]]
    status: Mapped[str] = mapped_column(String(20), default=PlanStatus.DRAFT)
    decision_body: Mapped[Optional[str]] = mapped_column(String(200))
    decision_date: Mapped[Optional[date]]
    decision_paragraph: Mapped[Optional[str]] = mapped_column(String(50))
    # The diarienummer of the decision's case; often the plan's own number.
    decision_registry_number: Mapped[Optional[str]] = mapped_column(String(50))
    decision_text: Mapped[Optional[str]] = mapped_column(Text)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"))
    introduction: Mapped[str] = mapped_column(Text, default="")

    parent: Mapped[Optional[Plan]] = relationship(remote_side=[id], lazy="raise")
    challenges: Mapped[list[Challenge]] = relationship(
        back_populates="plan", lazy="raise", order_by="Challenge.position",
        cascade="all, delete-orphan")


class Challenge(db.Model):
    """A challenge or focus area (utmaning) of a plan."""

    __tablename__ = "challenge"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[Plan] = relationship(back_populates="challenges", lazy="raise")
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="challenge", lazy="raise", order_by="Commitment.position",
        cascade="all, delete-orphan")


class Commitment(db.Model):
    """The quoted strategy text (citat ur strategin) that actions answer to."""

    __tablename__ = "commitment"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenge.id", ondelete="CASCADE"),
                                              index=True)
    position: Mapped[int] = mapped_column(default=0)
    quote: Mapped[str] = mapped_column(Text)

    challenge: Mapped[Challenge] = relationship(back_populates="commitments", lazy="raise")
    actions: Mapped[list[Action]] = relationship(
        back_populates="commitment", lazy="raise", order_by="Action.position",
        cascade="all, delete-orphan")


class Action(TimestampMixin, db.Model):
    """An action (åtgärd) with its responsible, follow-up and progress."""

    __tablename__ = "action"
    __table_args__ = (Index("ix_action_follow_up_year_status", "follow_up_year", "status"),
                      # The statistics count actions completed in a period.
                      Index("ix_action_status_completed", "status", "completed_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"),
                                               index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    responsible: Mapped[str] = mapped_column(String(300), default="")
    follow_up_report: Mapped[str] = mapped_column(String(200), default="")
    follow_up_year: Mapped[Optional[int]]
    status: Mapped[str] = mapped_column(String(20), default=ActionStatus.PLANNED)
    progress: Mapped[int] = mapped_column(default=0)
    starts_on: Mapped[Optional[date]]
    ends_on: Mapped[Optional[date]]
    # When the action last became done (genomförd); None while it is not done.
    completed_at: Mapped[Optional[datetime]]

    commitment: Mapped[Commitment] = relationship(back_populates="actions", lazy="raise")
    communities: Mapped[list[LocalCommunity]] = relationship(secondary=action_community,
                                                             lazy="select")
    responsible_users: Mapped[list[User]] = relationship(secondary=action_responsible_user,
                                                         lazy="select")

    def set_status(self, status: str) -> None:
        """Change the status, keeping the day it became done for the statistics."""
        if status == ActionStatus.DONE:
            if self.status != ActionStatus.DONE or self.completed_at is None:
                self.completed_at = utcnow()
        else:
            self.completed_at = None
        self.status = status


class ActionUpdate(db.Model):
    """A dated entry in an action's timeline, by its responsible or a moderator."""

    __tablename__ = "action_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"),
                                           index=True)
    author_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    progress: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[Optional[User]] = relationship(lazy="raise")


class ProposalActionLink(db.Model):
    """A proposal traced to an action, with the public motivation for the link.

    Unlinking deletes the row and leaves an entry in the proposal's history.
    """

    __tablename__ = "proposal_action_link"
    __table_args__ = (
        UniqueConstraint("proposal_id", "action_id"),
        # The action page lists its proposals newest link first, a page at a time.
        Index("ix_proposal_action_link_action_created", "action_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"))
    motivation: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal: Mapped[Proposal] = relationship(lazy="raise")
    action: Mapped[Action] = relationship(lazy="raise")
    created_by: Mapped[Optional[User]] = relationship(lazy="raise")


class DialogueActionLink(db.Model):
    """An influence dialogue traced to an action, with the public motivation."""

    __tablename__ = "dialogue_action_link"
    __table_args__ = (
        UniqueConstraint("dialogue_id", "action_id"),
        Index("ix_dialogue_action_link_action_created", "action_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogue.id", ondelete="CASCADE"))
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"))
    motivation: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    dialogue: Mapped[Dialogue] = relationship(lazy="raise")
    action: Mapped[Action] = relationship(lazy="raise")
    created_by: Mapped[Optional[User]] = relationship(lazy="raise")
