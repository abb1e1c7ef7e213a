"""Every write to local development groups and their members. Never commits."""

from __future__ import annotations

from datetime import timedelta

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.accounts.models import User
from app.communities.models import LocalCommunity
from app.core import audit, invitations
from app.core.mail import queue_mail
from app.core.models import utcnow
from app.core.permissions import Permission, can
from app.core.urls import external_url
from app.extensions import db
from app.groups.models import (
    GroupInvitation,
    GroupMember,
    GroupOrganisation,
    GroupRole,
    LocalGroup,
    OrganisationStatus,
)
from app.organisations import queries as organisation_queries
from app.organisations.models import Organisation, VerificationStatus

INVITATION_PURPOSE = "group-invitation"
INVITATION_DAYS = 14
MAX_ID = 2**31 - 1


class GroupError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotAllowedToAct(Exception):
    """The user tried to act for a group they are not a member of."""


# --- acting on a group's behalf ------------------------------------------------

def may_act_for(user, group: LocalGroup) -> bool:
    """Whether the person may act on the group's behalf: a member (any role) of
    a group that is not archived, whose account is not blocked."""
    return can(user, Permission.ACT_FOR_GROUPS, group)


def acting_group(user, group_id: int | None) -> LocalGroup | None:
    """The group the user acts for, or None for no group.

    Raises NotAllowedToAct for a group the user may not act for (not a
    member, archived, unknown, or a blocked account): a tampered form.
    """
    if group_id is None:
        return None
    group = db.session.get(LocalGroup, group_id) if 0 < group_id <= MAX_ID else None
    if group is None or not may_act_for(user, group):
        raise NotAllowedToAct(group_id)
    return group


# --- the group itself (moderators) ---------------------------------------------

def _community(community_id: int, current: LocalGroup | None) -> LocalCommunity:
    community = db.session.get(LocalCommunity, community_id) \
        if 0 < community_id <= MAX_ID else None
    keeps_its_own = current is not None and current.community_id == community_id
    if community is None or (community.is_archived and not keeps_its_own):
        raise GroupError(_("Choose one of the local communities in the list."),
                         field="community")
    return community


def create_group(creator: User, *, community_id: int, name: str, purpose: str,
                 contact_text: str, contact_email: str | None,
                 first_admin_email: str | None = None) -> LocalGroup:
    """A new group; when an address is given, its first administrator is invited."""
    community = _community(community_id, None)
    group = LocalGroup(community_id=community.id, name=name.strip(), purpose=purpose.strip(),
                       contact_text=(contact_text or "").strip(),
                       contact_email=contact_email or None, created_by_id=creator.id)
    db.session.add(group)
    db.session.flush()
    audit.record("group.created", "group", group.id, group.name, actor=creator,
                 details={"community": community.name})
    if first_admin_email:
        invite(group, creator, first_admin_email, GroupRole.ADMIN)
    return group


def update_group(group: LocalGroup, editor: User, *, name: str, purpose: str,
                 contact_text: str, contact_email: str | None,
                 community_id: int | None = None) -> None:
    """Save the details; `community_id` only when a moderator may move the group."""
    before = {"name": group.name, "purpose": group.purpose, "contact_text": group.contact_text,
              "contact_email": group.contact_email, "community_id": group.community_id}
    if community_id is not None:
        group.community_id = _community(community_id, group).id
    group.name = name.strip()
    group.purpose = purpose.strip()
    group.contact_text = (contact_text or "").strip()
    group.contact_email = contact_email or None
    changed = sorted(key for key, value in before.items() if getattr(group, key) != value)
    if changed:
        audit.record("group.updated", "group", group.id, group.name, actor=editor,
                     details={"fields": changed})


def archive_group(group: LocalGroup, moderator: User) -> None:
    if group.archived_at is None:
        group.archived_at = utcnow()
        audit.record("group.archived", "group", group.id, group.name, actor=moderator)


def restore_group(group: LocalGroup, moderator: User) -> None:
    if group.archived_at is not None:
        group.archived_at = None
        audit.record("group.restored", "group", group.id, group.name, actor=moderator)


