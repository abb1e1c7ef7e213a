"""E-mailed invitations to join something (an organisation, a group).

The link carries a signed token naming the invitation row and the address it
was sent to. The row's model needs `email`, `expires_at`, `outcome` (None
while unanswered) and `answered_at`; each area keeps its own table, these
functions the rules they share.
"""

from __future__ import annotations

from typing import Any

from app.core.models import utcnow
from app.core.tokens import make_token, read_token
from app.extensions import db


def token_for(purpose: str, invitation: Any) -> str:
    return make_token(purpose, {"invitation": invitation.id, "email": invitation.email})


def from_token(purpose: str, token: str, days: int, model: type) -> Any | None:
    """The invitation a link points at, if it is genuine, unanswered and not expired."""
    data = read_token(purpose, token, days * 24 * 3600)
    if not isinstance(data, dict) or not isinstance(data.get("invitation"), int):
        return None
    invitation = db.session.get(model, data["invitation"])
    if invitation is None or invitation.email != data.get("email"):
        return None
    if invitation.outcome is not None or invitation.expires_at < utcnow():
        return None
    return invitation


def mark_answered(invitation: Any, accept: bool) -> None:
    invitation.answered_at = utcnow()
    invitation.outcome = "accepted" if accept else "declined"


def revoke(invitation: Any) -> None:
    """Withdraw an unanswered invitation: its link stops working."""
    if invitation.outcome is None:
        invitation.outcome = "revoked"
        invitation.answered_at = utcnow()
