"""Mina uppgifter: group memberships are in the download, and deleting an
account hands a group over instead of leaving its members without an
administrator."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.groups.models import GroupInvitation, GroupMember
from tests.factories import PASSWORD

DELETE = "/konto/radera"


def delete(client):
    return client.post(DELETE, data={"password": PASSWORD, "understood": "y"})


def test_the_download_holds_group_memberships_and_co_authored_proposals(login_as, pf, gf,
                                                                        resident):
    group = gf.group(resident, name="Norrbygruppen")
    proposal = pf.proposal(resident, title="Belys spåret")
    proposal.group_id = group.id
    db.session.commit()

    data = login_as(resident).get("/konto/mina-uppgifter.json").get_json()

    [membership] = data["local_groups"]
    assert (membership["group"], membership["role"], membership["shown_publicly"]) == (
        "Norrbygruppen", "admin", True)
    assert data["proposals"]["proposals"][0]["together_with_group"] == "Norrbygruppen"


def test_the_longest_standing_member_takes_over_from_the_last_administrator(
        login_as, make, gf, resident, outbox):
    group = gf.group(resident, name="Norrbygruppen")
    first = gf.member(group, make.user(display_name="Först"))
    gf.member(group, make.user(display_name="Sedan"))

    assert delete(login_as(resident)).status_code == 302

    db.session.expire_all()
    roles = {m.user_id: m.role for m in db.session.scalars(select(GroupMember))}
    assert resident.id not in roles
    assert roles[first.user_id] == "admin" and list(roles.values()).count("admin") == 1
    [mail] = [m for m in outbox() if m.kind == "group_new_admin"]
    assert mail.recipient == db.session.get(type(resident), first.user_id).email
    assert "Norrbygruppen" in mail.body


def test_another_administrator_means_nobody_is_promoted(login_as, make, gf, resident, outbox):
    group = gf.group(resident)
    other = gf.member(group, role="admin")
    plain = gf.member(group)
    delete(login_as(resident))
    db.session.expire_all()
    assert db.session.get(GroupMember, plain.id).role == "member"
    assert db.session.get(GroupMember, other.id).role == "admin"
    assert [m for m in outbox() if m.kind == "group_new_admin"] == []


def test_the_only_person_can_delete_and_the_group_remains(login_as, client, gf, resident):
    group = gf.group(resident, name="Norrbygruppen")
    page = login_as(resident).get(DELETE).get_data(as_text=True)
    assert "utvecklingsgrupper" in page

    assert delete(login_as(resident)).status_code == 302

    db.session.expire_all()
    assert db.session.scalars(select(GroupMember)).all() == []
    assert client.get(f"/utvecklingsgrupper/{group.id}").status_code == 200


def test_waiting_invitations_to_the_address_are_removed(login_as, gf, resident):
    group = gf.group()
    gf.invitation(group, resident.email)
    gf.invitation(group, "annan@example.org")
    delete(login_as(resident))
    db.session.expire_all()
    assert [i.email for i in db.session.scalars(select(GroupInvitation))] == [
        "annan@example.org"]
