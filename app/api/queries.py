"""Reading public data for the API and the CSV files.

Every list is one query for the page's ids in order, plus a fixed number of
queries to load those rows with what they show, whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, nulls_last, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from app.api import cursor
from app.communities.models import LocalCommunity, Theme
from app.dialogues.models import Dialogue, DialogueTargetGroup
from app.dialogues.queries import target_groups_by_dialogue
from app.extensions import db
from app.plans.models import (
    Action,
    ActionUpdate,
    Challenge,
    Commitment,
    DialogueActionLink,
    Plan,
    PlanStatus,
    ProposalActionLink,
)
from app.proposals.models import PUBLIC_STATUSES, Proposal
from app.proposals.queries import WHOLE, Filters, public_filtered

# Links shown inside an action; the rest are read through the filtered lists.
LINKS_SHOWN = 50


@dataclass(frozen=True)
class SortKey:
    column: Any
    value_type: type
    nullable: bool


# The list page's sorts, each newest/most first with the id breaking ties.
PROPOSAL_SORTS = {
    "newest": SortKey(Proposal.published_at, datetime, True),
    "supports": SortKey(Proposal.support_count, int, False),
    "comments": SortKey(Proposal.comment_count, int, False),
    "answered": SortKey(Proposal.answered_at, datetime, True),
}


@dataclass
class Slice:
    items: list
    next_cursor: str | None


def _cut(statement: Select, kind: str, id_column, limit: int, key: SortKey | None = None):
    """One page of (id, key) rows after the request's cursor, and the next cursor."""
    position = cursor.read(kind, key.value_type if key else None)
    if position is not None:
        statement = statement.where(cursor.after(key.column if key else None, position[0],
                                                 id_column, position[1],
                                                 key.nullable if key else False))
    order = [id_column.desc()]
    if key is not None:
        order.insert(0, nulls_last(key.column.desc()) if key.nullable else key.column.desc())
    rows = db.session.execute(statement.order_by(*order).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more:
        last = rows[-1]
        next_cursor = cursor.make(kind, last[1] if key else None, last[0])
    return [row[0] for row in rows], next_cursor


def _in_order(rows, ids: list[int]) -> list:
    by_id = {row.id: row for row in rows}
    return [by_id[i] for i in ids if i in by_id]


def communities() -> list[LocalCommunity]:
    return list(db.session.scalars(select(LocalCommunity).order_by(
        LocalCommunity.position, LocalCommunity.name, LocalCommunity.id)))


def themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.position, Theme.name,
                                                          Theme.id)))


def _public_plan_actions():
    """Ids of the actions of plans that are not drafts."""
    return (select(Action.id).join(Action.commitment).join(Commitment.challenge)
            .join(Challenge.plan).where(Plan.status != PlanStatus.DRAFT))


def proposals(filters: Filters, sort: str, limit: int, dialogue_id: int | None = None,
              action_id: int | None = None) -> Slice:
    key = PROPOSAL_SORTS[sort]
    statement = public_filtered(select(Proposal.id, key.column), filters)
    if dialogue_id is not None:
        statement = statement.where(Proposal.dialogue_id == dialogue_id)
    if action_id is not None:
        statement = statement.where(Proposal.id.in_(
            select(ProposalActionLink.proposal_id).where(
                ProposalActionLink.action_id == action_id,
                ProposalActionLink.action_id.in_(_public_plan_actions()))))
    ids, next_cursor = _cut(statement, f"proposals:{sort}", Proposal.id, limit, key)
    rows = db.session.scalars(_proposal_options(select(Proposal)).where(Proposal.id.in_(ids)))
    return Slice(_in_order(rows, ids), next_cursor)


def _proposal_options(statement: Select) -> Select:
    return statement.options(joinedload(Proposal.community), joinedload(Proposal.theme),
                             joinedload(Proposal.author), joinedload(Proposal.organisation),
                             joinedload(Proposal.dialogue))


def proposal(reference: str) -> Proposal | None:
    return db.session.scalars(_proposal_options(select(Proposal)).where(
        Proposal.reference == reference, Proposal.status.in_(PUBLIC_STATUSES))).first()


