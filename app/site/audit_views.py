"""Browsing and exporting the audit log (admins only)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, time, timedelta

from flask import Response, render_template, request
from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select

from app.accounts.models import User
from app.core.audit import AuditEntry
from app.core.audit_labels import AUDIT_ACTIONS, TARGET_TYPES
from app.core.permissions import Permission, requires
from app.extensions import db
from app.site import bp
from app.site.forms import AuditFilterForm

PER_PAGE = 50
EXPORT_BATCH = 1000


def _filtered(form: AuditFilterForm) -> Select:
    query = select(AuditEntry)
    if not form.validate():
        return query
    if form.action.data:
        query = query.where(AuditEntry.action == form.action.data)
    if form.target_type.data:
        query = query.where(AuditEntry.target_type == form.target_type.data)
    if form.actor.data:
        pattern = f"%{form.actor.data.lower()}%"
        actors = select(User.id).where(or_(func.lower(User.display_name).like(pattern),
                                           func.lower(User.email).like(pattern)))
        query = query.where(AuditEntry.actor_id.in_(actors))
    if form.q.data:
        pattern = f"%{form.q.data.lower()}%"
        query = query.where(or_(func.lower(AuditEntry.target_label).like(pattern),
                                func.lower(AuditEntry.target_id).like(pattern),
                                func.lower(AuditEntry.reason).like(pattern)))
    if form.date_from.data:
        query = query.where(AuditEntry.created_at
                            >= datetime.combine(form.date_from.data, time.min, tzinfo=UTC))
    if form.date_to.data:
        query = query.where(AuditEntry.created_at < datetime.combine(
            form.date_to.data + timedelta(days=1), time.min, tzinfo=UTC))
    return query


def _actors(entries) -> dict[int, User]:
    ids = {entry.actor_id for entry in entries if entry.actor_id is not None}
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


@bp.route("/admin/logg")
@requires(Permission.VIEW_ADMIN)
def audit_log():
    form = AuditFilterForm(request.args)
    query = _filtered(form).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    page = db.paginate(query, per_page=PER_PAGE, error_out=False)
    return render_template("admin/audit_log.html", form=form, page=page,
                           actors=_actors(page.items), action_labels=AUDIT_ACTIONS,
                           target_labels=TARGET_TYPES), 400 if form.errors else 200


def _label(labels: dict, code: str) -> str:
    return str(labels[code]) if code in labels else code


@bp.route("/admin/logg.csv")
@requires(Permission.VIEW_ADMIN)
def audit_log_csv():
    form = AuditFilterForm(request.args)
    query = _filtered(form).order_by(AuditEntry.created_at, AuditEntry.id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_("Time (UTC)"), _("Who"), _("Role"), _("Action"), _("Code"),
                     _("Item type"), _("Item"), _("Item name"), _("Reason"), _("Details")])
    offset = 0
    while True:
        batch = list(db.session.scalars(query.limit(EXPORT_BATCH).offset(offset)))
        if not batch:
            break
        actors = _actors(batch)
        for entry in batch:
            actor = actors.get(entry.actor_id)
            writer.writerow([
                entry.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                actor.display_name if actor else (_("(system)") if entry.actor_id is None
                                                  else f"#{entry.actor_id}"),
                entry.actor_role or "", _label(AUDIT_ACTIONS, entry.action), entry.action,
                _label(TARGET_TYPES, entry.target_type), entry.target_id,
                _neutralise(entry.target_label), _neutralise(entry.reason or ""),
                entry.details or ""])
        offset += EXPORT_BATCH
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="granskningslogg.csv"'
    return response


def _neutralise(text: str) -> str:
    """Keep a spreadsheet from running user-written text as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
