"""Who a comment or a consultation response is from: the person, a verified
organisation they belong to, or a local development group they are a member
of. One choice on the form; a group's value carries a prefix so that the two
kinds of id cannot be mixed up.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user

from app.groups.acting import chosen_group, group_choices
from app.groups.models import LocalGroup
from app.organisations.acting import acting_choices, chosen_organisation
from app.organisations.models import Organisation
from app.organisations.queries import verified_memberships

GROUP_PREFIX = "grupp-"


def _groups() -> list[tuple[str, str]]:
    # group_choices() starts with "No group"; the person is that choice here.
    return [(f"{GROUP_PREFIX}{value}", _("%(name)s (local development group)", name=name))
            for value, name in group_choices()[1:]]


def comment_choices() -> list[tuple[str, str]]:
    """Myself, my verified organisations, my groups; empty when only myself."""
    organisations = acting_choices()
    groups = _groups()
    if not organisations and not groups:
        return []
    myself = organisations[:1] or [("", _("Myself (%(name)s)",
                                          name=current_user.display_name))]
    return myself + organisations[1:] + groups


def sender_choices() -> list[tuple[str, str]]:
    """The organisations and groups that can send a consultation response."""
    return [(str(m.organisation.id), m.organisation.name)
            for m in verified_memberships(current_user)] + _groups()


def group_value(group_id: int) -> str:
    return f"{GROUP_PREFIX}{group_id}"


def chosen_sender(value: str | None) -> tuple[Organisation | None, LocalGroup | None]:
    """(organisation, group) chosen in a form, at most one of them; 403 for one
    the person may not act for (a tampered field), so nothing is saved."""
    if value and value.startswith(GROUP_PREFIX):
        return None, chosen_group(value[len(GROUP_PREFIX):] or "x")
    return chosen_organisation(value), None
