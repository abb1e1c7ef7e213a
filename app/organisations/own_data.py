"""A person's organisation memberships: export, and what deleting the account
does to them. An organisation is never left without an administrator: when
the person is its only one, the longest-standing other member takes over
(and is told); when there is nobody else, the account cannot be deleted yet."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from app.accounts.models import User
from app.core import own_data
from app.core.mail import queue_mail
from app.core.own_data import iso
from app.core.urls import external_url
from app.extensions import db
from app.organisations.models import Invitation, MemberRole, Membership, Organisation


def _memberships(user: User) -> list[tuple[Membership, Organisation]]:
    return list(db.session.execute(
        select(Membership, Organisation)
        .join(Organisation, Organisation.id == Membership.organisation_id)
        .where(Membership.user_id == user.id).order_by(Organisation.name)).tuples())


def _other_admins(organisation_id: int, user: User) -> int:
    return db.session.scalar(select(func.count(Membership.id)).where(
        Membership.organisation_id == organisation_id, Membership.role == MemberRole.ADMIN,
        Membership.user_id != user.id))


def _successor(organisation_id: int, user: User) -> Membership | None:
    return db.session.scalars(
        select(Membership).where(Membership.organisation_id == organisation_id,
                                 Membership.user_id != user.id)
        .order_by(Membership.created_at, Membership.id).limit(1)).first()


def _export(user: User) -> list[dict]:
    return [{"organisation": organisation.name, "role": membership.role,
             "shown_publicly": membership.shown_publicly, "since": iso(membership.created_at)}
            for membership, organisation in _memberships(user)]


def _check(user: User) -> list[str]:
    reasons = []
    for membership, organisation in _memberships(user):
        if membership.role == MemberRole.ADMIN and not _other_admins(organisation.id, user) \
                and _successor(organisation.id, user) is None:
            reasons.append(_(
                "You are the only member of %(name)s. Invite someone who can take over as "
                "its administrator before you delete your account.", name=organisation.name))
    return reasons


def _erase(user: User) -> None:
    for membership, organisation in _memberships(user):
        if membership.role == MemberRole.ADMIN and not _other_admins(organisation.id, user):
            successor = _successor(organisation.id, user)
            if successor is not None:
                successor.role = MemberRole.ADMIN
                _tell_successor(successor, organisation)
    db.session.execute(delete(Membership).where(Membership.user_id == user.id))
    db.session.execute(delete(Invitation).where(
        func.lower(Invitation.email) == user.email.lower(), Invitation.outcome.is_(None)))


def _tell_successor(successor: Membership, organisation: Organisation) -> None:
    person = db.session.get(User, successor.user_id)
    url = external_url("organisations.show", organisation_id=organisation.id)
    with force_locale(person.locale):
        body = render_template("mail/organisation_new_admin.txt", user=person,
                               organisation=organisation, url=url)
        subject = _("You are now an administrator of %(name)s", name=organisation.name)
    queue_mail(person.email, subject, body, kind="organisation_new_admin")


own_data.register_exporter("organisations", _export)
own_data.register_check(_check)
own_data.register_eraser(_erase, order=20)
