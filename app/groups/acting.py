"""The "together with a group" choice on forms: none, or a local development
group the signed-in person is a member of.

Shared by every form where a member may act for a group: proposals now, and
consultation responses. In a view:

    form.group.choices = select_choices(group_choices())   # empty list: hide the field
    group = chosen_group(form.group.data)                   # None, a group, or 403

and store `group.id` in the item's nullable `group_id` column.
"""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from app.core.permissions import is_blocked
from app.groups.models import LocalGroup
from app.groups.queries import actable_groups
from app.groups.services import NotAllowedToAct, acting_group


def group_choices() -> list[tuple[str, str]]:
    """"No group", then the groups the person may act for; empty when none."""
    if is_blocked(current_user):
        return []
    groups = actable_groups(current_user)
    if not groups:
        return []
    return [("", _("No group"))] + [(str(g.id), g.name) for g in groups]


def chosen_group(value: str | None) -> LocalGroup | None:
    """The group chosen in a form; 403 for one the person may not act for (a
    tampered field), so nothing is saved."""
    if not value:
        return None
    if not value.isdigit() or len(value) > 12:
        abort(403)
    try:
        return acting_group(current_user, int(value))
    except NotAllowedToAct:
        abort(403)
