"""Writing a plan by hand: its details, and its challenges, commitments and actions.

Every function checks what it is given and raises `PlanError(message, field)`
with a message for the official; nothing is committed here. Positions within
a plan, a challenge and a commitment are kept as 1, 2, 3 … after every change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.communities.models import LocalCommunity
from app.core import audit
from app.core.permissions import Role
from app.extensions import db
from app.plans import lifecycle, links
from app.plans.models import (
    Action,
    ActionStatus,
    Challenge,
    Commitment,
    Plan,
    PlanKind,
    PlanStatus,
)
from app.plans.services import PlanError

MIN_YEAR, MAX_YEAR = 1990, 2100
# Who can be named responsible for an action in the system.
RESPONSIBLE_ROLES = (Role.OFFICIAL, Role.MODERATOR)
MAX_ID = 2**31 - 1


@dataclass
class PlanDetails:
    title: str
    kind: str = PlanKind.ACTION_PLAN
    registry_number: str | None = None
    owner: str = ""
    first_year: int | None = None
    last_year: int | None = None
    status: str = PlanStatus.DRAFT
    decision_body: str | None = None
    decision_date: date | None = None
    decision_paragraph: str | None = None
    decision_registry_number: str | None = None
    decision_text: str | None = None
    parent_id: int | None = None
    introduction: str = ""


@dataclass
class ActionDetails:
    text: str
    responsible: str = ""
    responsible_user_ids: tuple[int, ...] = ()
    follow_up_report: str = ""
    follow_up_year: int | None = None
    status: str = ActionStatus.PLANNED
    progress: int = 0
    starts_on: date | None = None
    ends_on: date | None = None
    community_ids: tuple[int, ...] = ()


def _text(value: str | None, field: str, maximum: int, *, required: str | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise PlanError(required, field)
    if len(value) > maximum:
        raise PlanError(_("The text can be at most %(n)s characters.", n=maximum), field)
    return value


def _year(value: int | None, field: str) -> int | None:
    if value is None:
        return None
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise PlanError(_("Give a year from %(first)s to %(last)s.", first=MIN_YEAR,
                          last=MAX_YEAR), field)
    return value


# Plans


def plan_by_registry_number(number: str, *, other_than: Plan | None = None) -> Plan | None:
    query = select(Plan).where(Plan.registry_number == number)
    if other_than is not None and other_than.id is not None:
        query = query.where(Plan.id != other_than.id)
    return db.session.scalars(query).first()


def _duplicate(number: str) -> PlanError:
    return PlanError(_("Another steering document already has the registry number "
                       "%(number)s. Check the number with the registrar.", number=number),
                     "registry_number")


def _check_parent(plan: Plan, parent_id: int | None) -> int | None:
    """The parent must exist, and must not be the plan or one of the plans under it."""
    if parent_id is None:
        return None
    if not 0 < parent_id <= MAX_ID or db.session.get(Plan, parent_id) is None:
        raise PlanError(_("Choose a steering document from the list."), "parent_id")
    if plan.id is None:
        return parent_id
    seen: set[int] = set()
    current: int | None = parent_id
    while current is not None and current not in seen:
        if current == plan.id:
            raise PlanError(_("A steering document cannot be part of itself or of a document "
                              "that is part of it. Choose another one."), "parent_id")
        seen.add(current)
        current = db.session.scalar(select(Plan.parent_id).where(Plan.id == current))
    return parent_id


def _apply_details(plan: Plan, details: PlanDetails) -> None:
    title = _text(details.title, "title", 300, required=_("Write the title of the document."))
    number = _text(details.registry_number, "registry_number", 50,
                   required=_("Write the registry number (diarienummer), like KS 2025/88."))
    try:
        kind = PlanKind(details.kind)
    except ValueError:
        raise PlanError(_("Choose a type from the list."), "kind") from None
    try:
        status = PlanStatus(details.status)
    except ValueError:
        raise PlanError(_("Choose a status from the list."), "status") from None
    lifecycle.check_editor_status(plan, status)
    # The decision is recorded by adopting the plan; the editor only corrects it.
    decision = lifecycle.check_decision(lifecycle.Decision(
        details.decision_body, details.decision_date, details.decision_paragraph,
        details.decision_registry_number, details.decision_text),
        required=False) if lifecycle.is_decided(plan) else None
    first = _year(details.first_year, "first_year")
    last = _year(details.last_year, "last_year")
    if last is not None and first is None:
        raise PlanError(_("Give the first year too."), "first_year")
    if first is not None and last is None:
        last = first
    if first is not None and last < first:
        raise PlanError(_("The last year cannot be before the first year."), "last_year")
    parent_id = _check_parent(plan, details.parent_id)
    if plan_by_registry_number(number, other_than=plan) is not None:
        raise _duplicate(number)

    plan.title = title
    plan.kind = kind
    plan.registry_number = number
    plan.owner = _text(details.owner, "owner", 200)
    plan.first_year, plan.last_year = first, last
    plan.status = status
    if decision is not None:
        lifecycle.set_decision(plan, decision)
    plan.parent_id = parent_id
    plan.introduction = _text(details.introduction, "introduction", 20000)


def _flush_unique(plan: Plan) -> None:
    """Write the plan; a registry number taken by a concurrent request is refused."""
    try:
        with db.session.begin_nested():
            db.session.add(plan)
            db.session.flush()
    except IntegrityError:
        raise _duplicate(plan.registry_number or "") from None


def create_plan(details: PlanDetails) -> Plan:
    plan = Plan()
    _apply_details(plan, details)
    _flush_unique(plan)
    audit.record("plan.created", "plan", plan.id, plan.title)
    return plan


def update_plan(plan: Plan, details: PlanDetails) -> None:
    before = plan.status
    _apply_details(plan, details)
    _flush_unique(plan)
    changed = {"status": [before, plan.status]} if before != plan.status else None
    audit.record("plan.updated", "plan", plan.id, plan.title, details=changed)
    if (before, plan.status) == (PlanStatus.ADOPTED, PlanStatus.EXPIRED):
        audit.record("plan.expired", "plan", plan.id, plan.title,
                     details={"last_year": plan.last_year, "early": True})


def delete_plan(plan: Plan) -> None:
    """The plan goes with its challenges, commitments, actions and their links
    (the database cascades); plans under it keep existing without a parent."""
    audit.record("plan.deleted", "plan", plan.id, plan.title,
                 details={"registry_number": plan.registry_number})
    db.session.execute(delete(Plan).where(Plan.id == plan.id))


def _structure_changed(plan_id: int, what: str, change: str, label: str) -> None:
    """One audit entry per change to a plan's challenges, quotes and actions."""
    audit.record("plan.structure_changed", "plan", plan_id, label,
                 details={"what": what, "change": change})


