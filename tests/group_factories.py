"""Factories for local development groups and their members (hostile HTML in
text fields). Rows are written directly; the services are what the tests test."""

from __future__ import annotations

import itertools
from datetime import timedelta

from app.accounts.models import User
from app.communities.models import LocalCommunity
from app.core.models import utcnow
from app.extensions import db
from app.groups.models import (
    GroupInvitation,
    GroupMember,
    GroupOrganisation,
    GroupRole,
    LocalGroup,
    OrganisationStatus,
)
from app.organisations.models import Organisation
from tests import factories
from tests.factories import HOSTILE

_sequence = itertools.count(1)


def group(admin: User | None = None, *, name: str | None = None,
          community: LocalCommunity | None = None, archived: bool = False,
          contact_email: str | None = None, commit: bool = True) -> LocalGroup:
    """A group in the community; `admin`, when given, is its administrator."""
    n = next(_sequence)
    db.session.flush()  # the community and admin may not be written yet
    row = LocalGroup(
        community_id=(community or factories.community()).id,
        name=name or f"Utvecklingsgruppen {n} <i>kursiv</i>",
        purpose=f"Vi arbetar för att **bygden** ska leva. {HOSTILE}",
        contact_text=f"Vi träffas första tisdagen i månaden. {HOSTILE}",
        contact_email=contact_email, archived_at=utcnow() if archived else None)
    db.session.add(row)
    db.session.flush()
    if admin is not None:
        db.session.add(GroupMember(group_id=row.id, user_id=admin.id, role=GroupRole.ADMIN,
                                   shown_publicly=True))
    if commit:
        db.session.commit()
    return row


def member(group_: LocalGroup, user: User | None = None, *,
           role: GroupRole | str = GroupRole.MEMBER, shown_publicly: bool = False,
           commit: bool = True) -> GroupMember:
    user = user or factories.user()
    db.session.flush()
    row = GroupMember(group_id=group_.id, user_id=user.id, role=str(role),
                      shown_publicly=shown_publicly)
    db.session.add(row)
    if commit:
        db.session.commit()
    return row


def organisation_member(group_: LocalGroup, organisation: Organisation, *,
                        accepted: bool = True, commit: bool = True) -> GroupOrganisation:
    db.session.flush()
    row = GroupOrganisation(
        group_id=group_.id, organisation_id=organisation.id,
        status=OrganisationStatus.ACCEPTED if accepted else OrganisationStatus.PENDING,
        answered_at=utcnow() if accepted else None)
    db.session.add(row)
    if commit:
        db.session.commit()
    return row


def invitation(group_: LocalGroup, email: str, *, role: GroupRole | str = GroupRole.MEMBER,
               days_left: float = 14, commit: bool = True) -> GroupInvitation:
    row = GroupInvitation(group_id=group_.id, email=email, role=str(role),
                          expires_at=utcnow() + timedelta(days=days_left))
    db.session.add(row)
    if commit:
        db.session.commit()
    return row
