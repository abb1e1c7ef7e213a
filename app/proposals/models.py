"""Proposals (förslag), their supports, comments, followers and history."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Optional

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.communities.models import Theme
from app.core.models import HideableMixin, TimestampMixin, only_on, utcnow
from app.extensions import db

if TYPE_CHECKING:
    from app.accounts.models import User
    from app.communities.models import LocalCommunity
    from app.dialogues.models import Dialogue, Meeting
    from app.groups.models import LocalGroup
    from app.organisations.models import Organisation


class ProposalStatus(enum.StrEnum):
    SUBMITTED = "submitted"            # inkommet
    PUBLISHED = "published"            # publicerat
    UNDER_CONSIDERATION = "under_consideration"  # under beredning
    ANSWERED = "answered"              # besvarat
    IMPLEMENTED = "implemented"        # genomfört
    WITHDRAWN = "withdrawn"            # tillbakadraget
    HIDDEN = "hidden"                  # dolt


class Decision(enum.StrEnum):
    ACCEPTED = "accepted"              # bifall
    PARTLY_ACCEPTED = "partly_accepted"  # delvis bifall
    REJECTED = "rejected"              # avslag
    ALREADY_UNDER_WAY = "already_under_way"  # pågår redan


PUBLIC_STATUSES = (
    ProposalStatus.PUBLISHED, ProposalStatus.UNDER_CONSIDERATION, ProposalStatus.ANSWERED,
    ProposalStatus.IMPLEMENTED, ProposalStatus.WITHDRAWN,
)
SUPPORT_OPEN_STATUSES = (ProposalStatus.PUBLISHED, ProposalStatus.UNDER_CONSIDERATION)
# Public and not yet answered: the response deadline runs for these.
AWAITING_ANSWER_STATUSES = (ProposalStatus.PUBLISHED, ProposalStatus.UNDER_CONSIDERATION)
UNIT_MAX = 120


class ReferenceCounter(db.Model):
    """The last reference number handed out per year.

    Incrementing the row takes a row lock, so concurrent submissions get
    different numbers; a rolled-back submission may leave a gap, which is fine.
    """

    __tablename__ = "reference_counter"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_value: Mapped[int] = mapped_column(default=0)


class Proposal(TimestampMixin, db.Model):
    __tablename__ = "proposal"
    # One index per sort (read newest-first and stopped after a page) and per
    # filter combination the list offers.
    __table_args__ = (
        Index("ix_proposal_published_at", "published_at"),
        Index("ix_proposal_support_count", "support_count"),
        Index("ix_proposal_comment_count", "comment_count"),
        Index("ix_proposal_answered_at", "answered_at"),
        Index("ix_proposal_status_published", "status", "published_at"),
        Index("ix_proposal_status_supports", "status", "support_count"),
        Index("ix_proposal_community_status", "community_id", "status"),
        Index("ix_proposal_community_published", "community_id", "published_at"),
        Index("ix_proposal_theme_status", "theme_id", "status"),
        Index("ix_proposal_theme_published", "theme_id", "published_at"),
        # The overdue list: open proposals past their deadline, oldest first.
        Index("ix_proposal_status_due", "status", "answer_due_at"),
        # The answer statistics read only this index: answered in a period,
        # grouped by community, with the clock start and deadline of each.
        Index("ix_proposal_answer_stats", "status", "answered_at", "community_id",
              "answer_clock_started_at", "answer_due_at"),
        # The public statistics read proposals sent in during a period, and who
        # sent them, from this index alone.
        Index("ix_proposal_created_stats", "created_at", "community_id", "status", "author_id",
              "organisation_id"),
        # Supports and comments name only their proposal: the statistics find
        # its community here without reading the proposal row.
        Index("ix_proposal_id_community", "id", "community_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    # None means the whole municipality (hela kommunen).
    community_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("local_community.id", ondelete="RESTRICT"))
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="RESTRICT"))
    author_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    # Set when the author acted on behalf of a verified organisation.
    organisation_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True)
    # A local development group the author sent the proposal together with
    # (its co-author); the author was a member when sending it.
    group_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("local_group.id", ondelete="SET NULL"), index=True)
    # Proposals raised within an influence dialogue, and those a moderator
    # recorded from a meeting (said aloud or written on paper there).
    dialogue_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("dialogue.id", ondelete="SET NULL"), index=True)
    source_meeting_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(30), default=ProposalStatus.SUBMITTED)
    decision: Mapped[Optional[str]] = mapped_column(String(30))
    answer: Mapped[Optional[str]] = mapped_column(Text)
    answered_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    answered_at: Mapped[Optional[datetime]]
    # Who answered, as they were then: their role and the unit the proposal
    # was assigned to, so the answer reads the same after a role change.
    answered_by_role: Mapped[Optional[str]] = mapped_column(String(20))
    answer_unit: Mapped[Optional[str]] = mapped_column(String(UNIT_MAX))
    # Case handling: the official and/or unit preparing the answer.
    assigned_to_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    assigned_unit: Mapped[Optional[str]] = mapped_column(String(UNIT_MAX))
    # The response deadline: the clock starts at publication or when the
    # support threshold is reached (a municipality setting); the deadline is
    # stored so lists can filter and sort on it (see app/proposals/casework.py).
    answer_clock_started_at: Mapped[Optional[datetime]]
    answer_due_at: Mapped[Optional[datetime]]
    moderation_reason: Mapped[Optional[str]] = mapped_column(Text)
    published_at: Mapped[Optional[datetime]]
    support_window_ends_at: Mapped[Optional[datetime]]
    threshold_reached_at: Mapped[Optional[datetime]]
    support_count: Mapped[int] = mapped_column(default=0)
    organisation_support_count: Mapped[int] = mapped_column(default=0, server_default="0")
    comment_count: Mapped[int] = mapped_column(default=0)
    follower_count: Mapped[int] = mapped_column(default=0)
    # Sent with the form, so a double-clicked submit creates one proposal.
    submission_key: Mapped[Optional[str]] = mapped_column(String(64), unique=True)

    community: Mapped[Optional[LocalCommunity]] = relationship(lazy="raise")
    theme: Mapped[Theme] = relationship(lazy="raise")
    author: Mapped[Optional[User]] = relationship(foreign_keys=[author_id], lazy="raise")
    organisation: Mapped[Optional[Organisation]] = relationship(lazy="raise")
    group: Mapped[Optional[LocalGroup]] = relationship(lazy="raise")
    dialogue: Mapped[Optional[Dialogue]] = relationship(lazy="raise")
    source_meeting: Mapped[Optional[Meeting]] = relationship(lazy="raise")
    answered_by: Mapped[Optional[User]] = relationship(foreign_keys=[answered_by_id],
                                                       lazy="raise")
    assigned_to: Mapped[Optional[User]] = relationship(foreign_keys=[assigned_to_id],
                                                       lazy="raise")

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def support_open(self) -> bool:
        return self.status in SUPPORT_OPEN_STATUSES

    @property
    def awaits_answer(self) -> bool:
        return self.status in AWAITING_ANSWER_STATUSES

    def is_overdue(self, now: datetime) -> bool:
        return (self.awaits_answer and self.answer_due_at is not None
                and self.answer_due_at < now)


def _list_order_indexes() -> None:
    """The public lists' orders (`published_at DESC NULLS LAST, id DESC`, the
    answered sort likewise), for PostgreSQL to read a page straight off an
    index; see migration 0017_list_order_indexes. SQLite refuses NULLS LAST in
    an index and needs none: its plain indexes read backwards give this order."""
    newest = (Proposal.published_at.desc().nulls_last(), Proposal.id.desc())
    only_on("postgresql", Index("ix_proposal_list_newest", *newest))
    only_on("postgresql", Index("ix_proposal_community_newest", Proposal.community_id, *newest))
    only_on("postgresql", Index("ix_proposal_status_newest", Proposal.status, *newest))
    only_on("postgresql", Index("ix_proposal_theme_newest", Proposal.theme_id, *newest))
    only_on("postgresql", Index("ix_proposal_list_answered",
                                Proposal.answered_at.desc().nulls_last(), Proposal.id.desc()))

_list_order_indexes()


class HistoryEvent(enum.StrEnum):
    STATUS = "status"        # the status changed (from_status → to_status)
    LINKED = "linked"        # linked to an action; reason holds the motivation
    UNLINKED = "unlinked"    # a link to an action was removed; reason says why
    ASSIGNED = "assigned"    # given to an official and/or unit (assignee_id, reason = unit)
    UNASSIGNED = "unassigned"  # the assignment was removed


class ProposalHistory(db.Model):
    """One row per status change or action link: who, when, what and why.

    Link events keep the status the proposal had (from_status == to_status).
    """

    __tablename__ = "proposal_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"),
                                             index=True)
    actor_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    from_status: Mapped[Optional[str]] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    decision: Mapped[Optional[str]] = mapped_column(String(30))
    reason: Mapped[Optional[str]] = mapped_column(Text)
    event: Mapped[str] = mapped_column(String(20), default=HistoryEvent.STATUS,
                                       server_default=HistoryEvent.STATUS.value)
    # The action of a link event; the text is kept so the entry reads the
    # same after the action itself is deleted.
    action_id: Mapped[Optional[int]] = mapped_column(ForeignKey("action.id", ondelete="SET NULL"))
    action_text: Mapped[Optional[str]] = mapped_column(Text)
    # The official of an assignment event (shown to staff only).
    assignee_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[Optional[User]] = relationship(foreign_keys=[actor_id], lazy="raise")
    assignee: Mapped[Optional[User]] = relationship(foreign_keys=[assignee_id], lazy="raise")


class _UserMark:
    """A user's one-per-proposal mark: a support or a follow."""

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Support(_UserMark, db.Model):
    __tablename__ = "support"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),
                      # The statistics: supports given in a period, and by whom.
                      Index("ix_support_created_stats", "created_at", "proposal_id", "user_id"))


