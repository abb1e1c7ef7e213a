"""A plan's consultation: its period, draft versions and what participants send in.

How the parts fit:

- `Consultation`: one per plan; the period (first and last day, both in
  the municipality's time zone and inclusive).
- `DraftVersion`: numbered 1, 2, 3 … per consultation. A version is written
  while it is a draft and frozen once published; a revision is a new draft
  version, copied from the latest one, then published.
- `DraftSection`: a section of one version, either the text for one of the
  plan's challenges (focus areas) or a free section (vision, principles …).
  `lineage` is the same for "the same section" in every version, so that
  versions can be compared and comments followed from one version to the
  next.
- `SectionComment` and `SectionProposal` point at the section of the
  version that was current when they were made. `ConsultationResponse` is an
  organisation's response to the whole draft.

Authors: a person (`author_id`) and, when they acted for one, the
organisation (`organisation_id`) or the local development group
(`group_id`); never both.

Handling the input (`InputHandling`): after the consultation, moderators
record for each section comment and each consultation response whether it
was incorporated, partly, not, or noted, with a motivation and optionally
the section of a later version where it was used. `ConsultationReport`
marks the consultation report (samrådsredogörelse), generated from that
handling, as published.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Optional

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import HideableMixin, TimestampMixin, utcnow
from app.extensions import db

if TYPE_CHECKING:
    from app.accounts.models import User
    from app.groups.models import LocalGroup
    from app.organisations.models import Organisation
    from app.plans.models import Challenge, Plan
    from app.proposals.models import Proposal

TITLE_MAX = 300
SECTION_TEXT_MAX = 20_000
NOTE_MAX = 2_000
COMMENT_MAX = 5_000
RESPONSE_MAX = 50_000
MOTIVATION_MAX = 1_000


class VersionStatus(enum.StrEnum):
    DRAFT = "draft"            # being written, seen by moderators only
    PUBLISHED = "published"    # frozen


class SectionKind(enum.StrEnum):
    CHALLENGE = "challenge"    # the text for one of the plan's challenges
    FREE = "free"              # vision, principles …: a title of its own


class Consultation(TimestampMixin, db.Model):
    __tablename__ = "consultation"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"),
                                         unique=True)
    starts_on: Mapped[Optional[date]]
    ends_on: Mapped[Optional[date]]

    plan: Mapped[Plan] = relationship(lazy="raise")


class DraftVersion(db.Model):
    __tablename__ = "draft_version"
    __table_args__ = (UniqueConstraint("consultation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default=VersionStatus.DRAFT)
    # What changed since the version before, in a sentence or two (public).
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    published_at: Mapped[Optional[datetime]]
    published_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    # Set on the version that was the newest published one when the plan was
    # adopted: the adopted text (app/adoption).
    adopted_at: Mapped[Optional[datetime]]

    consultation: Mapped[Consultation] = relationship(lazy="raise")
    sections: Mapped[list[DraftSection]] = relationship(
        back_populates="version", lazy="raise", order_by="DraftSection.position",
        cascade="all, delete-orphan")

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class DraftSection(db.Model):
    __tablename__ = "draft_section"
    __table_args__ = (
        UniqueConstraint("version_id", "lineage"),
        Index("ix_draft_section_version_position", "version_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("draft_version.id", ondelete="CASCADE"))
    # The same value for the same section in every version of the draft.
    lineage: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(20), default=SectionKind.FREE)
    # The challenge a challenge section is about; the title is kept as it was
    # when the version was published, whatever happens to the challenge later.
    challenge_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("challenge.id", ondelete="SET NULL"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text, default="")

    version: Mapped[DraftVersion] = relationship(back_populates="sections", lazy="raise")
    challenge: Mapped[Optional[Challenge]] = relationship(lazy="raise")


class SectionComment(HideableMixin, db.Model):
    """A comment on one section. Part of the consultation record: the author
    cannot take it back; moderators can hide it (it is reportable)."""

    __tablename__ = "section_comment"
    __table_args__ = (Index("ix_section_comment_section_created", "section_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("draft_section.id", ondelete="CASCADE"))
    author_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True)
    # Set when the author commented for a local development group they belong to.
    group_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("local_group.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Sent with the form, so a double-clicked button adds one comment.
    submission_key: Mapped[Optional[str]] = mapped_column(String(64), unique=True)

    section: Mapped[DraftSection] = relationship(lazy="raise")
    author: Mapped[Optional[User]] = relationship(lazy="raise")
    organisation: Mapped[Optional[Organisation]] = relationship(lazy="raise")
    group: Mapped[Optional[LocalGroup]] = relationship(lazy="raise")

    # Moderation treats every reportable item alike; these comments are never deleted.
    is_deleted = False


class ConsultationResponse(TimestampMixin, db.Model):
    """An organisation's or a local development group's consultation response
    (samrådsyttrande) on the whole draft.

    One per organisation (or group) and consultation, editable by its members
    until the period ends. The service requires exactly one of
    `organisation_id` and `group_id`; both are nullable so that the response
    stays in the record when its sender is deleted.
    """

    __tablename__ = "consultation_response"
    __table_args__ = (UniqueConstraint("consultation_id", "organisation_id"),
                      # Named by its first column: the one above has consultation_id's name.
                      UniqueConstraint("group_id", "consultation_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True)
    group_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("local_group.id", ondelete="SET NULL"))
    # Who wrote it first and who saved it last.
    author_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    edited_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    # The published version the response was written against (last saved).
    version_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("draft_version.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)

    consultation: Mapped[Consultation] = relationship(lazy="raise")
    organisation: Mapped[Optional[Organisation]] = relationship(lazy="raise")
    group: Mapped[Optional[LocalGroup]] = relationship(lazy="raise")
    author: Mapped[Optional[User]] = relationship(foreign_keys=[author_id], lazy="raise")
    version: Mapped[Optional[DraftVersion]] = relationship(lazy="raise")


class SectionProposal(db.Model):
    """A proposal sent in about one section during the consultation."""

    __tablename__ = "section_proposal"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), primary_key=True)
    section_id: Mapped[int] = mapped_column(
        ForeignKey("draft_section.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal: Mapped[Proposal] = relationship(lazy="raise")
    section: Mapped[DraftSection] = relationship(lazy="raise")


class Outcome(enum.StrEnum):
    """How a comment or response was handled (the report's words)."""

    INCORPORATED = "incorporated"                # inarbetad
    PARTLY_INCORPORATED = "partly_incorporated"  # delvis inarbetad
    NOT_INCORPORATED = "not_incorporated"        # ej inarbetad
    NOTED = "noted"                              # noterad


class InputHandling(db.Model):
    """How one section comment or one consultation response was handled.

    Exactly one of `comment_id` and `response_id`; one row per item, changed
    in place (the audit log keeps the history). `used_section_id` is a section
    of a version published after the one the item was written on.
    """

    __tablename__ = "input_handling"
    __table_args__ = (
        CheckConstraint("(comment_id IS NULL) <> (response_id IS NULL)", name="one_item"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("section_comment.id", ondelete="CASCADE"), unique=True)
    response_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("consultation_response.id", ondelete="CASCADE"), unique=True)
    outcome: Mapped[str] = mapped_column(String(30))
    motivation: Mapped[str] = mapped_column(Text)
    used_section_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("draft_section.id", ondelete="SET NULL"))
    handled_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime] = mapped_column(default=utcnow)

    used_section: Mapped[Optional[DraftSection]] = relationship(lazy="raise")
    handled_by: Mapped[Optional[User]] = relationship(lazy="raise")


class ConsultationReport(db.Model):
    """The consultation report (samrådsredogörelse) is published: until this
    row exists only moderators see it."""

    __tablename__ = "consultation_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), unique=True)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
