"""Helpers shared by the adoption tests."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.consultation.services import today
from app.core.audit import AuditEntry
from app.extensions import db


def adopt_url(plan_or_id) -> str:
    return f"/admin/styrdokument/{getattr(plan_or_id, 'id', plan_or_id)}/anta"


def decision_data(**changes) -> dict:
    data = {"decision_body": "Kommunfullmäktige", "decision_date": today().isoformat(),
            "decision_paragraph": "§ 45", "decision_registry_number": "KS 2026/88",
            "decision_text": "Antogs med två ändringar efter samrådet."}
    data.update(changes)
    return data


def closing_today(cf, **options):
    """A plan in consultation whose last day is today: still open, and a
    decision dated today is after the consultation."""
    return cf.consultation(days_before=30, days_after=0, **options)


def audit_count(action: str) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == action))


def long_date(value: date) -> str:
    from app.core.i18n import date_filter

    return date_filter(value)
