"""Every write to organisations and their members. Never commits."""

from __future__ import annotations

from datetime import timedelta

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.communities.models import LocalCommunity, Theme
from app.core import audit, invitations
from app.core.mail import queue_mail
from app.core.models import utcnow
from app.core.urls import external_url
from app.extensions import db
from app.organisations.models import (
    Invitation,
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
    VerificationStatus,
)

INVITATION_PURPOSE = "organisation-invitation"
INVITATION_DAYS = 14


class NotAllowedToAct(Exception):
    """The user tried to act for an organisation they may not speak for."""


def acting_organisation(user, organisation_id: int | None) -> Organisation | None:
    """The verified organisation the user acts for, or None for themself.

    Raises NotAllowedToAct for an organisation the user is not a member of,
    or one that is not verified: a tampered form, answered with 403.
    """
    if organisation_id is None:
        return None
    if not 0 < organisation_id <= 2**31 - 1:  # beyond the id column: cannot exist
        raise NotAllowedToAct(organisation_id)
    found = db.session.scalars(
        select(Organisation).join(Membership, Membership.organisation_id == Organisation.id)
        .where(Organisation.id == organisation_id, Membership.user_id == user.id)).first()
    if found is None or not found.is_verified:
        raise NotAllowedToAct(organisation_id)
    return found


class OrganisationError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _check_number(org_number: str | None, organisation: Organisation | None) -> None:
    if not org_number:
        return
    query = select(Organisation.id).where(Organisation.org_number == org_number)
    if organisation is not None and organisation.id is not None:
        query = query.where(Organisation.id != organisation.id)
    if db.session.scalar(query) is not None:
        raise OrganisationError(_("An organisation with this organisation number is already "
                                  "registered. Ask its administrator to invite you."),
                                field="org_number")


def _set_details(organisation: Organisation, *, name: str, kind: str, org_number: str | None,
                 description: str, role_text: str, website: str | None,
                 contact_email: str | None, community_ids: list[int],
                 theme_ids: list[int]) -> None:
    _check_number(org_number, organisation)
    organisation.name = name.strip()
    organisation.kind = OrganisationKind(kind)
    organisation.org_number = org_number or None
    organisation.description = description
    organisation.role_text = role_text
    organisation.website = website or None
    organisation.contact_email = contact_email or None
    organisation.communities = list(db.session.scalars(
        select(LocalCommunity).where(LocalCommunity.id.in_(community_ids)))) \
        if community_ids else []
    organisation.themes = list(db.session.scalars(
        select(Theme).where(Theme.id.in_(theme_ids)))) if theme_ids else []


def register_organisation(creator: User, **details) -> Organisation:
    """A new, unverified organisation with its creator as administrator."""
    organisation = Organisation(status=VerificationStatus.UNVERIFIED, created_by_id=creator.id)
    organisation.communities = []
    organisation.themes = []
    _set_details(organisation, **details)
    try:
        with db.session.begin_nested():
            db.session.add(organisation)
            db.session.flush()
    except IntegrityError:
        # Someone registered the same organisation number at the same moment.
        raise OrganisationError(_("An organisation with this organisation number is already "
                                  "registered. Ask its administrator to invite you."),
                                field="org_number") from None
    db.session.add(Membership(organisation_id=organisation.id, user_id=creator.id,
                              role=MemberRole.ADMIN, shown_publicly=True))
    db.session.flush()
    return organisation


def update_organisation(organisation: Organisation, **details) -> None:
    _set_details(organisation, **details)


def verify(organisation: Organisation, admin: User) -> None:
    organisation.status = VerificationStatus.VERIFIED
    organisation.status_reason = None
    organisation.reviewed_by_id = admin.id
    organisation.reviewed_at = utcnow()
    audit.record("organisation.verified", "organisation", organisation.id, organisation.name,
                 actor=admin)
    _tell_admins(organisation, "organisation_verified",
                 lambda: _("%(name)s is verified", name=organisation.name))


def refuse(organisation: Organisation, admin: User, reason: str) -> None:
    if not reason.strip():
        raise OrganisationError(_("Give a reason. The organisation's administrators will see "
                                  "it."), field="reason")
    organisation.status = VerificationStatus.REFUSED
    organisation.status_reason = reason.strip()
    organisation.reviewed_by_id = admin.id
    organisation.reviewed_at = utcnow()
    audit.record("organisation.refused", "organisation", organisation.id, organisation.name,
                 actor=admin, reason=organisation.status_reason)
    _tell_admins(organisation, "organisation_refused",
                 lambda: _("%(name)s could not be verified", name=organisation.name))


