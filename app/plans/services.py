"""Every write to plans. Never commits."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select, union
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.core import audit
from app.extensions import db
from app.plans.drafts import ActionDraft, ChallengeDraft, CommitmentDraft, PlanDraft
from app.plans.models import (
    Action,
    ActionUpdate,
    Challenge,
    Commitment,
    DialogueActionLink,
    Plan,
    PlanKind,
    PlanStatus,
    ProposalActionLink,
)


class PlanError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def plan_by_registry_number(registry_number: str) -> Plan | None:
    if not registry_number:
        return None
    return db.session.scalars(select(Plan).where(
        Plan.registry_number == registry_number.strip())).first()


def normalised(text: str) -> str:
    """How a re-import recognises a challenge, a quote or an action: case and spacing aside."""
    return " ".join(text.split()).casefold()


# --- replacing a stored plan from a file --------------------------------------------------------


@dataclass
class ReplaceChanges:
    """What replacing a stored plan with a draft does, worked out before anything is written.

    `pairs` maps each draft object (by `id()`) to the stored row it updates;
    draft objects without a pair are added. `removed` are the stored actions
    the file no longer has, and `blocked` those of them that have links or
    updates: while there are any, the replace is refused.
    """

    stored_challenges: list[Challenge] = field(default_factory=list)
    pairs: dict[int, Challenge | Commitment | Action] = field(default_factory=dict)
    updated: int = 0
    added: int = 0
    removed: list[Action] = field(default_factory=list)
    removed_challenges: list[Challenge] = field(default_factory=list)
    removed_commitments: list[Commitment] = field(default_factory=list)
    blocked: list[Action] = field(default_factory=list)

    def describe(self) -> str:
        """“6 actions are updated, 1 is added, 2 are removed” in the user's language."""
        return ", ".join((
            ngettext("%(num)s action is updated", "%(num)s actions are updated", self.updated),
            ngettext("%(num)s is added", "%(num)s are added", self.added),
            ngettext("%(num)s is removed", "%(num)s are removed", len(self.removed)),
        ))

    def refusal(self) -> str:
        """Why the replace is refused, naming the actions that would be lost."""
        names = "; ".join(f"“{_shorten(action.text)}”" for action in self.blocked)
        return ngettext(
            "The file no longer has %(num)s action that has linked proposals, dialogues or "
            "updates: %(actions)s. Nothing was saved. Keep the action in the file (with the "
            "same text), or remove its links first.",
            "The file no longer has %(num)s actions that have linked proposals, dialogues or "
            "updates: %(actions)s. Nothing was saved. Keep the actions in the file (with the "
            "same text), or remove their links first.",
            len(self.blocked), actions=names)


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _match(stored: list, drafts: list, key_of_row, key_of_draft) -> tuple[list, list]:
    """Pair drafts with stored rows by key, in order; return (pairs, unmatched rows)."""
    waiting: dict[str, list] = {}
    for row in stored:
        waiting.setdefault(key_of_row(row), []).append(row)
    pairs = []
    for draft in drafts:
        rows = waiting.get(key_of_draft(draft))
        pairs.append((draft, rows.pop(0) if rows else None))
    used = {id(row) for _draft, row in pairs if row is not None}
    return pairs, [row for row in stored if id(row) not in used]


def _load_structure(plan: Plan) -> list[Challenge]:
    return list(db.session.scalars(
        select(Challenge).where(Challenge.plan_id == plan.id)
        .options(selectinload(Challenge.commitments).selectinload(Commitment.actions))
        .order_by(Challenge.position, Challenge.id)))


def _actions_with_something_attached(action_ids: list[int]) -> set[int]:
    if not action_ids:
        return set()
    attached = union(*(select(model.action_id).where(model.action_id.in_(action_ids))
                       for model in (ProposalActionLink, DialogueActionLink, ActionUpdate)))
    return set(db.session.scalars(attached))


def replace_changes(plan: Plan, draft: PlanDraft) -> ReplaceChanges:
    """Match the draft against the stored plan: nothing is written."""
    changes = ReplaceChanges()
    removed: list[Action] = []
    changes.stored_challenges = _load_structure(plan)
    challenge_pairs, gone_challenges = _match(
        changes.stored_challenges, draft.challenges, lambda row: normalised(row.title),
        lambda draft_row: normalised(draft_row.title))
    changes.removed_challenges = gone_challenges
    for gone in gone_challenges:
        changes.removed_commitments.extend(gone.commitments)
        for commitment in gone.commitments:
            removed.extend(commitment.actions)
    for challenge_draft, challenge in challenge_pairs:
        if challenge is None:
            changes.added += challenge_draft.action_count
            continue
        changes.pairs[id(challenge_draft)] = challenge
        commitment_pairs, gone_commitments = _match(
            challenge.commitments, challenge_draft.commitments,
            lambda row: normalised(row.quote), lambda draft_row: normalised(draft_row.quote))
        changes.removed_commitments.extend(gone_commitments)
        for commitment in gone_commitments:
            removed.extend(commitment.actions)
        for commitment_draft, commitment in commitment_pairs:
            if commitment is None:
                changes.added += len(commitment_draft.actions)
                continue
            changes.pairs[id(commitment_draft)] = commitment
            action_pairs, gone_actions = _match(
                commitment.actions, commitment_draft.actions,
                lambda row: normalised(row.text), lambda draft_row: normalised(draft_row.text))
            removed.extend(gone_actions)
            for action_draft, action in action_pairs:
                if action is None:
                    changes.added += 1
                else:
                    changes.pairs[id(action_draft)] = action
                    changes.updated += 1
    changes.removed = removed
    attached = _actions_with_something_attached([action.id for action in removed])
    changes.blocked = [action for action in removed if action.id in attached]
    return changes


