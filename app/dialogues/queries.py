"""Reading dialogues, meetings and registrations."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.accounts.models import User
from app.core.memo import request_memo
from app.core.models import utcnow
from app.core.pagination import Page
from app.dialogues.models import (
    Dialogue,
    DialogueStatus,
    DialogueTargetGroup,
    Meeting,
    Registration,
    RegistrationStatus,
)
from app.extensions import db
from app.proposals.models import PUBLIC_STATUSES, Proposal

WHOLE = "hela-kommunen"


def _listing(statement: Select) -> Select:
    return statement.options(joinedload(Dialogue.community), selectinload(Dialogue.meetings))


PER_PAGE = 20


def dialogues(community: str = "", status: str = "", target_group: str = "",
              page: int = 1) -> Page:
    """One page of the dialogues that match, newest first: at municipal scale
    there are hundreds, and rendering every card cost a quarter of a second."""
    statement = select(Dialogue)
    if community == WHOLE:
        statement = statement.where(Dialogue.community_id.is_(None))
    elif community.isdigit() and len(community) < 10:
        statement = statement.where(Dialogue.community_id == int(community))
    if status in {s.value for s in DialogueStatus}:
        statement = statement.where(Dialogue.status == status)
    if target_group:
        statement = statement.where(Dialogue.id.in_(
            select(DialogueTargetGroup.dialogue_id)
            .where(DialogueTargetGroup.target_group == target_group)))
    total = db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    pages = max(-(-total // PER_PAGE), 1)
    page = min(max(page, 1), pages)
    items = list(db.session.scalars(_listing(statement).order_by(
        Dialogue.created_at.desc(), Dialogue.id.desc())
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    return Page(items=items, page=page, per_page=PER_PAGE, total=total)


def target_groups_by_dialogue(ids: list[int]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        for row in db.session.scalars(select(DialogueTargetGroup).where(
                DialogueTargetGroup.dialogue_id.in_(ids))):
            result[row.dialogue_id].append(row.target_group)
    return result


def dialogue(dialogue_id: int) -> Dialogue | None:
    if not 0 < dialogue_id < 2**31:  # beyond the id column: cannot exist (and SQLite overflows)
        return None
    return db.session.scalars(
        select(Dialogue).options(joinedload(Dialogue.community),
                                 selectinload(Dialogue.partners),
                                 selectinload(Dialogue.responsible),
                                 selectinload(Dialogue.meetings).selectinload(
                                     Meeting.organisations_present))
        .where(Dialogue.id == dialogue_id)).first()


def dialogue_proposals(dialogue: Dialogue, include_hidden: bool = False) -> list[Proposal]:
    statement = (select(Proposal)
                 .options(joinedload(Proposal.theme), joinedload(Proposal.author),
                          joinedload(Proposal.organisation), joinedload(Proposal.community),
                          joinedload(Proposal.source_meeting))
                 .where(Proposal.dialogue_id == dialogue.id))
    if not include_hidden:
        statement = statement.where(Proposal.status.in_(PUBLIC_STATUSES))
    return list(db.session.scalars(statement.order_by(Proposal.created_at, Proposal.id)))


def registration_statuses(user) -> dict[int, str]:
    """The person's places and waiting-list places, by meeting (not the
    cancelled ones). Read once a request."""
    if not getattr(user, "is_authenticated", False):
        return {}
    memo = request_memo().setdefault("registration_statuses", {})
    if user.id not in memo:
        rows = db.session.execute(
            select(Registration.meeting_id, Registration.status)
            .where(Registration.user_id == user.id,
                   Registration.status != RegistrationStatus.CANCELLED))
        memo[user.id] = {meeting: str(status) for meeting, status in rows}
    return memo[user.id]


def participants(meeting: Meeting) -> list[Registration]:
    return list(db.session.scalars(
        select(Registration).options(joinedload(Registration.user),
                                     joinedload(Registration.organisation))
        .where(Registration.meeting_id == meeting.id,
               Registration.status != RegistrationStatus.CANCELLED)
        .order_by(Registration.status, Registration.created_at, Registration.id)))


def upcoming_meetings(community_id: int | None = None, limit: int | None = None,
                      whole_only: bool = False) -> list[Meeting]:
    statement = (select(Meeting).options(joinedload(Meeting.dialogue)
                                         .joinedload(Dialogue.community))
                 .join(Dialogue, Dialogue.id == Meeting.dialogue_id)
                 .where(Meeting.starts_at >= utcnow(), Meeting.cancelled_at.is_(None),
                        Dialogue.status.in_([DialogueStatus.PLANNED, DialogueStatus.OPEN]))
                 .order_by(Meeting.starts_at, Meeting.id))
    if community_id is not None:
        statement = statement.where(Dialogue.community_id == community_id)
    if limit:
        statement = statement.limit(limit)
    return list(db.session.scalars(statement))


def open_dialogues(community_id: int | None = None,
                   limit: int | None = None) -> list[Dialogue]:
    """Open dialogues, newest first; at most `limit` (the full list is /dialoger)."""
    statement = _listing(select(Dialogue)).where(Dialogue.status == DialogueStatus.OPEN)
    if community_id is not None:
        statement = statement.where(Dialogue.community_id == community_id)
    statement = statement.order_by(Dialogue.created_at.desc(), Dialogue.id.desc())
    return list(db.session.scalars(statement.limit(limit) if limit else statement))


def community_dialogues(community_id: int, limit: int | None = None) -> list[Dialogue]:
    """The community's dialogues, newest first; at most `limit`."""
    statement = _listing(select(Dialogue)).where(Dialogue.community_id == community_id) \
        .order_by(Dialogue.created_at.desc(), Dialogue.id.desc())
    return list(db.session.scalars(statement.limit(limit) if limit else statement))


def moderators() -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.role.in_(["moderator", "admin"]), User.active.is_(True))
        .order_by(User.display_name)))
