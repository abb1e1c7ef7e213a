"""Factories for organisations and their members (hostile HTML in text fields)."""

from __future__ import annotations

import itertools

from app.accounts.models import User
from app.communities.models import LocalCommunity, Theme
from app.core.models import utcnow
from app.extensions import db
from app.organisations.models import (
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
    VerificationStatus,
)
from tests import factories
from tests.factories import HOSTILE

_sequence = itertools.count(1)


def organisation(admin: User | None = None, *, name: str | None = None,
                 kind: OrganisationKind | str = OrganisationKind.ASSOCIATION,
                 status: VerificationStatus | str = VerificationStatus.VERIFIED,
                 org_number: str | None = None,
                 communities: list[LocalCommunity] | None = None,
                 themes: list[Theme] | None = None, commit: bool = True) -> Organisation:
    n = next(_sequence)
    admin = admin or factories.user()
    row = Organisation(
        name=name or f"Föreningen {n} <i>kursiv</i>", kind=str(kind), org_number=org_number,
        description=f"Vi arbetar för bygden {n}. {HOSTILE}",
        role_text=f"Vi driver bygdegården. {HOSTILE}", status=str(status),
        reviewed_at=utcnow() if status != VerificationStatus.UNVERIFIED else None,
        created_by_id=admin.id)
    row.communities = list(communities or [])
    row.themes = list(themes or [])
    db.session.add(row)
    db.session.flush()
    db.session.add(Membership(organisation_id=row.id, user_id=admin.id, role=MemberRole.ADMIN,
                              shown_publicly=True))
    if commit:
        db.session.commit()
    return row


def member(organisation_: Organisation, user: User | None = None, *,
           role: MemberRole | str = MemberRole.MEMBER, shown_publicly: bool = False,
           commit: bool = True) -> Membership:
    user = user or factories.user()
    row = Membership(organisation_id=organisation_.id, user_id=user.id, role=str(role),
                     shown_publicly=shown_publicly)
    db.session.add(row)
    if commit:
        db.session.commit()
    return row
