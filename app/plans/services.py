"""Every write to plans. Never commits."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.plans.drafts import PlanDraft
from app.plans.models import Action, Challenge, Commitment, Plan, PlanKind, PlanStatus


class PlanError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def plan_by_registry_number(registry_number: str) -> Plan | None:
    if not registry_number:
        return None
    return db.session.scalars(select(Plan).where(
        Plan.registry_number == registry_number.strip())).first()


def save_draft(draft: PlanDraft, *, kind: str = PlanKind.ACTION_PLAN, owner: str = "",
               status: str = PlanStatus.ADOPTED, replace: bool = False) -> Plan:
    """Store an imported plan with its challenges, commitments and actions.

    A plan with the same registry number is refused unless `replace` is
    given; replacing rebuilds its structure from the file in this transaction.
    """
    if not draft.title.strip():
        raise PlanError(_("The plan needs a title."), field="title")
    existing = plan_by_registry_number(draft.registry_number)
    if existing is not None and not replace:
        raise PlanError(_("A plan with the registry number %(number)s already exists. Import "
                          "with replace to update it.", number=draft.registry_number),
                        field="registry_number")
    plan = existing or Plan()
    plan.title = draft.title.strip()
    plan.registry_number = draft.registry_number.strip() or None
    plan.kind = PlanKind(kind)
    plan.owner = owner or plan.owner or ""
    plan.status = PlanStatus(status) if existing is None else plan.status
    if draft.period:
        plan.first_year, plan.last_year = draft.period
    if existing is None:
        db.session.add(plan)
    else:
        db.session.execute(Challenge.__table__.delete().where(Challenge.plan_id == plan.id))
        db.session.expire(plan, ["challenges"])
    db.session.flush()
    for c_index, challenge_draft in enumerate(draft.challenges, start=1):
        challenge = Challenge(plan_id=plan.id, position=c_index, title=challenge_draft.title,
                              description=challenge_draft.description)
        db.session.add(challenge)
        db.session.flush()
        for m_index, commitment_draft in enumerate(challenge_draft.commitments, start=1):
            commitment = Commitment(challenge_id=challenge.id, position=m_index,
                                    quote=commitment_draft.quote)
            db.session.add(commitment)
            db.session.flush()
            for a_index, action_draft in enumerate(commitment_draft.actions, start=1):
                db.session.add(Action(
                    commitment_id=commitment.id, position=a_index, text=action_draft.text,
                    responsible=action_draft.responsible,
                    follow_up_report=action_draft.follow_up_report,
                    follow_up_year=action_draft.follow_up_year))
    db.session.flush()
    return plan
