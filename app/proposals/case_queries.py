"""Reading case handling: the proposals an official is to answer, the overdue
list, the officials to assign to, and a proposal's internal notes. Each list
is a fixed number of queries whatever its size."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, nulls_last, select
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.core.pagination import Page
from app.core.permissions import Role
from app.extensions import db
from app.proposals.models import (
    AWAITING_ANSWER_STATUSES,
    Proposal,
    ProposalNote,
    ProposalStatus,
)

OVERDUE_PER_PAGE = 50


def _with_case(statement):
    return statement.options(joinedload(Proposal.community), joinedload(Proposal.theme),
                             joinedload(Proposal.assigned_to))


def to_answer(user: User) -> list[Proposal]:
    """The proposals assigned to the user and not yet answered, deadline first
    (those without a deadline last)."""
    return list(db.session.scalars(_with_case(select(Proposal)).where(
        Proposal.assigned_to_id == user.id,
        Proposal.status == ProposalStatus.UNDER_CONSIDERATION)
        .order_by(nulls_last(Proposal.answer_due_at.asc()), Proposal.id)))


def _overdue_filter(now: datetime):
    return (Proposal.status.in_(AWAITING_ANSWER_STATUSES), Proposal.answer_due_at < now)


def overdue(now: datetime, page: int) -> Page:
    """Public proposals past their deadline without an answer, oldest deadline first."""
    total = db.session.scalar(select(func.count(Proposal.id)).where(*_overdue_filter(now)))
    pages = max((total + OVERDUE_PER_PAGE - 1) // OVERDUE_PER_PAGE, 1)
    page = min(max(page, 1), pages)
    items = list(db.session.scalars(_with_case(select(Proposal)).where(*_overdue_filter(now))
                                    .order_by(Proposal.answer_due_at, Proposal.id)
                                    .limit(OVERDUE_PER_PAGE)
                                    .offset((page - 1) * OVERDUE_PER_PAGE)))
    return Page(items=items, page=page, per_page=OVERDUE_PER_PAGE, total=total)


def officials() -> list[User]:
    """Active officials, by name, for the assignment form."""
    return list(db.session.scalars(select(User).where(
        User.role == Role.OFFICIAL, User.active.is_(True), User.deleted_at.is_(None))
        .order_by(User.display_name, User.id)))


def notes(proposal: Proposal) -> list[ProposalNote]:
    """The proposal's internal notes, oldest first."""
    return list(db.session.scalars(
        select(ProposalNote).options(joinedload(ProposalNote.author))
        .where(ProposalNote.proposal_id == proposal.id)
        .order_by(ProposalNote.created_at, ProposalNote.id)))
