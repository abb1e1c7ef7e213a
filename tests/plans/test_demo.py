"""`flask demo load` shows the whole chain: proposals and dialogues linked to
actions, people responsible, communities concerned and dated updates."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.accounts.models import User
from app.core.mail import OutboxMessage
from app.core.models import utcnow
from app.extensions import db
from app.plans.models import (
    Action,
    ActionUpdate,
    DialogueActionLink,
    ProposalActionLink,
    action_community,
)
from app.proposals.models import HistoryEvent, Proposal, ProposalHistory
from tests.support.demo import load_demo


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def load(app):
    result = load_demo(app)
    assert result.exit_code == 0, result.output
    return result


def test_the_demo_links_proposals_and_dialogues_to_actions_with_updates(app, client):
    load(app)

    assert count(ProposalActionLink) == 6
    assert count(DialogueActionLink) == 3
    [dialogue_action] = db.session.scalars(select(DialogueActionLink.action_id).distinct())
    assert db.session.get(Action, dialogue_action).text.startswith("Hålla årliga")
    answered_in_step = db.session.scalars(
        select(Proposal).join(ProposalActionLink, ProposalActionLink.proposal_id == Proposal.id)
        .where(Proposal.status == "answered")).all()
    assert {p.title for p in answered_in_step} == {"Bättre busstider till Hedås",
                                                   "Wifi i bygdegården"}
    assert all(p.answered_at < utcnow() - timedelta(days=1) for p in answered_in_step)
    assert db.session.scalar(select(func.count()).select_from(ProposalHistory).where(
        ProposalHistory.event == HistoryEvent.LINKED)) == 6

    official = db.session.scalars(select(User).where(
        User.email == "tjansteperson@example.org")).one()
    responsible_for = db.session.scalars(select(Action).where(
        Action.responsible_users.any(User.id == official.id))).all()
    assert len(responsible_for) == 3
    assert db.session.scalar(select(func.count()).select_from(action_community)) >= 9

    updates = db.session.scalars(select(ActionUpdate).order_by(ActionUpdate.created_at)).all()
    assert len(updates) == 8
    assert updates[-1].created_at - updates[0].created_at > timedelta(days=120)
    assert all(update.created_at < utcnow() for update in updates)
    statuses = {action.text[:20]: (action.status, action.progress)
                for action in db.session.scalars(select(Action))}
    assert statuses["Kartlägga vilka bygd"] == ("done", 100)
    assert statuses["Föra dialog med regi"] == ("ongoing", 50)
    assert statuses["Starta ett ungdomsrå"] == ("planned", 0)

    # None of the demo's own linking and updating is left to be mailed.
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.kind.in_(["proposal_linked", "action_changed"]))) == 0
    for action_id in {update.action_id for update in updates} | {dialogue_action}:
        assert client.get(f"/atgarder/{action_id}").status_code == 200


def test_loading_the_demo_twice_adds_nothing(app):
    load(app)
    before = (count(ProposalActionLink), count(DialogueActionLink), count(ActionUpdate),
              count(Action))

    again = load(app)

    assert "nothing was changed" in again.output
    assert (count(ProposalActionLink), count(DialogueActionLink), count(ActionUpdate),
            count(Action)) == before


def test_after_the_demo_new_rows_get_new_ids(app, make, pf):
    """The tests' quick demo load writes rows with their ids; new rows still fit."""
    load(app)
    highest = db.session.scalar(select(func.max(Proposal.id)))
    assert pf.proposal(make.user()).id > highest