# --- people ------------------------------------------------------------------------

def membership(group: LocalGroup, user) -> GroupMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalars(select(GroupMember).where(
        GroupMember.group_id == group.id, GroupMember.user_id == user.id)).first()


def _pending_invitation(group: LocalGroup, email: str) -> GroupInvitation | None:
    return db.session.scalars(select(GroupInvitation).where(
        GroupInvitation.group_id == group.id, GroupInvitation.email == email,
        GroupInvitation.outcome.is_(None), GroupInvitation.expires_at > utcnow())).first()


def invite(group: LocalGroup, inviter: User, email: str, role: str) -> GroupInvitation:
    """E-mail a signed link to join as `role`. The audit log names the group and
    role but not the address, since its entries are never erased."""
    email = email.strip().lower()
    if db.session.scalar(select(GroupMember.id).join(User, User.id == GroupMember.user_id)
                         .where(GroupMember.group_id == group.id, User.email == email)):
        raise GroupError(_("This person is already a member."), field="email")
    if _pending_invitation(group, email) is not None:
        raise GroupError(_("This address already has an invitation waiting for an answer. "
                           "Withdraw it first if you want to send a new one."), field="email")
    invitation = GroupInvitation(group_id=group.id, email=email, role=GroupRole(role),
                                 invited_by_id=inviter.id,
                                 expires_at=utcnow() + timedelta(days=INVITATION_DAYS))
    db.session.add(invitation)
    db.session.flush()
    token = invitations.token_for(INVITATION_PURPOSE, invitation)
    recipient = db.session.scalars(select(User).where(User.email == email)).first()
    with force_locale(recipient.locale if recipient else "sv"):
        body = render_template("mail/group_invitation.txt", group=group, inviter=inviter,
                               place=_place(group), days=INVITATION_DAYS,
                               url=external_url("groups.invitation", token=token))
        queue_mail(email, _("Invitation to %(name)s", name=group.name), body,
                   kind="group_invitation")
    audit.record("group.member_invited", "group", group.id, group.name, actor=inviter,
                 details={"role": str(invitation.role), "invitation": invitation.id})
    return invitation


def invitation_for_token(token: str) -> GroupInvitation | None:
    """The invitation a link points at, if it is genuine, unanswered and not expired."""
    return invitations.from_token(INVITATION_PURPOSE, token, INVITATION_DAYS, GroupInvitation)


def answer_invitation(invitation: GroupInvitation, user: User,
                      accept: bool) -> GroupMember | None:
    if user.email.lower() != invitation.email:
        raise GroupError(_("This invitation was sent to another e-mail address. Sign in "
                           "with the address that received it."))
    invitations.mark_answered(invitation, accept)
    if not accept:
        return None
    existing = db.session.scalars(select(GroupMember).where(
        GroupMember.group_id == invitation.group_id, GroupMember.user_id == user.id)).first()
    if existing is not None:
        return existing
    member = GroupMember(group_id=invitation.group_id, user_id=user.id, role=invitation.role)
    db.session.add(member)
    db.session.flush()
    return member


def revoke_invitation(invitation: GroupInvitation) -> None:
    """Withdraw an unanswered invitation: its link stops working."""
    invitations.revoke(invitation)


def _last_admin_with_others(member: GroupMember) -> bool:
    """Whether taking this member's administrator role away would leave the
    group's other people without one. Locks the group first, so two
    administrators removing each other at once cannot both pass (PostgreSQL)."""
    if member.role != GroupRole.ADMIN:
        return False
    db.session.execute(select(LocalGroup.id).where(LocalGroup.id == member.group_id)
                       .with_for_update())
    counts = dict(db.session.execute(
        select(GroupMember.role, func.count()).where(GroupMember.group_id == member.group_id)
        .group_by(GroupMember.role)).all())
    return counts.get(GroupRole.ADMIN, 0) <= 1 and counts.get(GroupRole.MEMBER, 0) > 0