def _tell_admins(organisation: Organisation, template: str, subject) -> None:
    admins = db.session.scalars(select(User).join(Membership, Membership.user_id == User.id)
                                .where(Membership.organisation_id == organisation.id,
                                       Membership.role == MemberRole.ADMIN)).all()
    url = external_url("organisations.show", organisation_id=organisation.id)
    for user in admins:
        with force_locale(user.locale):
            body = render_template(f"mail/{template}.txt", user=user,
                                   organisation=organisation, url=url)
            queue_mail(user.email, str(subject()), body, kind=template)


def membership(organisation: Organisation, user) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalars(select(Membership).where(
        Membership.organisation_id == organisation.id, Membership.user_id == user.id)).first()


def is_admin(organisation: Organisation, user) -> bool:
    found = membership(organisation, user)
    return found is not None and found.role == MemberRole.ADMIN


def _admin_count(organisation_id: int) -> int:
    # Lock the organisation first, so two administrators removing each other
    # at the same moment cannot both pass the check (PostgreSQL).
    db.session.execute(select(Organisation.id).where(Organisation.id == organisation_id)
                       .with_for_update())
    return db.session.scalar(select(func.count(Membership.id)).where(
        Membership.organisation_id == organisation_id, Membership.role == MemberRole.ADMIN))


def invite(organisation: Organisation, inviter: User, email: str, role: str) -> Invitation:
    email = email.strip().lower()
    existing_member = db.session.scalar(
        select(Membership.id).join(User, User.id == Membership.user_id)
        .where(Membership.organisation_id == organisation.id, User.email == email))
    if existing_member is not None:
        raise OrganisationError(_("This person is already a member."), field="email")
    invitation = Invitation(organisation_id=organisation.id, email=email,
                            role=MemberRole(role), invited_by_id=inviter.id,
                            expires_at=utcnow() + timedelta(days=INVITATION_DAYS))
    db.session.add(invitation)
    db.session.flush()
    token = invitations.token_for(INVITATION_PURPOSE, invitation)
    recipient = db.session.scalars(select(User).where(User.email == email)).first()
    with force_locale(recipient.locale if recipient else "sv"):
        body = render_template("mail/organisation_invitation.txt", organisation=organisation,
                               inviter=inviter, days=INVITATION_DAYS,
                               url=external_url("organisations.invitation", token=token))
        queue_mail(email, _("Invitation to %(name)s", name=organisation.name), body,
                   kind="organisation_invitation")
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link points at, if it is genuine, unanswered and not expired."""
    return invitations.from_token(INVITATION_PURPOSE, token, INVITATION_DAYS, Invitation)


def answer_invitation(invitation: Invitation, user: User, accept: bool) -> Membership | None:
    if user.email.lower() != invitation.email:
        raise OrganisationError(_("This invitation was sent to another e-mail address. Sign "
                                  "in with the address that received it."))
    invitations.mark_answered(invitation, accept)
    if not accept:
        return None
    existing = db.session.scalars(select(Membership).where(
        Membership.organisation_id == invitation.organisation_id,
        Membership.user_id == user.id)).first()
    if existing is not None:
        return existing
    member = Membership(organisation_id=invitation.organisation_id, user_id=user.id,
                        role=invitation.role)
    db.session.add(member)
    db.session.flush()
    return member


def revoke_invitation(invitation: Invitation) -> None:
    """Withdraw an unanswered invitation: its link stops working."""
    invitations.revoke(invitation)


def change_role(member: Membership, role: str) -> None:
    if member.role == MemberRole.ADMIN and role != MemberRole.ADMIN and \
            _admin_count(member.organisation_id) <= 1:
        raise OrganisationError(_("An organisation must always have at least one "
                                  "administrator. Make someone else administrator first."))
    member.role = MemberRole(role)


def remove_member(member: Membership) -> None:
    if member.role == MemberRole.ADMIN and _admin_count(member.organisation_id) <= 1:
        raise OrganisationError(_("An organisation must always have at least one "
                                  "administrator. Make someone else administrator first."))
    db.session.delete(member)


def set_shown_publicly(member: Membership, shown: bool) -> None:
    member.shown_publicly = shown