def dialogues(community: str, status: str | None, target_group: str | None, limit: int,
              action_id: int | None = None) -> tuple[Slice, dict[int, list[str]]]:
    statement = select(Dialogue.id)
    if community == WHOLE:
        statement = statement.where(Dialogue.community_id.is_(None))
    elif community:
        statement = statement.where(Dialogue.community_id == int(community))
    if status:
        statement = statement.where(Dialogue.status == status)
    if target_group:
        statement = statement.where(Dialogue.id.in_(
            select(DialogueTargetGroup.dialogue_id)
            .where(DialogueTargetGroup.target_group == target_group)))
    if action_id is not None:
        statement = statement.where(Dialogue.id.in_(
            select(DialogueActionLink.dialogue_id).where(
                DialogueActionLink.action_id == action_id,
                DialogueActionLink.action_id.in_(_public_plan_actions()))))
    ids, next_cursor = _cut(statement, "dialogues", Dialogue.id, limit)
    rows = db.session.scalars(_dialogue_options(select(Dialogue)).where(Dialogue.id.in_(ids)))
    return Slice(_in_order(rows, ids), next_cursor), target_groups_by_dialogue(ids)


def _dialogue_options(statement: Select) -> Select:
    return statement.options(joinedload(Dialogue.community), selectinload(Dialogue.partners),
                             selectinload(Dialogue.meetings))


def dialogue(dialogue_id: int) -> Dialogue | None:
    return db.session.scalars(_dialogue_options(select(Dialogue))
                              .where(Dialogue.id == dialogue_id)).first()


def plans(limit: int) -> Slice:
    ids, next_cursor = _cut(select(Plan.id).where(Plan.status != PlanStatus.DRAFT), "plans",
                            Plan.id, limit)
    rows = db.session.scalars(select(Plan).where(Plan.id.in_(ids)))
    return Slice(_in_order(rows, ids), next_cursor)


def action(action_id: int) -> Action | None:
    """A public action (its plan is not a draft) with its place in the plan."""
    return db.session.scalars(
        select(Action).join(Action.commitment).join(Commitment.challenge).join(Challenge.plan)
        .options(contains_eager(Action.commitment).contains_eager(Commitment.challenge)
                 .contains_eager(Challenge.plan), selectinload(Action.communities))
        .where(Action.id == action_id, Plan.status != PlanStatus.DRAFT)).first()


def action_updates(action_row: Action) -> list[ActionUpdate]:
    return list(db.session.scalars(
        select(ActionUpdate).where(ActionUpdate.action_id == action_row.id)
        .order_by(ActionUpdate.created_at.desc(), ActionUpdate.id.desc())))


def action_links(action_row: Action) -> dict[str, Any]:
    """The newest LINKS_SHOWN public proposal links and dialogue links, and the totals."""
    public_proposal_links = (select(ProposalActionLink.id).join(ProposalActionLink.proposal)
                             .where(ProposalActionLink.action_id == action_row.id,
                                    Proposal.status.in_(PUBLIC_STATUSES)))
    dialogue_links = select(DialogueActionLink.id).where(
        DialogueActionLink.action_id == action_row.id)
    proposal_total, dialogue_total = db.session.execute(select(
        select(func.count()).select_from(public_proposal_links.subquery()).scalar_subquery(),
        select(func.count()).select_from(dialogue_links.subquery()).scalar_subquery())).one()
    proposal_rows = db.session.scalars(
        select(ProposalActionLink).join(ProposalActionLink.proposal)
        .options(contains_eager(ProposalActionLink.proposal))
        .where(ProposalActionLink.action_id == action_row.id,
               Proposal.status.in_(PUBLIC_STATUSES))
        .order_by(ProposalActionLink.created_at.desc(), ProposalActionLink.id.desc())
        .limit(LINKS_SHOWN))
    dialogue_rows = db.session.scalars(
        select(DialogueActionLink).join(DialogueActionLink.dialogue)
        .options(contains_eager(DialogueActionLink.dialogue))
        .where(DialogueActionLink.action_id == action_row.id)
        .order_by(DialogueActionLink.created_at.desc(), DialogueActionLink.id.desc())
        .limit(LINKS_SHOWN))
    return {"proposal_total": proposal_total, "proposals": list(proposal_rows),
            "dialogue_total": dialogue_total, "dialogues": list(dialogue_rows)}
