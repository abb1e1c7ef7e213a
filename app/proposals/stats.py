"""Statistics on the municipality's answers: how long answering takes and how
often it is done within the response deadline.

Everything is computed in one SQL query, by the database: durations in whole
seconds, an exact median per group with window functions (the middle row, or
the mean of the two middle rows), and the share answered within the deadline.
The query reads only the index ix_proposal_answer_stats, so it stays fast
with a hundred thousand proposals. A larger statistics page can add its own
groupings next to `answer_times`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from sqlalchemy import BigInteger, Integer, case, cast, func, literal, select, union_all

from app.extensions import db
from app.proposals.models import Proposal, ProposalStatus

# Statuses of a proposal that has been answered and is public.
ANSWERED_STATUSES = (ProposalStatus.ANSWERED, ProposalStatus.IMPLEMENTED)
SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class AnswerTimes:
    """One group's answers in the period."""

    answered: int
    within_deadline: int
    median_seconds: Fraction | None

    @property
    def median_days(self) -> Fraction | None:
        if self.median_seconds is None:
            return None
        return self.median_seconds / SECONDS_PER_DAY

    @property
    def share_within(self) -> Fraction | None:
        return Fraction(self.within_deadline, self.answered) if self.answered else None


EMPTY = AnswerTimes(answered=0, within_deadline=0, median_seconds=None)


@dataclass(frozen=True)
class AnswerReport:
    total: AnswerTimes
    # Keyed by community id; None is the proposals about the whole municipality.
    by_community: dict[int | None, AnswerTimes]


def _duration_seconds():
    """Whole seconds from the clock start to the answer, in the database's SQL."""
    answered, started = Proposal.answered_at, Proposal.answer_clock_started_at
    if db.session.get_bind().dialect.name == "postgresql":
        return cast(func.round(func.extract("epoch", answered - started)), BigInteger)
    return cast(func.round((func.julianday(answered) - func.julianday(started))
                           * SECONDS_PER_DAY), Integer)


def answer_times(start: datetime, end: datetime) -> AnswerReport:
    """Answer times of proposals answered from `start` up to (not including) `end`."""
    answers = (select(Proposal.community_id.label("community_id"),
                      _duration_seconds().label("seconds"),
                      case((Proposal.answered_at <= Proposal.answer_due_at, 1), else_=0)
                      .label("within"))
               .where(Proposal.answered_at >= start, Proposal.answered_at < end,
                      Proposal.status.in_(ANSWERED_STATUSES),
                      Proposal.answer_clock_started_at.is_not(None))
               .cte("answers"))
    # Every answer twice: once in its community's group and once in the total.
    grouped = union_all(
        select(literal(0).label("is_total"), answers.c.community_id, answers.c.seconds,
               answers.c.within),
        select(literal(1).label("is_total"), literal(None, Integer).label("community_id"),
               answers.c.seconds, answers.c.within)).subquery()
    group = (grouped.c.is_total, grouped.c.community_id)
    ranked = select(
        grouped.c.is_total, grouped.c.community_id, grouped.c.seconds, grouped.c.within,
        func.row_number().over(partition_by=group, order_by=grouped.c.seconds).label("rn"),
        func.count().over(partition_by=group).label("n")).subquery()
    middle = ranked.c.rn.in_([(ranked.c.n + 1) // 2, (ranked.c.n + 2) // 2])
    rows = db.session.execute(
        select(ranked.c.is_total, ranked.c.community_id, func.count(),
               func.sum(ranked.c.within),
               func.sum(case((middle, ranked.c.seconds), else_=0)),
               func.sum(case((middle, 1), else_=0)))
        .group_by(ranked.c.is_total, ranked.c.community_id)).all()
    total = EMPTY
    by_community: dict[int | None, AnswerTimes] = {}
    for is_total, community_id, answered, within, middle_sum, middle_count in rows:
        times = AnswerTimes(answered=int(answered), within_deadline=int(within or 0),
                            median_seconds=Fraction(int(middle_sum), int(middle_count)))
        if is_total:
            total = times
        else:
            by_community[community_id] = times
    return AnswerReport(total=total, by_community=by_community)
