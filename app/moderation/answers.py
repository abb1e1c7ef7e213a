"""The municipality's answer to a proposal: a decision, a motivation and the
actions of adopted plans it leads to, written in one step. Never commits.

Everything goes through the rules of the areas below: the status change and
its history, audit entry and e-mail to the followers through
`app.proposals.services.transition`, each link through
`app.plans.links.link_proposal`. A refused link raises before the view
commits, so nothing of the answer is kept.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from app.accounts.models import User
from app.extensions import db
from app.plans import links
from app.plans.models import Action, Challenge, Commitment, Plan, PlanStatus
from app.proposals import services as proposal_services
from app.proposals.models import Decision, Proposal, ProposalStatus

ANSWER_MAX = links.ANSWER_MAX
LINK_ROWS = 3


class AnswerError(Exception):
    """A rule refused the answer; the message is for the user, next to `field`."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def adopted_actions() -> list[Action]:
    """Every action of an adopted plan, in the documents' order, with its plan."""
    return list(db.session.scalars(
        select(Action).join(Action.commitment).join(Commitment.challenge).join(Challenge.plan)
        .options(contains_eager(Action.commitment).contains_eager(Commitment.challenge)
                 .contains_eager(Challenge.plan))
        .where(Plan.status == PlanStatus.ADOPTED)
        .order_by(Plan.title, Plan.id, Challenge.position, Challenge.id, Commitment.position,
                  Commitment.id, Action.position, Action.id)))


def is_adopted(action: Action) -> bool:
    return db.session.scalar(
        select(Plan.status).join(Challenge, Challenge.plan_id == Plan.id)
        .join(Commitment, Commitment.challenge_id == Challenge.id)
        .where(Commitment.id == action.commitment_id)) == PlanStatus.ADOPTED


def can_be_answered(proposal: Proposal) -> bool:
    return ProposalStatus.ANSWERED in proposal_services.TRANSITIONS[ProposalStatus(
        proposal.status)]


def is_same_answer(proposal: Proposal, decision: Decision, motivation: str) -> bool:
    """The proposal already carries this very answer: the form was sent twice."""
    return (proposal.status == ProposalStatus.ANSWERED and proposal.decision == decision
            and (proposal.answer or "") == (motivation or "").strip())


def _lock(proposal: Proposal) -> Proposal:
    """Re-read the proposal under a row lock (PostgreSQL), so two answers sent at
    once are written one after the other and the second sees the first."""
    return db.session.scalars(
        select(Proposal).where(Proposal.id == proposal.id).with_for_update(key_share=True)
        .execution_options(populate_existing=True)).one()


def answer_proposal(proposal: Proposal, actor: User, decision: Decision,
                    motivation: str | None,
                    link_rows: list[tuple[Action, str | None]]) -> bool:
    """Answer the proposal and link it to actions, all or nothing.

    `link_rows` holds (action, public motivation) pairs; their errors name the
    row's field, e.g. "links-1-motivation". Returns False when the proposal
    already has exactly this answer (a form sent twice): nothing is written.
    """
    proposal = _lock(proposal)
    if is_same_answer(proposal, decision, motivation or ""):
        return False
    if not can_be_answered(proposal):
        raise AnswerError(not_answerable_message(proposal), field="decision")
    motivation = (motivation or "").strip()
    if not motivation:
        raise AnswerError(_("Write the motivation of the answer. It is shown publicly."),
                          field="motivation")
    if len(motivation) > ANSWER_MAX:
        raise AnswerError(_("Write at most %(max)s characters.", max=ANSWER_MAX),
                          field="motivation")
    seen: set[int] = set()
    for index, (action, _text) in enumerate(link_rows):
        if action.id in seen:
            raise AnswerError(twice_message(), field=f"links-{index}-action")
        seen.add(action.id)
        if not is_adopted(action):
            raise AnswerError(not_adopted_message(), field=f"links-{index}-action")
    try:
        proposal_services.transition(proposal, ProposalStatus.ANSWERED, actor,
                                     reason=motivation, decision=decision)
    except proposal_services.ProposalError as error:
        raise AnswerError(str(error), field=error.field or "decision") from None
    for index, (action, text) in enumerate(link_rows):
        try:
            links.link_proposal(proposal, action, actor, text, notify=False)
        except links.LinkError as error:
            raise AnswerError(str(error),
                              field=f"links-{index}-{error.field or 'motivation'}") from None
    return True


def not_answerable_message(proposal: Proposal) -> str:
    if proposal.status == ProposalStatus.ANSWERED:
        return _("The proposal is already answered. To change the answer, set it back to "
                 "“Under consideration” first.")
    return _("A proposal that is “%(current)s” cannot be answered.",
             current=proposal_services.status_label(proposal.status))


def twice_message() -> str:
    return _("This action is chosen in another row as well. Choose each action once.")


def not_adopted_message() -> str:
    return _("Only actions of adopted steering documents can be linked in an answer.")
