"""The audit log: an append-only record of every moderation and admin action.

Services call `record(...)` in the same transaction as the change, so an
entry exists exactly when the change does. Rows are never changed or
removed: the session refuses it here, and the database refuses it with
triggers (see migration 0007_audit_log).

The actor is kept as a plain id and role, without a foreign key, so the
entry stays as it was written whatever happens to the account later.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Optional

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import Index, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.core.models import utcnow
from app.extensions import db

LABEL_MAX = 300


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_created_at", "created_at"),
        Index("ix_audit_entry_action_created", "action", "created_at"),
        Index("ix_audit_entry_actor_created", "actor_id", "created_at"),
        Index("ix_audit_entry_target", "target_type", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[Optional[int]]
    actor_role: Mapped[Optional[str]] = mapped_column(String(20))
    # What was done, as a dotted code ("proposal.hidden"); see AUDIT_ACTIONS.
    action: Mapped[str] = mapped_column(String(60))
    target_type: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[str] = mapped_column(String(60))
    # How the item read when the action was taken (a title, a name).
    target_label: Mapped[str] = mapped_column(String(LABEL_MAX), default="")
    reason: Mapped[Optional[str]] = mapped_column(Text)
    details: Mapped[Optional[str]] = mapped_column(Text)  # JSON object

    @property
    def details_dict(self) -> dict[str, Any]:
        try:
            value = json.loads(self.details or "{}")
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}


class AuditLogIsAppendOnly(Exception):
    pass


def _acting_user():
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user
    return None


# Pass as `actor` for what the platform did by itself (e.g. hiding an item
# that enough people reported), even inside someone's request.
SYSTEM = object()


def record(action: str, target_type: str, target_id: Any, target_label: str = "", *,
           reason: str | None = None, details: dict[str, Any] | None = None,
           actor: Any = None) -> AuditEntry:
    """Write one entry in the caller's transaction (no commit).

    `actor` defaults to the signed-in user of the request; commands run
    from the shell, and `actor=SYSTEM`, are recorded without one.
    """
    if actor is SYSTEM:
        actor = None
    elif actor is None:
        actor = _acting_user()
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        actor_role=str(actor.role) if actor is not None else None,
        action=action, target_type=target_type, target_id=str(target_id),
        target_label=(target_label or "")[:LABEL_MAX],
        reason=(reason or "").strip() or None,
        details=json.dumps(details, ensure_ascii=False, default=str, sort_keys=True)
        if details else None,
        created_at=utcnow())
    db.session.add(entry)
    return entry


@event.listens_for(Session, "before_flush")
def _refuse_changes(session: Session, flush_context, instances) -> None:
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted
                                            or session.is_modified(obj)):
            raise AuditLogIsAppendOnly("audit entries are never changed or removed")
