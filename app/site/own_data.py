"""Accessibility reports a person sent: export, and erasure of who sent them
(the description of the problem stays for the municipality to fix it)."""

from __future__ import annotations

from sqlalchemy import func, or_, select, update

from app.accounts.models import User
from app.core import own_data
from app.core.own_data import iso
from app.extensions import db
from app.site.models import AccessibilityReport


def _mine(user: User):
    return or_(AccessibilityReport.reporter_id == user.id,
               func.lower(AccessibilityReport.contact_email) == user.email.lower())


def _export(user: User) -> list[dict]:
    reports = db.session.scalars(select(AccessibilityReport).where(_mine(user))
                                 .order_by(AccessibilityReport.created_at))
    return [{"page": report.page_url, "description": report.description,
             "contact_email": report.contact_email, "sent_at": iso(report.created_at)}
            for report in reports]


def _erase(user: User) -> None:
    db.session.execute(update(AccessibilityReport).where(_mine(user))
                       .values(reporter_id=None, contact_email=None))


own_data.register_exporter("accessibility_reports", _export)
own_data.register_eraser(_erase, order=50)
