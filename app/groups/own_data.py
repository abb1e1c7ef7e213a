"""A person's group memberships: export, and what deleting the account does.

Moderators run every group, so a group never blocks the deletion of an
account: when the person is a group's only administrator, the longest-standing
other member takes over (and is told); when nobody else is left, the group
keeps its page and organisations, and a moderator invites a new administrator.
"""

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
from app.groups.models import GroupInvitation, GroupMember, GroupRole, LocalGroup


def _memberships(user: User) -> list[tuple[GroupMember, LocalGroup]]:
    return list(db.session.execute(
        select(GroupMember, LocalGroup).join(LocalGroup, LocalGroup.id == GroupMember.group_id)
        .where(GroupMember.user_id == user.id).order_by(LocalGroup.name)).tuples())


def _export(user: User) -> list[dict]:
    return [{"group": group.name, "role": member.role, "shown_publicly": member.shown_publicly,
             "since": iso(member.created_at)} for member, group in _memberships(user)]


def _erase(user: User) -> None:
    for member, group in _memberships(user):
        if member.role != GroupRole.ADMIN:
            continue
        others = db.session.scalars(
            select(GroupMember).where(GroupMember.group_id == group.id,
                                      GroupMember.user_id != user.id)
            .order_by(GroupMember.role, GroupMember.created_at, GroupMember.id)).all()
        if others and all(other.role != GroupRole.ADMIN for other in others):
            successor = others[0]
            successor.role = GroupRole.ADMIN
            _tell_successor(successor, group)
    db.session.execute(delete(GroupMember).where(GroupMember.user_id == user.id))
    db.session.execute(delete(GroupInvitation).where(
        func.lower(GroupInvitation.email) == user.email.lower(),
        GroupInvitation.outcome.is_(None)))


def _tell_successor(successor: GroupMember, group: LocalGroup) -> None:
    person = db.session.get(User, successor.user_id)
    url = external_url("groups.show", group_id=group.id)
    with force_locale(person.locale):
        body = render_template("mail/group_new_admin.txt", user=person, group=group, url=url)
        subject = _("You are now an administrator of %(name)s", name=group.name)
    queue_mail(person.email, subject, body, kind="group_new_admin")


own_data.register_exporter("local_groups", _export)
own_data.register_eraser(_erase, order=20)
