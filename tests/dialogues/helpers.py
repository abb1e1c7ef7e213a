"""Helpers shared by the dialogue tests."""

from __future__ import annotations

from sqlalchemy import func, select

from app.dialogues.models import Meeting, Registration
from app.extensions import db


def reload(obj):
    """Read a row again after a request changed it in its own session."""
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def registrations(meeting: Meeting) -> list[Registration]:
    db.session.expire_all()
    return list(db.session.scalars(select(Registration).where(
        Registration.meeting_id == meeting.id).order_by(Registration.id)))


def meeting_url(meeting: Meeting, suffix: str) -> str:
    return f"/dialoger/{meeting.dialogue_id}/moten/{meeting.id}/{suffix}"
