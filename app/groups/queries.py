"""Reading local development groups: lists, pages, members, who may act."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

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
from app.organisations.models import Organisation, VerificationStatus

MAX_ID = 2**31 - 1


def group(group_id: int) -> LocalGroup | None:
    if not 0 < group_id <= MAX_ID:
        return None
    return db.session.scalars(select(LocalGroup).options(joinedload(LocalGroup.community))
                              .where(LocalGroup.id == group_id)).first()


def listing(community_id: int | None = None, *,
            include_archived: bool = False) -> list[LocalGroup]:
    """Groups by community (in the communities' order), active before archived,
    then by name."""
    statement = (select(LocalGroup).options(joinedload(LocalGroup.community))
                 .join(LocalCommunity, LocalCommunity.id == LocalGroup.community_id))
    if community_id is not None:
        statement = statement.where(LocalGroup.community_id == community_id)
    if not include_archived:
        statement = statement.where(LocalGroup.archived_at.is_(None))
    return list(db.session.scalars(statement.order_by(
        LocalCommunity.position, LocalCommunity.name, LocalCommunity.id,
        LocalGroup.archived_at.is_not(None), LocalGroup.name, LocalGroup.id)))


def member_counts(group_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{group id: (people, member organisations)} in two grouped queries."""
    if not group_ids:
        return {}
    people = dict(db.session.execute(
        select(GroupMember.group_id, func.count()).where(GroupMember.group_id.in_(group_ids))
        .group_by(GroupMember.group_id)).all())
    organisations = dict(db.session.execute(
        select(GroupOrganisation.group_id, func.count())
        .where(GroupOrganisation.group_id.in_(group_ids),
               GroupOrganisation.status == OrganisationStatus.ACCEPTED)
        .group_by(GroupOrganisation.group_id)).all())
    return {i: (people.get(i, 0), organisations.get(i, 0)) for i in group_ids}


def all_members(group_: LocalGroup) -> list[GroupMember]:
    return list(db.session.scalars(
        select(GroupMember).options(joinedload(GroupMember.user))
        .where(GroupMember.group_id == group_.id)
        .order_by(GroupMember.role, GroupMember.created_at, GroupMember.id)))


def public_members(group_: LocalGroup) -> list[GroupMember]:
    """The people who chose to show their name on the group's page."""
    return [member for member in all_members(group_) if member.shown_publicly]


def administrators(group_: LocalGroup) -> list[User]:
    return list(db.session.scalars(
        select(User).join(GroupMember, GroupMember.user_id == User.id)
        .where(GroupMember.group_id == group_.id, GroupMember.role == GroupRole.ADMIN)))


def organisation_links(group_: LocalGroup, *, accepted_only: bool = False
                       ) -> list[GroupOrganisation]:
    statement = (select(GroupOrganisation).options(joinedload(GroupOrganisation.organisation))
                 .join(Organisation, Organisation.id == GroupOrganisation.organisation_id)
                 .where(GroupOrganisation.group_id == group_.id))
    if accepted_only:
        statement = statement.where(GroupOrganisation.status == OrganisationStatus.ACCEPTED,
                                    Organisation.hidden_at.is_(None))
    return list(db.session.scalars(statement.order_by(GroupOrganisation.status,
                                                      Organisation.name)))


def organisation_link(group_: LocalGroup, link_id: int) -> GroupOrganisation | None:
    if not 0 < link_id <= MAX_ID:
        return None
    return db.session.scalars(
        select(GroupOrganisation).options(joinedload(GroupOrganisation.organisation))
        .where(GroupOrganisation.id == link_id,
               GroupOrganisation.group_id == group_.id)).first()


def organisations_to_ask(group_: LocalGroup) -> list[Organisation]:
    """Verified, visible organisations that are neither members nor asked yet."""
    linked = select(GroupOrganisation.organisation_id).where(
        GroupOrganisation.group_id == group_.id)
    return list(db.session.scalars(
        select(Organisation).where(Organisation.status == VerificationStatus.VERIFIED,
                                   Organisation.hidden_at.is_(None),
                                   Organisation.id.not_in(linked))
        .order_by(Organisation.name)))


def pending_invitations(group_: LocalGroup) -> list[GroupInvitation]:
    return list(db.session.scalars(
        select(GroupInvitation).where(GroupInvitation.group_id == group_.id,
                                      GroupInvitation.outcome.is_(None),
                                      GroupInvitation.expires_at > utcnow())
        .order_by(GroupInvitation.created_at, GroupInvitation.id)))


def memberships(user) -> list[GroupMember]:
    """The person's own groups, with their community."""
    return list(db.session.scalars(
        select(GroupMember).options(joinedload(GroupMember.group)
                                    .joinedload(LocalGroup.community))
        .join(LocalGroup, LocalGroup.id == GroupMember.group_id)
        .where(GroupMember.user_id == user.id).order_by(LocalGroup.name)))


def actable_groups(user) -> list[LocalGroup]:
    """The groups the person may act for: member of, and not archived. Whether
    the account is blocked is for the permission check, not for this list."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(db.session.scalars(
        select(LocalGroup).join(GroupMember, GroupMember.group_id == LocalGroup.id)
        .where(GroupMember.user_id == user.id, LocalGroup.archived_at.is_(None))
        .order_by(LocalGroup.name)))


def groups_of_organisation(organisation_id: int) -> list[GroupOrganisation]:
    """Every group the organisation belongs to or has been asked to join."""
    return list(db.session.scalars(
        select(GroupOrganisation).options(joinedload(GroupOrganisation.group))
        .join(LocalGroup, LocalGroup.id == GroupOrganisation.group_id)
        .where(GroupOrganisation.organisation_id == organisation_id)
        .order_by(GroupOrganisation.status, LocalGroup.name)))
