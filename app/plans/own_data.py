"""What a person did in plans: actions they answer for, updates and links
they wrote. Deleting the account removes them as responsible; the updates
and links stay as part of the public record, signed as a deleted user."""

from __future__ import annotations

from sqlalchemy import delete, select

from app.accounts.models import User
from app.core import own_data
from app.core.own_data import iso
from app.extensions import db
from app.plans.models import Action, ActionUpdate, ProposalActionLink, action_responsible_user
from app.proposals.models import Proposal


def _export(user: User) -> dict:
    responsible = db.session.scalars(
        select(Action.text).join(action_responsible_user,
                                 action_responsible_user.c.action_id == Action.id)
        .where(action_responsible_user.c.user_id == user.id).order_by(Action.id))
    updates = db.session.scalars(select(ActionUpdate).where(ActionUpdate.author_id == user.id)
                                 .order_by(ActionUpdate.created_at))
    links = db.session.execute(
        select(Proposal.reference, ProposalActionLink.motivation, ProposalActionLink.created_at)
        .join(ProposalActionLink, ProposalActionLink.proposal_id == Proposal.id)
        .where(ProposalActionLink.created_by_id == user.id)
        .order_by(ProposalActionLink.created_at)).all()
    return {
        "responsible_for_actions": list(responsible),
        "action_updates": [{"action": update.action_id, "text": update.text,
                            "status": update.status, "progress": update.progress,
                            "at": iso(update.created_at)} for update in updates],
        "proposal_links": [{"proposal": reference, "motivation": motivation, "at": iso(at)}
                           for reference, motivation, at in links],
    }


def _erase(user: User) -> None:
    db.session.execute(delete(action_responsible_user).where(
        action_responsible_user.c.user_id == user.id))


own_data.register_exporter("plans", _export)
own_data.register_eraser(_erase, order=40)
