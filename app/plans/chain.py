"""Reading the traceability chain: what is linked to what, for the public pages
and the linking forms. Every function is one query (two for a page with its
total), whatever the number of links."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import contains_eager, joinedload

from app.accounts.models import User
from app.core.models import utcnow
from app.core.pagination import Page
from app.dialogues.models import Dialogue
from app.extensions import db
from app.plans.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Challenge,
    Commitment,
    DialogueActionLink,
    Plan,
    PlanStatus,
    ProposalActionLink,
    action_community,
    action_responsible_user,
)
from app.proposals.models import PUBLIC_STATUSES, Proposal, ProposalStatus

MAX_ID = 2**31 - 1
PROPOSALS_PER_PAGE = 20
COMMUNITY_ACTIONS = 10


def _with_plan(statement):
    """Join an action's commitment, challenge and plan, and load them with it."""
    return (statement.join(Action.commitment).join(Commitment.challenge).join(Challenge.plan)
            .options(contains_eager(Action.commitment).contains_eager(Commitment.challenge)
                     .contains_eager(Challenge.plan)))


def action_by_id(action_id: int) -> Action | None:
    """An action with its plan, for the forms; None when unknown or out of range."""
    if not 0 < action_id <= MAX_ID:
        return None
    return db.session.scalars(_with_plan(select(Action)).where(Action.id == action_id)).first()


def linkable_actions() -> list[Action]:
    """Every action of every plan, in the document's order, with its plan and challenge."""
    return list(db.session.scalars(_with_plan(select(Action)).order_by(
        Plan.title, Plan.id, Challenge.position, Challenge.id, Commitment.position,
        Commitment.id, Action.position, Action.id)))


def _published(statement, with_drafts: bool):
    """Leave out actions of draft plans, which only plan editors may see."""
    return statement if with_drafts else statement.where(Plan.status != PlanStatus.DRAFT)


def proposal_links(proposal: Proposal, with_drafts: bool = False) -> list[ProposalActionLink]:
    """The proposal's links with their actions and plans, oldest link first."""
    return list(db.session.scalars(_published(
        select(ProposalActionLink)
        .join(ProposalActionLink.action)
        .join(Action.commitment).join(Commitment.challenge).join(Challenge.plan)
        .options(contains_eager(ProposalActionLink.action).contains_eager(Action.commitment)
                 .contains_eager(Commitment.challenge).contains_eager(Challenge.plan))
        .where(ProposalActionLink.proposal_id == proposal.id)
        .order_by(ProposalActionLink.created_at, ProposalActionLink.id), with_drafts)))


def dialogue_links(dialogue: Dialogue, with_drafts: bool = False) -> list[DialogueActionLink]:
    return list(db.session.scalars(_published(
        select(DialogueActionLink)
        .join(DialogueActionLink.action)
        .join(Action.commitment).join(Commitment.challenge).join(Challenge.plan)
        .options(contains_eager(DialogueActionLink.action).contains_eager(Action.commitment)
                 .contains_eager(Commitment.challenge).contains_eager(Challenge.plan))
        .where(DialogueActionLink.dialogue_id == dialogue.id)
        .order_by(DialogueActionLink.created_at, DialogueActionLink.id), with_drafts)))


# Not public: counted and skipped through the proposal status index. Joining each
# link to its proposal instead reads a proposal row per link, which for an action
# with thousands of links costs far more than the page itself.
NOT_PUBLIC = tuple(status for status in ProposalStatus if status not in PUBLIC_STATUSES)


def _not_public_proposals():
    return select(Proposal.id).where(Proposal.status.in_(NOT_PUBLIC))