def _plan_of_commitment(commitment_id: int) -> int:
    return db.session.scalar(select(Challenge.plan_id).join(Commitment).where(
        Commitment.id == commitment_id))


def action_count(plan: Plan) -> int:
    return db.session.scalar(
        select(func.count(Action.id)).join(Commitment).join(Challenge)
        .where(Challenge.plan_id == plan.id)) or 0


# Positions


def _renumber(rows: list) -> None:
    for index, row in enumerate(rows, start=1):
        if row.position != index:
            row.position = index


def _move(rows: list, row, direction: str) -> None:
    if direction not in ("up", "down"):
        raise PlanError(_("Move up or down."), "direction")
    _renumber(rows)
    index = rows.index(row)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(rows):
        rows[index].position, rows[other].position = rows[other].position, rows[index].position


def _challenges(plan_id: int) -> list[Challenge]:
    return list(db.session.scalars(select(Challenge).where(Challenge.plan_id == plan_id)
                                   .order_by(Challenge.position, Challenge.id)))


def _commitments(challenge_id: int) -> list[Commitment]:
    return list(db.session.scalars(
        select(Commitment).where(Commitment.challenge_id == challenge_id)
        .order_by(Commitment.position, Commitment.id)))


def _actions(commitment_id: int) -> list[Action]:
    return list(db.session.scalars(select(Action).where(Action.commitment_id == commitment_id)
                                   .order_by(Action.position, Action.id)))


def _next_position(rows: list) -> int:
    _renumber(rows)
    return len(rows) + 1


# Challenges


def _challenge_fields(title: str | None, description: str | None) -> tuple[str, str]:
    return (_text(title, "title", 300, required=_("Write the challenge's title.")),
            _text(description, "description", 5000))


def add_challenge(plan: Plan, title: str | None, description: str | None) -> Challenge:
    """A new last challenge; the same title sent twice (a double submit) adds one."""
    title, description = _challenge_fields(title, description)
    same = db.session.scalars(select(Challenge).where(Challenge.plan_id == plan.id,
                                                      Challenge.title == title)).first()
    if same is not None:
        return same
    challenge = Challenge(plan_id=plan.id, position=_next_position(_challenges(plan.id)),
                          title=title, description=description)
    db.session.add(challenge)
    db.session.flush()
    _structure_changed(plan.id, "challenge", "added", title)
    return challenge


def update_challenge(challenge: Challenge, title: str | None, description: str | None) -> None:
    challenge.title, challenge.description = _challenge_fields(title, description)
    _structure_changed(challenge.plan_id, "challenge", "edited", challenge.title)


def delete_challenge(challenge: Challenge) -> None:
    plan_id = challenge.plan_id
    _structure_changed(plan_id, "challenge", "deleted", challenge.title)
    db.session.execute(delete(Challenge).where(Challenge.id == challenge.id))
    _renumber(_challenges(plan_id))


def move_challenge(challenge: Challenge, direction: str) -> None:
    _structure_changed(challenge.plan_id, "challenge", f"moved {direction}", challenge.title)
    _move(_challenges(challenge.plan_id), challenge, direction)


# Commitments


def _quote(quote: str | None) -> str:
    return _text(quote, "quote", 5000, required=_("Write the text quoted from the strategy."))


