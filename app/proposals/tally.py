"""How many proposals there are per (local community, status, theme).

The list page shows counts beside every filter value. Counting 100,000 rows
three times per request is too slow, so the counts are kept in a small table
updated in the same transaction as every proposal change (an ORM flush hook
sees each insert, delete and change of community, status or theme). Bulk
writers that bypass the ORM call `rebuild()`.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import ForeignKey, String, delete, event, func, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.extensions import db
from app.proposals.models import Proposal, ProposalStatus

WHOLE_KEY = 0  # the whole municipality (community_id NULL)


class ProposalTally(db.Model):
    __tablename__ = "proposal_tally"

    community_key: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(30), primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"),
                                          primary_key=True, autoincrement=False)
    count: Mapped[int] = mapped_column(default=0)


Key = tuple[int, str, int]


def _key(community_id, status, theme_id) -> Key | None:
    if status is None or theme_id is None:
        return None
    return (community_id or WHOLE_KEY, str(status), int(theme_id))


def _old_key(proposal: Proposal) -> Key | None:
    state = inspect(proposal)
    values = {}
    for name in ("community_id", "status", "theme_id"):
        history = state.attrs[name].history
        if history.deleted:
            values[name] = history.deleted[0]
        elif history.unchanged:
            values[name] = history.unchanged[0]
        else:
            values[name] = getattr(proposal, name)
    return _key(values["community_id"], values["status"], values["theme_id"])


def _apply(session: Session, changes: Counter) -> None:
    dialect = session.get_bind().dialect.name
    for (community_key, status, theme_id), delta in changes.items():
        if delta == 0:
            continue
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        statement = insert(ProposalTally).values(
            community_key=community_key, status=status, theme_id=theme_id, count=delta)
        session.execute(statement.on_conflict_do_update(
            index_elements=["community_key", "status", "theme_id"],
            set_={"count": ProposalTally.count + delta}))


@event.listens_for(Session, "before_flush")
def _count_changes(session: Session, flush_context, instances) -> None:
    changes: Counter = Counter()
    for obj in session.new:
        if isinstance(obj, Proposal):
            key = _key(obj.community_id, obj.status or ProposalStatus.SUBMITTED, obj.theme_id)
            if key:
                changes[key] += 1
    for obj in session.deleted:
        if isinstance(obj, Proposal):
            key = _old_key(obj)
            if key:
                changes[key] -= 1
    for obj in session.dirty:
        if isinstance(obj, Proposal) and session.is_modified(obj):
            old, new = _old_key(obj), _key(obj.community_id, obj.status, obj.theme_id)
            if old != new:
                if old:
                    changes[old] -= 1
                if new:
                    changes[new] += 1
    if changes:
        session.info.setdefault("proposal_tally", Counter()).update(changes)


@event.listens_for(Session, "after_flush")
def _write_changes(session: Session, flush_context) -> None:
    changes = session.info.pop("proposal_tally", None)
    if changes:
        _apply(session, changes)


def rebuild() -> None:
    """Recount from the proposals themselves (after bulk loads)."""
    db.session.execute(delete(ProposalTally))
    rows = db.session.execute(
        select(func.coalesce(Proposal.community_id, WHOLE_KEY), Proposal.status,
               Proposal.theme_id, func.count())
        .group_by(Proposal.community_id, Proposal.status, Proposal.theme_id)).all()
    db.session.add_all(ProposalTally(community_key=c, status=s, theme_id=t, count=n)
                       for c, s, t, n in rows)
    db.session.flush()


def tallies(statuses) -> list[ProposalTally]:
    return list(db.session.scalars(select(ProposalTally).where(
        ProposalTally.status.in_(statuses), ProposalTally.count > 0)))


__all__ = ["ProposalTally", "rebuild", "tallies"]
