"""Case handling inside the municipality: who prepares a proposal's answer,
and the internal notes on it. Never commits.

Assignment and its removal are recorded in the proposal's history and in the
audit log. Notes are part of the case record: they are neither edited nor
deleted, and are shown only to moderators, officials and admins.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.core import audit
from app.core.mail import queue_mail
from app.core.permissions import Role
from app.core.urls import external_url
from app.extensions import db
from app.proposals.models import (
    UNIT_MAX,
    HistoryEvent,
    Proposal,
    ProposalHistory,
    ProposalNote,
    ProposalStatus,
)
from app.proposals.services import ProposalError

NOTE_MAX = 5000
MAX_ID = 2**31 - 1


def _clean_unit(unit: str | None) -> str | None:
    unit = " ".join((unit or "").split())
    if len(unit) > UNIT_MAX:
        raise ProposalError(_("Write at most %(max)s characters.", max=UNIT_MAX), field="unit")
    return unit or None


def official_by_id(official_id: int | None) -> User | None:
    """The active official with this id; refuses anyone else with a message."""
    if official_id is None:
        return None
    user = db.session.get(User, official_id) if 0 < official_id <= MAX_ID else None
    if user is None or user.is_deleted:
        raise ProposalError(_("Choose an official from the list."), field="official")
    if user.role != Role.OFFICIAL or not user.active:
        raise ProposalError(_("%(name)s is not an active official. Only officials can be "
                              "assigned proposals to answer.", name=user.display_name),
                            field="official")
    return user


def _history(proposal: Proposal, actor: User, event: HistoryEvent, assignee: User | None,
             unit: str | None) -> None:
    db.session.add(ProposalHistory(
        proposal_id=proposal.id, actor_id=actor.id, from_status=proposal.status,
        to_status=proposal.status, event=event, assignee_id=assignee.id if assignee else None,
        reason=unit))


def assign(proposal: Proposal, actor: User, official_id: int | None,
           unit: str | None) -> bool:
    """Give a proposal under consideration to an official and/or a unit.

    Returns False when it was already assigned exactly so (a form sent twice).
    The official is e-mailed when he or she is new to the proposal.
    """
    unit = _clean_unit(unit)
    official = official_by_id(official_id)
    if proposal.status != ProposalStatus.UNDER_CONSIDERATION:
        raise ProposalError(_("Only a proposal under consideration can be assigned. Change its "
                              "status to “Under consideration” first."))
    if official is None and unit is None:
        raise ProposalError(_("Choose an official, write a unit, or both."), field="official")
    new_id = official.id if official else None
    if proposal.assigned_to_id == new_id and proposal.assigned_unit == unit:
        return False
    previous = {"official": proposal.assigned_to_id, "unit": proposal.assigned_unit}
    newly_assigned = official is not None and proposal.assigned_to_id != official.id
    proposal.assigned_to_id = new_id
    proposal.assigned_unit = unit
    _history(proposal, actor, HistoryEvent.ASSIGNED, official, unit)
    audit.record("proposal.assigned", "proposal", proposal.reference, proposal.title,
                 actor=actor, details={"official": new_id, "unit": unit,
                                       "previous": previous})
    if newly_assigned:
        _mail_assignee(proposal, official)
    return True


def unassign(proposal: Proposal, actor: User) -> bool:
    """Remove the assignment; False when there was none."""
    if proposal.assigned_to_id is None and proposal.assigned_unit is None:
        return False
    previous = {"official": proposal.assigned_to_id, "unit": proposal.assigned_unit}
    proposal.assigned_to_id = None
    proposal.assigned_unit = None
    _history(proposal, actor, HistoryEvent.UNASSIGNED, None, None)
    audit.record("proposal.unassigned", "proposal", proposal.reference, proposal.title,
                 actor=actor, details={"previous": previous})
    return True


def _mail_assignee(proposal: Proposal, official: User) -> None:
    with force_locale(official.locale):
        subject = _("You are asked to answer %(reference)s", reference=proposal.reference)
        body = render_template(
            "mail/proposal_assigned.txt", user=official, proposal=proposal,
            url=external_url("proposals.show", reference=proposal.reference),
            answer_url=external_url("moderation.answer", reference=proposal.reference),
            list_url=external_url("proposals.to_answer"))
    queue_mail(official.email, subject, body, kind="proposal_assigned")


def _note_by_key(key: str | None, author: User) -> ProposalNote | None:
    if not key:
        return None
    return db.session.scalars(select(ProposalNote).where(
        ProposalNote.submission_key == key, ProposalNote.author_id == author.id)).first()


def add_note(proposal: Proposal, author: User, body: str | None,
             submission_key: str | None = None) -> ProposalNote:
    """Add an internal note. Sending the same form twice adds it once."""
    existing = _note_by_key(submission_key, author)
    if existing is not None:
        return existing
    body = (body or "").strip()
    if not body:
        raise ProposalError(_("Write the note before you save it."), field="body")
    if len(body) > NOTE_MAX:
        raise ProposalError(_("Write at most %(max)s characters.", max=NOTE_MAX), field="body")
    note = ProposalNote(proposal_id=proposal.id, author_id=author.id, body=body,
                        submission_key=submission_key)
    try:
        with db.session.begin_nested():
            db.session.add(note)
            db.session.flush()
    except IntegrityError:
        existing = _note_by_key(submission_key, author)
        if existing is None:
            # The key belongs to someone else's form: a tampered hidden field.
            raise ProposalError(_("Check what you sent and try again."), field="body") from None
        return existing
    return note