def linked_proposals(action: Action, page: int) -> Page:
    """The action's public proposals, newest link first, a page at a time.

    A page number past the end shows the last page."""
    public_links = (select(ProposalActionLink.id)
                    .where(ProposalActionLink.action_id == action.id,
                           ProposalActionLink.proposal_id.not_in(_not_public_proposals())))
    total = db.session.scalar(select(func.count()).select_from(public_links.subquery()))
    pages = max((total + PROPOSALS_PER_PAGE - 1) // PROPOSALS_PER_PAGE, 1)
    page = min(max(page, 1), pages)
    newest_first = (ProposalActionLink.created_at.desc(), ProposalActionLink.id.desc())
    on_page = (public_links.order_by(*newest_first)
               .limit(PROPOSALS_PER_PAGE).offset((page - 1) * PROPOSALS_PER_PAGE))
    items = list(db.session.scalars(
        select(ProposalActionLink).join(ProposalActionLink.proposal)
        .options(contains_eager(ProposalActionLink.proposal))
        .where(ProposalActionLink.id.in_(on_page)).order_by(*newest_first)))
    return Page(items=items, page=page, per_page=PROPOSALS_PER_PAGE, total=total)


def linked_dialogues(action: Action) -> list[DialogueActionLink]:
    return list(db.session.scalars(
        select(DialogueActionLink).options(joinedload(DialogueActionLink.dialogue))
        .where(DialogueActionLink.action_id == action.id)
        .order_by(DialogueActionLink.created_at.desc(), DialogueActionLink.id.desc())))


def link_counts(plan: Plan) -> dict[int, dict[str, int]]:
    """{action id: {"proposals": n, "dialogues": m}} for every action of the plan
    that has links, public proposals only, in one grouped query."""
    plan_actions = (select(Action.id).join(Action.commitment).join(Commitment.challenge)
                    .where(Challenge.plan_id == plan.id))

    def per_action(link, kind: str, *conditions):
        return (select(link.action_id, literal(kind).label("kind"), func.count().label("n"))
                .where(link.action_id.in_(plan_actions), *conditions)
                .group_by(link.action_id))

    rows = db.session.execute(union_all(
        per_action(ProposalActionLink, "proposals"),
        per_action(ProposalActionLink, "not_public",
                   ProposalActionLink.proposal_id.in_(_not_public_proposals())),
        per_action(DialogueActionLink, "dialogues")))
    counts: dict[int, dict[str, int]] = {}
    for action_id, kind, n in rows:
        counts.setdefault(action_id, {"proposals": 0, "dialogues": 0})[kind] = n
    for entry in counts.values():
        entry["proposals"] -= entry.pop("not_public", 0)
    return {action_id: entry for action_id, entry in counts.items()
            if entry["proposals"] or entry["dialogues"]}


def community_actions(community, limit: int = COMMUNITY_ACTIONS) -> tuple[list[Action], int]:
    """The actions that concern a community, most recently changed first, and how many
    there are in all."""
    concerning = select(action_community.c.action_id).join(
        Action, Action.id == action_community.c.action_id).join(Action.commitment).join(
        Commitment.challenge).join(Challenge.plan).where(
        action_community.c.community_id == community.id, Plan.status != PlanStatus.DRAFT)
    total = db.session.scalar(select(func.count()).select_from(concerning.subquery()))
    if not total:
        return [], 0
    actions = list(db.session.scalars(
        _with_plan(select(Action)).where(Action.id.in_(concerning))
        .order_by(Action.updated_at.desc(), Action.id.desc()).limit(limit)))
    return actions, total


def responsible_actions(user: User) -> list[Action]:
    """The actions the user is named responsible for, by plan in the document's order."""
    mine = select(action_responsible_user.c.action_id).where(
        action_responsible_user.c.user_id == user.id)
    return list(db.session.scalars(
        _with_plan(select(Action)).where(Action.id.in_(mine)).order_by(
            Plan.title, Plan.id, Challenge.position, Challenge.id, Commitment.position,
            Commitment.id, Action.position, Action.id)))


def responsible_actions_due(user: User, year: int, days: int = 90) -> list[Action]:
    """The actions the user answers for that are followed up in `year`, are not done or
    cancelled, and have had no update in the last `days` days; longest silent first."""
    recent = select(ActionUpdate.action_id).where(
        ActionUpdate.created_at >= utcnow() - timedelta(days=days))
    last_update = (select(ActionUpdate.action_id, func.max(ActionUpdate.created_at).label("at"))
                   .group_by(ActionUpdate.action_id).subquery())
    mine = select(action_responsible_user.c.action_id).where(
        action_responsible_user.c.user_id == user.id)
    return list(db.session.scalars(
        _with_plan(select(Action))
        .outerjoin(last_update, last_update.c.action_id == Action.id)
        .where(Action.id.in_(mine), Action.follow_up_year == year,
               Action.status.not_in((ActionStatus.DONE, ActionStatus.CANCELLED)),
               Action.id.not_in(recent), Plan.status != PlanStatus.DRAFT)
        .order_by(last_update.c.at.asc().nulls_first(), Action.id)))
