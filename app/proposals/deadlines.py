"""The response deadline (svarstid): when the municipality's clock starts and
when the answer is due. Never commits.

The deadline is stored on the proposal (`answer_due_at`) when its clock
starts, so lists filter and sort on an indexed column. When an admin changes
the number of days or what the clock counts from, the deadlines of proposals
still awaiting an answer are recomputed in one UPDATE; answered proposals
keep the deadline they had, so the statistics say whether the municipality
kept the promise it made at the time.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from sqlalchemy import func, update

from app.extensions import db
from app.proposals.models import AWAITING_ANSWER_STATUSES, Proposal
from app.site.services import get_settings


class ClockBasis(enum.StrEnum):
    PUBLISHED = "published"    # from publication
    THRESHOLD = "threshold"    # from reaching the support threshold


def start_clock(proposal: Proposal, event: ClockBasis, at: datetime) -> None:
    """Start the proposal's clock when `event` is what the municipality counts
    from; a clock that has started is never restarted (a proposal hidden and
    shown again keeps its deadline)."""
    settings = get_settings()
    if proposal.answer_clock_started_at is not None or settings.answer_clock_basis != event:
        return
    proposal.answer_clock_started_at = at
    proposal.answer_due_at = at + timedelta(days=settings.answer_days)


def _plus_days(column, days: int):
    """`column` + `days` whole days of 24 hours, in SQL, as Python's timedelta adds them."""
    if db.session.get_bind().dialect.name == "postgresql":
        return column + func.make_interval(0, 0, 0, 0, 0, 0, days * 86400)
    # SQLite keeps "YYYY-MM-DD HH:MM:SS.ffffff": datetime() drops the fraction,
    # which is put back unchanged (whole days do not touch it).
    return func.datetime(column, f"+{int(days)} days").op("||")(func.substr(column, 20))


def recompute_deadlines() -> int:
    """Set the clock start and deadline of every proposal awaiting an answer
    from the current settings. Returns how many proposals were looked at."""
    settings = get_settings()
    start = (Proposal.threshold_reached_at if settings.answer_clock_basis == ClockBasis.THRESHOLD
             else Proposal.published_at)
    result = db.session.execute(
        update(Proposal).where(Proposal.status.in_(AWAITING_ANSWER_STATUSES))
        .values(answer_clock_started_at=start,
                answer_due_at=_plus_days(start, settings.answer_days))
        .execution_options(synchronize_session=False))
    db.session.expire_all()
    return result.rowcount
