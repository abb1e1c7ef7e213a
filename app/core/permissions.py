"""One place for who may do what.

Routes declare their permission with `@requires(...)`; templates call `can()`
to decide what to show. Hiding a button is never the protection: the route
check is.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user
from werkzeug.exceptions import Forbidden

from app.extensions import login_manager


class Role(enum.StrEnum):
    RESIDENT = "resident"
    MODERATOR = "moderator"
    OFFICIAL = "official"
    ADMIN = "admin"


class Permission(enum.StrEnum):
    PUBLIC = "public"
    SIGNED_IN = "signed_in"
    MANAGE_COMMUNITIES = "manage_communities"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    VIEW_ADMIN = "view_admin"
    SUBMIT_PROPOSAL = "submit_proposal"
    TAKE_PART = "take_part"  # support, comment, follow
    # Register, edit and run an organisation, accept an invitation to one.
    ACT_FOR_ORGANISATIONS = "act_for_organisations"
    MODERATE = "moderate"
    MANAGE_THEMES = "manage_themes"
    VERIFY_ORGANISATIONS = "verify_organisations"
    MANAGE_DIALOGUES = "manage_dialogues"
    MANAGE_PLANS = "manage_plans"
    LINK_ACTIONS = "link_actions"  # link proposals and dialogues to plan actions
    # Write an action's updates; officials only for actions they are responsible for.
    UPDATE_ACTIONS = "update_actions"
    # Answer proposals; officials only those assigned to them.
    ANSWER_PROPOSALS = "answer_proposals"
    # Read and write the internal notes on proposals (never shown publicly).
    INTERNAL_NOTES = "internal_notes"
    # Create, edit, archive and restore local development groups.
    MANAGE_GROUPS = "manage_groups"
    # Act on behalf of a local development group (co-author a proposal or a
    # consultation response, accept an invitation); with a group: its members only.
    ACT_FOR_GROUPS = "act_for_groups"
    # Run a group's details and members; with a group: its administrators,
    # and moderators and admins for every group.
    ADMINISTER_GROUPS = "administer_groups"


_SIGNED_IN = {Permission.PUBLIC, Permission.SIGNED_IN, Permission.SUBMIT_PROPOSAL,
              Permission.TAKE_PART, Permission.ACT_FOR_ORGANISATIONS,
              Permission.ACT_FOR_GROUPS, Permission.ADMINISTER_GROUPS}

# What a blocked account keeps: reading, and managing (or deleting) itself.
# Everything else is writing, for residents and staff alike.
_WHILE_BLOCKED = frozenset({Permission.PUBLIC, Permission.SIGNED_IN})

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.RESIDENT: frozenset(_SIGNED_IN),
    Role.MODERATOR: frozenset(_SIGNED_IN | {Permission.MODERATE, Permission.MANAGE_DIALOGUES,
                                            Permission.MANAGE_GROUPS,
                                            Permission.MANAGE_PLANS, Permission.LINK_ACTIONS,
                                            Permission.UPDATE_ACTIONS,
                                            Permission.ANSWER_PROPOSALS,
                                            Permission.INTERNAL_NOTES}),
    Role.OFFICIAL: frozenset(_SIGNED_IN | {Permission.LINK_ACTIONS, Permission.UPDATE_ACTIONS,
                                           Permission.ANSWER_PROPOSALS,
                                           Permission.INTERNAL_NOTES}),
    Role.ADMIN: frozenset(Permission),
}



def _responsible_for(user: Any, action: Any) -> bool:
    """Moderators and admins update any action; officials those they answer for."""
    if user.role in (Role.MODERATOR, Role.ADMIN):
        return True
    return any(person.id == user.id for person in action.responsible_users)


def _answers_for(user: Any, proposal: Any) -> bool:
    """Moderators and admins answer any proposal; officials those assigned to them."""
    if user.role in (Role.MODERATOR, Role.ADMIN):
        return True
    return proposal.assigned_to_id is not None and proposal.assigned_to_id == user.id


def _acts_for_group(user: Any, group: Any) -> bool:
    """Any member may act for a group that is still active; staff rank gives nothing."""
    return not group.is_archived and group.role_of(user.id) is not None


def _administers_group(user: Any, group: Any) -> bool:
    """Moderators and admins run every group; a group's administrators their own."""
    if user.role in (Role.MODERATOR, Role.ADMIN):
        return True
    return group.role_of(user.id) == "admin"


# Checks that depend on the object as well as the role, by permission.
_OBJECT_RULES: dict[Permission, Callable[[Any, Any], bool]] = {
    Permission.UPDATE_ACTIONS: _responsible_for,
    Permission.ANSWER_PROPOSALS: _answers_for,
    Permission.ACT_FOR_GROUPS: _acts_for_group,
    Permission.ADMINISTER_GROUPS: _administers_group,
}


class AccountBlocked(Forbidden):
    """Refused only because a moderator's block is in force; the error page says why."""


def _role_allows(user: Any, permission: Permission) -> bool:
    if permission is Permission.PUBLIC:
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not getattr(user, "is_active", False):
        return False
    try:
        role = Role(user.role)
    except ValueError:
        return False
    return permission in ROLE_PERMISSIONS[role]


def can(user: Any, permission: Permission, obj: Any = None) -> bool:
    if permission is Permission.PUBLIC:
        return True
    if not _role_allows(user, permission):
        return False
    if permission not in _WHILE_BLOCKED and is_blocked(user):
        return False
    rule = _OBJECT_RULES.get(permission)
    if rule is not None and obj is not None:
        return rule(user, obj)
    return True


def is_blocked(user: Any) -> bool:
    """A moderator's block is in force on the account (it ends by itself)."""
    return bool(getattr(user, "is_blocked", False))


def requires(permission: Permission) -> Callable:
    """Declare and enforce the permission a route needs."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            if permission is not Permission.PUBLIC and not can(current_user, permission):
                if not current_user.is_authenticated:
                    return login_manager.unauthorized()
                if is_blocked(current_user) and _role_allows(current_user, permission):
                    raise AccountBlocked()
                abort(403)
            return view(*args, **kwargs)

        wrapped.permission = permission  # read by the authorisation matrix test
        return wrapped

    return decorator


def declared_permission(view: Callable) -> Permission | None:
    return getattr(view, "permission", None)