class OrganisationSupport(db.Model):
    """An organisation's support, separate from its members' own supports."""

    __tablename__ = "organisation_support"
    __table_args__ = (UniqueConstraint("proposal_id", "organisation_id"),
                      Index("ix_organisation_support_created", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Follow(_UserMark, db.Model):
    __tablename__ = "follow"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)


class Comment(HideableMixin, db.Model):
    __tablename__ = "comment"
    # A proposal's comments in the page's order (oldest first, id for equal
    # times), so a page of them is read off the index without a sort.
    __table_args__ = (Index("ix_comment_thread_order", "proposal_id", "parent_id",
                            "created_at", "id"),
                      # The statistics: comments written in a period, and by whom.
                      Index("ix_comment_created_stats", "created_at", "proposal_id",
                            "author_id", "organisation_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    author_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True)
    # One level of replies: a reply's parent is always a top-level comment.
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("comment.id",
                                                                ondelete="CASCADE"),
                                                     index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[Optional[datetime]]
    deleted_at: Mapped[Optional[datetime]]
    submission_key: Mapped[Optional[str]] = mapped_column(String(64), unique=True)

    author: Mapped[Optional[User]] = relationship(lazy="raise")
    organisation: Mapped[Optional[Organisation]] = relationship(lazy="raise")
    replies: Mapped[list[Comment]] = relationship(
        order_by="Comment.created_at", lazy="raise", back_populates="parent")
    parent: Mapped[Optional[Comment]] = relationship(
        remote_side=[id], back_populates="replies", lazy="raise")

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class ProposalNote(db.Model):
    """An internal note on a proposal: seen only by moderators, officials and
    admins, never on public pages. Notes are part of the case record, so they
    are neither edited nor deleted."""

    __tablename__ = "proposal_note"
    __table_args__ = (Index("ix_proposal_note_proposal_created", "proposal_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    author_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Sent with the form, so a double-clicked button adds one note.
    submission_key: Mapped[Optional[str]] = mapped_column(String(64), unique=True)

    author: Mapped[Optional[User]] = relationship(lazy="raise")
