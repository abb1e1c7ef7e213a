"""Helpers for the case handling tests: proposals awaiting an answer, assigned
and with deadlines, set up directly on the rows."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.core.audit import AuditEntry
from app.core.models import utcnow
from app.extensions import db
from app.proposals.models import Proposal, ProposalHistory, ProposalStatus


def awaiting(pf, *, official=None, unit: str | None = None, due_in_days: float | None = 30,
             status: str = ProposalStatus.UNDER_CONSIDERATION, commit: bool = True,
             **kwargs) -> Proposal:
    """A proposal under consideration (by default) with a deadline `due_in_days`
    from now (negative: overdue), assigned as given."""
    proposal = pf.proposal(status=status, commit=False, **kwargs)
    if due_in_days is not None:
        now = utcnow()
        proposal.answer_due_at = now + timedelta(days=due_in_days)
        proposal.answer_clock_started_at = proposal.answer_due_at - timedelta(days=90)
    proposal.assigned_to_id = official.id if official is not None else None
    proposal.assigned_unit = unit
    db.session.flush()
    if commit:
        db.session.commit()
    return proposal


def history_events(proposal: Proposal, event: str) -> list[ProposalHistory]:
    db.session.expire_all()
    return list(db.session.scalars(select(ProposalHistory).where(
        ProposalHistory.proposal_id == proposal.id, ProposalHistory.event == event)
        .order_by(ProposalHistory.id)))


def audit_count(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == action))


def at(year: int, month: int, day: int, hour: int = 12) -> datetime:
    from datetime import UTC

    return datetime(year, month, day, hour, tzinfo=UTC)
