"""Reading organisations: directory, pages, contributions, participation figures."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.accounts.models import User
from app.core.models import utcnow
from app.extensions import db
from app.organisations.models import (
    Invitation,
    MemberRole,
    Membership,
    Organisation,
    VerificationStatus,
    organisation_community,
    organisation_theme,
)


def _with_details(statement: Select) -> Select:
    return statement.options(selectinload(Organisation.communities),
                             selectinload(Organisation.themes))


# Ids in URLs and forms beyond the integer columns' range cannot exist; binding
# them fails on both databases (SQLite overflow, PostgreSQL out of range).
MAX_ID = 2**31 - 1


def organisation(organisation_id: int) -> Organisation | None:
    if not 0 < organisation_id <= MAX_ID:
        return None
    return db.session.scalars(_with_details(select(Organisation))
                              .where(Organisation.id == organisation_id)).first()


def directory(community_id: int | None, kind: str | None = None,
              theme_id: int | None = None, limit: int | None = None) -> list[Organisation]:
    """Verified organisations, those active in the community when one is given;
    the first `limit` by name when a limit is given."""
    statement = _with_details(select(Organisation)).where(
        Organisation.status == VerificationStatus.VERIFIED, Organisation.hidden_at.is_(None))
    if community_id is not None:
        statement = statement.where(Organisation.id.in_(
            select(organisation_community.c.organisation_id)
            .where(organisation_community.c.community_id == community_id)))
    if kind:
        statement = statement.where(Organisation.kind == kind)
    if theme_id is not None:
        statement = statement.where(Organisation.id.in_(
            select(organisation_theme.c.organisation_id)
            .where(organisation_theme.c.theme_id == theme_id)))
    statement = statement.order_by(Organisation.name, Organisation.id)
    return list(db.session.scalars(statement.limit(limit) if limit else statement))


def public_members(organisation: Organisation) -> list[Membership]:
    return list(db.session.scalars(
        select(Membership).options(joinedload(Membership.user))
        .where(Membership.organisation_id == organisation.id,
               Membership.shown_publicly.is_(True))
        .order_by(Membership.role, Membership.created_at)))


def all_members(organisation: Organisation) -> list[Membership]:
    return list(db.session.scalars(
        select(Membership).options(joinedload(Membership.user))
        .where(Membership.organisation_id == organisation.id)
        .order_by(Membership.role, Membership.created_at)))


def verified_memberships(user) -> list[Membership]:
    """The verified organisations the user may act for."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(db.session.scalars(
        select(Membership).options(joinedload(Membership.organisation))
        .join(Organisation, Organisation.id == Membership.organisation_id)
        .where(Membership.user_id == user.id,
               Organisation.status == VerificationStatus.VERIFIED)
        .order_by(Organisation.name)))


def memberships(user) -> list[Membership]:
    return list(db.session.scalars(
        select(Membership).options(joinedload(Membership.organisation))
        .where(Membership.user_id == user.id)))


def verification_queue() -> list[Organisation]:
    return list(db.session.scalars(
        _with_details(select(Organisation)).options(joinedload(Organisation.created_by))
        .where(Organisation.status == VerificationStatus.UNVERIFIED)
        .order_by(Organisation.created_at, Organisation.id)))


def pending_invitations(organisation: Organisation) -> list[Invitation]:
    return list(db.session.scalars(
        select(Invitation).where(Invitation.organisation_id == organisation.id,
                                 Invitation.outcome.is_(None),
                                 Invitation.expires_at > utcnow())
        .order_by(Invitation.created_at)))


def administrators(organisation: Organisation) -> list[User]:
    return list(db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == organisation.id,
               Membership.role == MemberRole.ADMIN)))


def kind_counts(community_id: int | None) -> dict[str, int]:
    statement = select(Organisation.kind, func.count()).where(
        Organisation.status == VerificationStatus.VERIFIED, Organisation.hidden_at.is_(None))
    if community_id is not None:
        statement = statement.where(Organisation.id.in_(
            select(organisation_community.c.organisation_id)
            .where(organisation_community.c.community_id == community_id)))
    return dict(db.session.execute(statement.group_by(Organisation.kind)).all())
