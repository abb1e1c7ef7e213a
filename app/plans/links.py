"""The traceability chain: proposals and dialogues linked to actions, and
action updates that reach the people behind the linked proposals.

Linking never changes a proposal's answer by itself; `link_proposal` sets an
answer only when the caller passes one explicitly. Never commits.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.core import audit, notifications
from app.core.models import utcnow
from app.core.urls import external_url
from app.dialogues.models import Dialogue
from app.extensions import db
from app.plans.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    DialogueActionLink,
    ProposalActionLink,
)
from app.proposals import services as proposal_services
from app.proposals.models import (
    Decision,
    HistoryEvent,
    Proposal,
    ProposalHistory,
    ProposalStatus,
)

MOTIVATION_MAX = 2000
UPDATE_MAX = 5000
ANSWER_MAX = 5000
# An identical update by the same person within this time is taken as a form sent twice.
DUPLICATE_WINDOW = timedelta(minutes=10)

# A proposal must be public to be linked: one awaiting review or hidden by a
# moderator would otherwise show up on a public action page.
LINKABLE_STATUSES = (
    ProposalStatus.PUBLISHED, ProposalStatus.UNDER_CONSIDERATION, ProposalStatus.ANSWERED,
    ProposalStatus.IMPLEMENTED,
)


class LinkError(Exception):
    """A rule of the chain refused the operation; the message is for the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _clean_text(text: str | None, field: str, maximum: int, empty_message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise LinkError(empty_message, field=field)
    if len(text) > maximum:
        raise LinkError(_("Write at most %(max)s characters.", max=maximum), field=field)
    return text


def _motivation(text: str | None) -> str:
    return _clean_text(text, "motivation", MOTIVATION_MAX,
                       _("Write a motivation. It is shown publicly with the link."))


def _insert_link(row) -> bool:
    """Add a link row; False when the same link already exists (a double submit)."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        return False
    return True


def _history(proposal: Proposal, actor: User | None, event: HistoryEvent, action: Action,
             reason: str) -> None:
    db.session.add(ProposalHistory(
        proposal_id=proposal.id, actor_id=actor.id if actor else None,
        from_status=proposal.status, to_status=proposal.status, event=event,
        action_id=action.id, action_text=action.text, reason=reason))


def proposal_link(proposal: Proposal, action: Action) -> ProposalActionLink | None:
    return db.session.scalars(select(ProposalActionLink).where(
        ProposalActionLink.proposal_id == proposal.id,
        ProposalActionLink.action_id == action.id)).first()


def link_proposal(proposal: Proposal, action: Action, actor: User, motivation: str | None,
                  decision: Decision | None = None, answer: str | None = None,
                  notify: bool = True) -> ProposalActionLink:
    """Link a proposal to an action with a public motivation.

    With `decision` and `answer` the proposal is answered in the same step
    (through the proposal's own status rules); without them its status and
    answer stay exactly as they were. Sending the same link twice adds it once.
    With `notify=False` nobody is e-mailed about the link, for a caller that
    sends its own message (an answer's status e-mail, which leads to the
    proposal's page where the links are shown), so nobody gets one per link.
    """
    motivation = _motivation(motivation)
    if proposal.status not in LINKABLE_STATUSES:
        raise LinkError(_("Only a published proposal can be linked to an action."))
    if decision is not None:
        answer = _clean_text(answer, "answer", ANSWER_MAX,
                             _("An answer needs a decision and a motivation."))
        _check_can_answer(proposal)
    link = ProposalActionLink(proposal_id=proposal.id, action_id=action.id,
                              motivation=motivation, created_by_id=actor.id)
    if not _insert_link(link):
        existing = proposal_link(proposal, action)
        if existing is None:  # pragma: no cover - the conflicting row vanished meanwhile
            raise LinkError(_("Check what you sent and try again."))
        return existing
    _history(proposal, actor, HistoryEvent.LINKED, action, motivation)
    audit.record("proposal.linked", "proposal", proposal.reference, proposal.title,
                 actor=actor, reason=motivation, details={"action": action.id})
    if decision is not None:
        try:
            proposal_services.transition(proposal, ProposalStatus.ANSWERED, actor,
                                         reason=answer, decision=decision, notify=False)
        except proposal_services.ProposalError as error:
            raise LinkError(str(error), field="decision") from None
    if notify:
        _notify_link(proposal, action, link, actor)
    return link


def _check_can_answer(proposal: Proposal) -> None:
    """Refuse before anything is written when the proposal cannot be answered now."""
    current = ProposalStatus(proposal.status)
    if ProposalStatus.ANSWERED not in proposal_services.TRANSITIONS[current]:
        raise LinkError(_("A proposal that is “%(current)s” cannot become “%(target)s”.",
                          current=proposal_services.status_label(current),
                          target=proposal_services.status_label(ProposalStatus.ANSWERED)),
                        field="decision")


def unlink_proposal(link: ProposalActionLink, actor: User, reason: str | None) -> None:
    """Remove a link; the proposal's history keeps who removed it, when and why."""
    reason = _clean_text(reason, "reason", MOTIVATION_MAX,
                         _("Say why the link is removed. It is shown in the proposal's history."))
    proposal = db.session.get(Proposal, link.proposal_id)
    action = db.session.get(Action, link.action_id)
    _history(proposal, actor, HistoryEvent.UNLINKED, action, reason)
    audit.record("proposal.unlinked", "proposal", proposal.reference, proposal.title,
                 actor=actor, reason=reason, details={"action": action.id})
    db.session.delete(link)
    db.session.flush()


def dialogue_link(dialogue: Dialogue, action: Action) -> DialogueActionLink | None:
    return db.session.scalars(select(DialogueActionLink).where(
        DialogueActionLink.dialogue_id == dialogue.id,
        DialogueActionLink.action_id == action.id)).first()


def link_dialogue(dialogue: Dialogue, action: Action, actor: User,
                  motivation: str | None) -> DialogueActionLink:
    motivation = _motivation(motivation)
    link = DialogueActionLink(dialogue_id=dialogue.id, action_id=action.id,
                              motivation=motivation, created_by_id=actor.id)
    if not _insert_link(link):
        existing = dialogue_link(dialogue, action)
        if existing is None:  # pragma: no cover - the conflicting row vanished meanwhile
            raise LinkError(_("Check what you sent and try again."))
        return existing
    audit.record("dialogue.linked", "dialogue", dialogue.id, dialogue.title, actor=actor,
                 reason=motivation, details={"action": action.id})
    return link


def unlink_dialogue(link: DialogueActionLink) -> None:
    dialogue = db.session.get(Dialogue, link.dialogue_id)
    audit.record("dialogue.unlinked", "dialogue", dialogue.id, dialogue.title,
                 details={"action": link.action_id})
    db.session.delete(link)
    db.session.flush()


def add_update(action: Action, actor: User, text: str | None, status: str | None,
               progress: int | None) -> ActionUpdate:
    """A dated entry in the action's timeline; it also sets the action's status
    and progress, and tells the people behind its linked proposals."""
    text = _clean_text(text, "text", UPDATE_MAX, _("Write what has happened."))
    try:
        status = ActionStatus(status)
    except ValueError:
        raise LinkError(_("Choose a status from the list."), field="status") from None
    if progress is None or not 0 <= progress <= 100:
        raise LinkError(_("Give the progress as a whole number from 0 to 100."),
                        field="progress")
    # Serialise updates of one action (a row lock on PostgreSQL; SQLite writes
    # one at a time anyway), so the duplicate check below sees a twin's row.
    db.session.execute(select(Action.id).where(Action.id == action.id).with_for_update())
    twin = _recent_twin(action, actor, text, status, progress)
    if twin is not None:
        return twin
    update = ActionUpdate(action_id=action.id, author_id=actor.id, text=text, status=status,
                          progress=progress, created_at=utcnow())
    db.session.add(update)
    action.set_status(status)
    action.progress = progress
    db.session.flush()
    audit.record("action.updated", "action", action.id, action.text, actor=actor,
                 reason=text, details={"status": str(status), "progress": progress})
    notify_action_change(action, actor, update=update)
    return update


def _recent_twin(action: Action, actor: User, text: str, status: str,
                 progress: int) -> ActionUpdate | None:
    """The same update by the same person within DUPLICATE_WINDOW: a form sent
    twice (a double click, a reload) is published once."""
    return db.session.scalars(
        select(ActionUpdate).where(
            ActionUpdate.action_id == action.id, ActionUpdate.author_id == actor.id,
            ActionUpdate.text == text, ActionUpdate.status == status,
            ActionUpdate.progress == progress,
            ActionUpdate.created_at >= utcnow() - DUPLICATE_WINDOW)
        .order_by(ActionUpdate.id.desc())).first()


def _public_linked_proposals(action: Action):
    return (select(ProposalActionLink.proposal_id)
            .join(Proposal, Proposal.id == ProposalActionLink.proposal_id)
            .where(ProposalActionLink.action_id == action.id,
                   Proposal.status.in_(LINKABLE_STATUSES)))


def _notify_link(proposal: Proposal, action: Action, link: ProposalActionLink,
                 actor: User | None) -> None:
    url = external_url("proposals.show", reference=proposal.reference)
    action_url = external_url("plans.action", action_id=action.id)
    recipients = proposal_services.audience([proposal.id], actor)
    modes = notifications.modes_for(recipients)
    for user, category in recipients:
        with force_locale(user.locale):
            decision = _decision_label(proposal.decision)
        notifications.notify(
            user, category, "proposal_linked",
            subject=lambda: _("%(reference)s is linked to an action",
                              reference=proposal.reference),
            template="proposal_linked", url=url, proposal=proposal, action=action,
            link=link, action_url=action_url, decision=decision,
            mode=modes[user.id, category])


def notify_action_change(action: Action, actor: User | None,
                         update: ActionUpdate | None = None) -> int:
    """Tell the authors, followers and supporters of the action's linked
    proposals about a new update or a changed status: one notification per
    person. Returns how many."""
    action_url = external_url("plans.action", action_id=action.id)
    recipients = proposal_services.audience(_public_linked_proposals(action), actor)
    modes = notifications.modes_for(recipients)
    for user, category in recipients:
        with force_locale(user.locale):
            status = _status_label(action.status)
        notifications.notify(
            user, category, "action_changed",
            subject=lambda: _("An action linked to a proposal you follow has news"),
            template="action_changed", url=action_url, action=action, update=update,
            action_url=action_url, status=status, mode=modes[user.id, category])
    return len(recipients)


def _status_label(status: str) -> str:
    from app.plans.labels import ACTION_STATUS_LABELS

    return str(ACTION_STATUS_LABELS.get(status, status))


def _decision_label(decision: str | None) -> str:
    from app.proposals.labels import DECISION_LABELS

    return str(DECISION_LABELS[decision]) if decision else ""