def _last_admin_refused() -> GroupError:
    return GroupError(_("A group with members must always have an administrator. Make "
                        "someone else administrator first."))


def change_role(member: GroupMember, role: str, by: User) -> None:
    role = GroupRole(role)
    if role == member.role:
        return
    if role != GroupRole.ADMIN and _last_admin_with_others(member):
        raise _last_admin_refused()
    member.role = role
    audit.record("group.member_role_changed", "group", member.group_id, _group_name(member),
                 actor=by, details={"member": member.user_id, "role": str(role)})


def remove_member(member: GroupMember, by: User) -> None:
    """Remove a person; leaving is the same, done by the person themself."""
    if _last_admin_with_others(member):
        raise _last_admin_refused()
    if by.id != member.user_id:
        audit.record("group.member_removed", "group", member.group_id, _group_name(member),
                     actor=by, details={"member": member.user_id})
    db.session.delete(member)


def set_shown_publicly(member: GroupMember, shown: bool) -> None:
    member.shown_publicly = shown


def _place(group: LocalGroup) -> str:
    return db.session.scalar(select(LocalCommunity.name)
                             .where(LocalCommunity.id == group.community_id))


def _group_name(member: GroupMember) -> str:
    return db.session.scalar(select(LocalGroup.name).where(LocalGroup.id == member.group_id))


# --- organisations -----------------------------------------------------------------

def ask_organisation(group: LocalGroup, requester: User,
                     organisation_id: int) -> GroupOrganisation:
    """Ask a verified organisation to join. It becomes a member when one of its
    administrators accepts: nobody can put an organisation's name on a group
    without the organisation's say."""
    organisation = db.session.get(Organisation, organisation_id) \
        if 0 < organisation_id <= MAX_ID else None
    if organisation is None or organisation.status != VerificationStatus.VERIFIED or \
            organisation.is_hidden:
        raise GroupError(_("Choose one of the verified organisations in the list."),
                         field="organisation")
    if db.session.scalar(select(GroupOrganisation.id).where(
            GroupOrganisation.group_id == group.id,
            GroupOrganisation.organisation_id == organisation.id)) is not None:
        raise GroupError(_("%(name)s is already a member or has already been asked.",
                           name=organisation.name), field="organisation")
    link = GroupOrganisation(group_id=group.id, organisation=organisation,
                             status=OrganisationStatus.PENDING, requested_by_id=requester.id)
    db.session.add(link)
    db.session.flush()
    url = external_url("groups.organisation_answer", group_id=group.id, link_id=link.id)
    for admin in organisation_queries.administrators(organisation):
        with force_locale(admin.locale):
            body = render_template("mail/group_organisation_request.txt", user=admin,
                                   group=group, place=_place(group),
                                   organisation=organisation, url=url)
            queue_mail(admin.email, _("%(group)s asks %(organisation)s to join",
                                      group=group.name, organisation=organisation.name),
                       body, kind="group_organisation_request")
    audit.record("group.organisation_asked", "group", group.id, group.name, actor=requester,
                 details={"organisation": organisation.id,
                          "organisation_name": organisation.name})
    return link


def answer_organisation(link: GroupOrganisation, user: User, accept: bool) -> None:
    """An administrator of the organisation accepts (it becomes a member) or
    declines (the request is removed, so the group may ask again later)."""
    if link.status != OrganisationStatus.PENDING:
        raise GroupError(_("This request has already been answered."))
    if accept:
        link.status = OrganisationStatus.ACCEPTED
        link.answered_by_id = user.id
        link.answered_at = utcnow()
    else:
        db.session.delete(link)


def remove_organisation(link: GroupOrganisation, by: User, *, audited: bool = True) -> None:
    """The group removes an organisation (or withdraws its request), or the
    organisation leaves (not audited: its own choice)."""
    if audited:
        audit.record("group.organisation_removed", "group", link.group_id,
                     db.session.scalar(select(LocalGroup.name)
                                       .where(LocalGroup.id == link.group_id)),
                     actor=by, details={"organisation": link.organisation_id})
    db.session.delete(link)