def _apply_action(action: Action, draft: ActionDraft, position: int) -> None:
    action.position = position
    action.text = draft.text
    action.responsible = draft.responsible
    action.follow_up_report = draft.follow_up_report
    action.follow_up_year = draft.follow_up_year


def _new_action(draft: ActionDraft, position: int) -> Action:
    action = Action(text=draft.text)
    _apply_action(action, draft, position)
    return action


def _apply_commitment(commitment: Commitment, draft: CommitmentDraft, position: int,
                      changes: ReplaceChanges) -> None:
    commitment.position = position
    commitment.quote = draft.quote
    kept = []
    for a_index, action_draft in enumerate(draft.actions, start=1):
        action = changes.pairs.get(id(action_draft))
        if action is None:
            action = _new_action(action_draft, a_index)
        else:
            _apply_action(action, action_draft, a_index)
        kept.append(action)
    commitment.actions = kept  # actions left out are deleted as orphans


def _apply_challenge(challenge: Challenge, draft: ChallengeDraft, position: int,
                     changes: ReplaceChanges) -> None:
    challenge.position = position
    challenge.title = draft.title
    # Tables (CSV, XLSX) have no place for the quoted passage: keep the stored one.
    if draft.description:
        challenge.description = draft.description
    kept = []
    for m_index, commitment_draft in enumerate(draft.commitments, start=1):
        commitment = changes.pairs.get(id(commitment_draft))
        if commitment is None:
            commitment = Commitment(quote=commitment_draft.quote, actions=[])
        _apply_commitment(commitment, commitment_draft, m_index, changes)
        kept.append(commitment)
    challenge.commitments = kept


def _replace_structure(plan: Plan, draft: PlanDraft) -> ReplaceChanges:
    changes = replace_changes(plan, draft)
    if changes.blocked:
        raise PlanError(changes.refusal(), field="replace")
    # The rows to keep are in the session with their collections loaded; the
    # plan's own collection is set from them, so that what the file no longer
    # has is deleted as an orphan (and only that).
    plan_challenges = []
    for c_index, challenge_draft in enumerate(draft.challenges, start=1):
        challenge = changes.pairs.get(id(challenge_draft))
        if challenge is None:
            challenge = Challenge(title=challenge_draft.title, commitments=[])
        _apply_challenge(challenge, challenge_draft, c_index, changes)
        plan_challenges.append(challenge)
    set_committed_value(plan, "challenges", changes.stored_challenges)
    plan.challenges = plan_challenges
    return changes


def replace_preview(draft: PlanDraft) -> ReplaceChanges | None:
    """What `save_draft(draft, replace=True)` would do, or None when there is no such plan."""
    existing = plan_by_registry_number(draft.registry_number)
    return replace_changes(existing, draft) if existing is not None else None


def save_draft(draft: PlanDraft, *, kind: str = PlanKind.ACTION_PLAN, owner: str = "",
               status: str = PlanStatus.ADOPTED, replace: bool = False) -> Plan:
    """Store an imported plan with its challenges, commitments and actions.

    A plan with the same registry number is refused unless `replace` is
    given. Replacing updates the stored plan in place: challenges, quotes and
    actions the file still has (compared without regard to case and spacing)
    keep their ids and everything attached to them, new ones are added, and
    those the file no longer has are deleted — unless an action among them
    has links or updates, in which case nothing is changed and `PlanError`
    names the actions.
    """
    if not draft.title.strip():
        raise PlanError(_("The plan needs a title."), field="title")
    existing = plan_by_registry_number(draft.registry_number)
    if existing is not None and not replace:
        raise PlanError(_("A plan with the registry number %(number)s already exists. Import "
                          "with replace to update it.", number=draft.registry_number),
                        field="registry_number")
    if existing is not None:
        _replace_structure(existing, draft)
    plan = existing or Plan()
    plan.title = draft.title.strip()
    plan.registry_number = draft.registry_number.strip() or None
    plan.kind = PlanKind(kind)
    plan.owner = owner or plan.owner or ""
    plan.status = PlanStatus(status) if existing is None else plan.status
    if draft.period:
        plan.first_year, plan.last_year = draft.period
    if existing is not None:
        db.session.flush()
        audit.record("plan.replaced", "plan", plan.id, plan.title,
                     details={"registry_number": plan.registry_number})
        return plan
    db.session.add(plan)
    db.session.flush()
    audit.record("plan.imported", "plan", plan.id, plan.title,
                 details={"registry_number": plan.registry_number})
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
