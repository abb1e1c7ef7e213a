"""Helpers shared by the consultation tests."""

from __future__ import annotations

from sqlalchemy import func, select

from app.consultation.models import SectionComment
from app.extensions import db


def count(model=SectionComment) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def draft_url(consultation) -> str:
    return f"/styrdokument/{consultation.plan_id}/samrad"


def section_url(consultation, section) -> str:
    return f"{draft_url(consultation)}/avsnitt/{section.id}"
