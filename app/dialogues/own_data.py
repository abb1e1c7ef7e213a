"""A person's meeting registrations: export and erasure.

Deleting the account cancels registrations for meetings still to come, so
the place goes to the waiting list, and erases the needs told to organisers
(interpreter, allergies, accessibility) from every registration. Past
registrations stay, so attendance figures remain true, tied to an account
that no longer says who."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from app.accounts.models import User
from app.core import own_data
from app.core.models import utcnow
from app.core.own_data import iso
from app.dialogues import services
from app.dialogues.models import (
    Dialogue,
    Meeting,
    Registration,
    RegistrationStatus,
    dialogue_responsible,
)
from app.extensions import db


def _export(user: User) -> dict:
    rows = db.session.execute(
        select(Registration, Meeting, Dialogue)
        .join(Meeting, Meeting.id == Registration.meeting_id)
        .join(Dialogue, Dialogue.id == Meeting.dialogue_id)
        .where(Registration.user_id == user.id).order_by(Meeting.starts_at)).tuples()
    responsible = db.session.scalars(
        select(Dialogue.title).join(dialogue_responsible,
                                    dialogue_responsible.c.dialogue_id == Dialogue.id)
        .where(dialogue_responsible.c.user_id == user.id).order_by(Dialogue.title))
    return {
        "registrations": [{
            "dialogue": dialogue.title, "meeting": meeting.title,
            "starts_at": iso(meeting.starts_at), "place": meeting.place,
            "status": registration.status, "registered_at": iso(registration.created_at),
            "interpreter": registration.needs_interpreter,
            "allergies": registration.allergies,
            "accessibility_needs": registration.accessibility_needs,
        } for registration, meeting, dialogue in rows],
        "responsible_for_dialogues": list(responsible),
    }


def _erase(user: User) -> None:
    upcoming = db.session.scalars(
        select(Registration).join(Meeting, Meeting.id == Registration.meeting_id)
        .where(Registration.user_id == user.id, Meeting.starts_at > utcnow(),
               Registration.status != RegistrationStatus.CANCELLED))
    for registration in list(upcoming):
        services.cancel_registration(registration)
    db.session.execute(update(Registration).where(Registration.user_id == user.id).values(
        needs_interpreter=None, allergies=None, accessibility_needs=None))
    db.session.execute(delete(dialogue_responsible).where(
        dialogue_responsible.c.user_id == user.id))


own_data.register_exporter("dialogues", _export)
own_data.register_eraser(_erase, order=30)
