"""Factories for plans, their structure, actions and links (hostile HTML in text)."""

from __future__ import annotations

import itertools
from datetime import datetime

from app.accounts.models import User
from app.communities.models import LocalCommunity
from app.core.models import utcnow
from app.dialogues.models import Dialogue
from app.extensions import db
from app.plans.models import (
    Action,
    ActionStatus,
    Challenge,
    Commitment,
    DialogueActionLink,
    Plan,
    PlanKind,
    PlanStatus,
    ProposalActionLink,
)
from app.proposals.models import Proposal
from tests.factories import HOSTILE

_sequence = itertools.count(1)


def plan(*, title: str | None = None, status: str = PlanStatus.ADOPTED,
         kind: str = PlanKind.ACTION_PLAN, registry_number: str | None = None,
         commit: bool = True) -> Plan:
    n = next(_sequence)
    row = Plan(title=title or f"Handlingsplan {n} {HOSTILE}", kind=kind, status=status,
               registry_number=registry_number or f"KS 2026/{n}", first_year=2026,
               last_year=2028, owner="Kommunledningsförvaltningen",
               introduction=f"Inledning. {HOSTILE}")
    db.session.add(row)
    db.session.flush()
    if commit:
        db.session.commit()
    return row


def commitment(plan_row: Plan | None = None, *, commit: bool = True) -> Commitment:
    """A challenge with one commitment in the plan (a new plan when none is given)."""
    plan_row = plan_row or plan(commit=False)
    n = next(_sequence)
    challenge = Challenge(plan_id=plan_row.id, position=n, title=f"Utmaning {n} {HOSTILE}",
                          description=f"Beskrivning {HOSTILE}")
    db.session.add(challenge)
    db.session.flush()
    row = Commitment(challenge_id=challenge.id, position=1, quote=f"”Citat {n}” {HOSTILE}")
    db.session.add(row)
    db.session.flush()
    if commit:
        db.session.commit()
    return row


def action(commitment_row: Commitment | None = None, *, text: str | None = None,
           status: str = ActionStatus.PLANNED, progress: int = 0,
           responsible_users: tuple[User, ...] = (),
           communities: tuple[LocalCommunity, ...] = (), completed_at: datetime | None = None,
           commit: bool = True) -> Action:
    commitment_row = commitment_row or commitment(commit=False)
    n = next(_sequence)
    row = Action(commitment_id=commitment_row.id, position=n,
                 text=text or f"Åtgärd {n} {HOSTILE}", responsible="Kultur och fritid",
                 follow_up_report="Verksamhetsberättelse", follow_up_year=2026,
                 status=status, progress=progress,
                 completed_at=completed_at or (utcnow() if status == ActionStatus.DONE else None))
    row.responsible_users = list(responsible_users)
    row.communities = list(communities)
    db.session.add(row)
    db.session.flush()
    if commit:
        db.session.commit()
    return row


def proposal_link(proposal: Proposal, action_row: Action, *, by: User | None = None,
                  commit: bool = True) -> ProposalActionLink:
    row = ProposalActionLink(proposal_id=proposal.id, action_id=action_row.id,
                             motivation=f"Motivering {HOSTILE}",
                             created_by_id=by.id if by else None)
    db.session.add(row)
    db.session.flush()
    if commit:
        db.session.commit()
    return row


def dialogue_link(dialogue: Dialogue, action_row: Action, *, commit: bool = True
                  ) -> DialogueActionLink:
    row = DialogueActionLink(dialogue_id=dialogue.id, action_id=action_row.id,
                             motivation=f"Motivering {HOSTILE}")
    db.session.add(row)
    db.session.flush()
    if commit:
        db.session.commit()
    return row
