"""The "act as" choice on forms: yourself, or a verified organisation you belong to.

Shared by every form where a member may act for an organisation (proposals,
comments, supports, meeting sign-ups).
"""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from app.organisations.models import Organisation
from app.organisations.queries import verified_memberships
from app.organisations.services import NotAllowedToAct, acting_organisation


def acting_choices() -> list[tuple[str, str]]:
    """Yourself, then the verified organisations you may act for; empty when none."""
    memberships = verified_memberships(current_user)
    if not memberships:
        return []
    return [("", _("Myself (%(name)s)", name=current_user.display_name))] + [
        (str(m.organisation.id), m.organisation.name) for m in memberships]


def chosen_organisation(value: str | None) -> Organisation | None:
    """The organisation chosen in a form; 403 for one the user may not act for
    (a tampered field), so nothing is saved."""
    if not value:
        return None
    if not value.isdigit() or len(value) > 12:
        abort(403)
    try:
        return acting_organisation(current_user, int(value))
    except NotAllowedToAct:
        abort(403)