def add_commitment(challenge: Challenge, quote: str | None) -> Commitment:
    """A new last quote; the same quote sent twice (a double submit) adds one."""
    quote = _quote(quote)
    siblings = _commitments(challenge.id)
    same = next((row for row in siblings if row.quote == quote), None)
    if same is not None:
        return same
    commitment = Commitment(challenge_id=challenge.id, position=_next_position(siblings),
                            quote=quote)
    db.session.add(commitment)
    db.session.flush()
    _structure_changed(challenge.plan_id, "quote", "added", quote)
    return commitment


def update_commitment(commitment: Commitment, quote: str | None) -> None:
    commitment.quote = _quote(quote)
    _structure_changed(_plan_of_commitment(commitment.id), "quote", "edited", commitment.quote)


def delete_commitment(commitment: Commitment) -> None:
    challenge_id = commitment.challenge_id
    _structure_changed(_plan_of_commitment(commitment.id), "quote", "deleted", commitment.quote)
    db.session.execute(delete(Commitment).where(Commitment.id == commitment.id))
    _renumber(_commitments(challenge_id))


def move_commitment(commitment: Commitment, direction: str) -> None:
    _structure_changed(_plan_of_commitment(commitment.id), "quote", f"moved {direction}",
                       commitment.quote)
    _move(_commitments(commitment.challenge_id), commitment, direction)


# Actions


def responsible_candidates(action: Action | None = None) -> list[User]:
    """Active officials and moderators, and whoever already answers for the action."""
    query = select(User).where(User.role.in_([r.value for r in RESPONSIBLE_ROLES]),
                               User.active.is_(True))
    people = {user.id: user for user in db.session.scalars(query)}
    if action is not None:
        for user in action.responsible_users:
            people.setdefault(user.id, user)
    return sorted(people.values(), key=lambda user: (user.display_name.casefold(), user.id))


def community_candidates(action: Action | None = None) -> list[LocalCommunity]:
    """Communities in use, and those the action already concerns."""
    query = select(LocalCommunity).where(LocalCommunity.archived_at.is_(None)) \
        .order_by(LocalCommunity.position, LocalCommunity.name)
    found = list(db.session.scalars(query))
    if action is not None:
        found += [c for c in action.communities if c not in found]
    return found


def _chosen(ids, candidates: list, field: str, message: str) -> list:
    by_id = {row.id: row for row in candidates}
    chosen = []
    for row_id in dict.fromkeys(ids):
        if row_id not in by_id:
            raise PlanError(message, field)
        chosen.append(by_id[row_id])
    return chosen


def _apply_action(action: Action, details: ActionDetails, current: Action | None) -> None:
    text = _text(details.text, "text", 5000, required=_("Write what the action is."))
    responsible = _text(details.responsible, "responsible", 300)
    report = _text(details.follow_up_report, "follow_up_report", 200)
    year = _year(details.follow_up_year, "follow_up_year")
    try:
        status = ActionStatus(details.status)
    except ValueError:
        raise PlanError(_("Choose a status from the list."), "status") from None
    if details.progress is None or not 0 <= details.progress <= 100:
        raise PlanError(_("Give the progress as a whole number from 0 to 100."), "progress")
    if details.starts_on and details.ends_on and details.ends_on < details.starts_on:
        raise PlanError(_("The end date cannot be before the start date."), "ends_on")
    users = _chosen(details.responsible_user_ids, responsible_candidates(current),
                    "responsible_user_ids", _("Choose responsible people from the list."))
    communities = _chosen(details.community_ids, community_candidates(current),
                          "community_ids", _("Choose local communities from the list."))
    action.text, action.responsible, action.follow_up_report = text, responsible, report
    action.follow_up_year, action.progress = year, details.progress
    action.set_status(status)
    action.starts_on, action.ends_on = details.starts_on, details.ends_on
    action.responsible_users = users
    action.communities = communities


def add_action(commitment: Commitment, details: ActionDetails) -> Action:
    """A new last action; the same text sent twice (a double submit) adds one."""
    siblings = _actions(commitment.id)
    same = next((row for row in siblings if row.text == (details.text or "").strip()), None)
    if same is not None:
        return same
    action = Action(commitment_id=commitment.id, position=_next_position(siblings))
    _apply_action(action, details, None)
    db.session.add(action)
    db.session.flush()
    _structure_changed(_plan_of_commitment(commitment.id), "action", "added", action.text)
    return action


def update_action(action: Action, details: ActionDetails, actor: User | None) -> bool:
    """Save the action; when its status changes, the people behind its linked
    proposals are told. Returns whether the status changed."""
    before = action.status
    _apply_action(action, details, action)
    db.session.flush()
    _structure_changed(_plan_of_commitment(action.commitment_id), "action", "edited",
                       action.text)
    changed = action.status != before
    if changed:
        links.notify_action_change(action, actor)
    return changed


def delete_action(action: Action) -> None:
    commitment_id = action.commitment_id
    _structure_changed(_plan_of_commitment(commitment_id), "action", "deleted", action.text)
    db.session.execute(delete(Action).where(Action.id == action.id))
    _renumber(_actions(commitment_id))


def move_action(action: Action, direction: str) -> None:
    _structure_changed(_plan_of_commitment(action.commitment_id), "action",
                       f"moved {direction}", action.text)
    _move(_actions(action.commitment_id), action, direction)
