"""Reading plans as documents."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.plans.drafts import ActionDraft, ChallengeDraft, CommitmentDraft, PlanDraft
from app.plans.models import Action, ActionUpdate, Challenge, Commitment, Plan, PlanStatus

MAX_ID = 2**31 - 1


def plans(*, drafts: bool = False) -> list[Plan]:
    """The plans shown on the public list; drafts only when asked for."""
    query = select(Plan).order_by(Plan.first_year.desc(), Plan.title)
    if not drafts:
        query = query.where(Plan.status != PlanStatus.DRAFT)
    return list(db.session.scalars(query))


def admin_plans() -> list[tuple[Plan, int]]:
    """Every plan with its number of actions, for the editors' list."""
    counts = (select(Challenge.plan_id, func.count(Action.id).label("actions"))
              .join(Commitment, Commitment.challenge_id == Challenge.id)
              .join(Action, Action.commitment_id == Commitment.id)
              .group_by(Challenge.plan_id).subquery())
    return [(plan, actions) for plan, actions in db.session.execute(
        select(Plan, func.coalesce(counts.c.actions, 0))
        .outerjoin(counts, counts.c.plan_id == Plan.id)
        .order_by(Plan.title, Plan.id)).all()]


def plan_document(plan_id: int) -> Plan | None:
    """The plan with its whole structure, in four queries whatever its size."""
    if not 0 < plan_id <= MAX_ID:
        return None
    return db.session.scalars(
        select(Plan).options(
            joinedload(Plan.parent),
            selectinload(Plan.challenges).selectinload(Challenge.commitments)
            .selectinload(Commitment.actions))
        .where(Plan.id == plan_id)).first()


def action(action_id: int) -> Action | None:
    if not 0 < action_id <= MAX_ID:
        return None
    return db.session.scalars(
        select(Action).options(
            joinedload(Action.commitment).joinedload(Commitment.challenge)
            .joinedload(Challenge.plan),
            selectinload(Action.communities), selectinload(Action.responsible_users))
        .where(Action.id == action_id)).first()


def updates(action: Action) -> list[ActionUpdate]:
    return list(db.session.scalars(
        select(ActionUpdate).options(joinedload(ActionUpdate.author))
        .where(ActionUpdate.action_id == action.id)
        .order_by(ActionUpdate.created_at.desc(), ActionUpdate.id.desc())))


def plan_draft(plan: Plan) -> PlanDraft:
    """A stored plan as a draft again, for the exporter; `plan` comes from `plan_document`."""
    period = (plan.first_year, plan.last_year or plan.first_year) if plan.first_year else None
    return PlanDraft(
        title=plan.title, registry_number=plan.registry_number or "", period=period,
        challenges=[ChallengeDraft(
            challenge.title, challenge.description,
            [CommitmentDraft(commitment.quote, [
                ActionDraft(action.text, action.responsible, action.follow_up_report,
                            action.follow_up_year)
                for action in commitment.actions])
             for commitment in challenge.commitments])
            for challenge in plan.challenges])
