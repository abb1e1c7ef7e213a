"""Factories for test data. Text fields carry hostile HTML on purpose, so the
sanitiser and autoescaping are exercised by every test that renders them."""

from __future__ import annotations

import itertools

from app.accounts.models import User
from app.communities.models import LocalCommunity
from app.core.models import utcnow
from app.core.permissions import Role
from app.extensions import db

PASSWORD = "ett-bra-losenord-2026"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
_sequence = itertools.count(1)


def user(role: Role | str = Role.RESIDENT, *, email: str | None = None,
         display_name: str | None = None, password: str = PASSWORD, active: bool = True,
         verified: bool = True, locale: str = "sv", commit: bool = True) -> User:
    n = next(_sequence)
    account = User(
        email=email or f"person{n}@example.org",
        display_name=display_name or f"Person {n}",
        role=str(role), active=active, locale=locale, consented_at=utcnow(),
        email_verified_at=utcnow() if verified else None,
    )
    account.set_password(password)
    db.session.add(account)
    if commit:
        db.session.commit()
    return account


def community(name: str | None = None, *, slug: str | None = None,
              description: str | None = None, parent: LocalCommunity | None = None,
              archived: bool = False, commit: bool = True) -> LocalCommunity:
    n = next(_sequence)
    place = LocalCommunity(
        name=name or f"Byn {n}",
        slug=slug or f"byn-{n}",
        description=description if description is not None else f"Beskrivning {n} {HOSTILE}",
        parent=parent, position=n,
        archived_at=utcnow() if archived else None,
    )
    db.session.add(place)
    if commit:
        db.session.commit()
    return place
