"""Group administrators run the members: invitations by e-mail (accept, decline,
expiry, withdrawal), roles, removal, and the rule that a group with members
always keeps an administrator. Members leave and choose whether their name
is shown."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.core.models import utcnow
from app.extensions import db
from app.groups import services
from app.groups.models import GroupInvitation, GroupMember
from tests.organisations.helpers import link_in, reload, text_of


def members_url(group) -> str:
    return f"/utvecklingsgrupper/{group.id}/medlemmar"


def invite(client, group, email="nils.ny@example.org", role="member"):
    return client.post(members_url(group), data={"email": email, "role": role})


def invitation_path(outbox, email: str) -> str:
    [mail] = outbox(email)
    return urlsplit(link_in(mail.body, "/utvecklingsgrupper/inbjudan/")).path


def test_the_administrator_sees_people_invitations_and_organisations(login_as, make, gf, of,
                                                                    resident):
    group = gf.group(resident)
    gf.member(group, make.user(display_name="Maja Medlem"))
    gf.invitation(group, "vantar@example.org")
    gf.organisation_member(group, of.organisation(name="Norrby IF"), accepted=False)
    of.organisation(name="Strandens båtklubb")

    response = login_as(resident).get(members_url(group))

    assert response.status_code == 200
    text = text_of(response.get_data(as_text=True))
    assert "Maja Medlem" in text and "vantar@example.org" in text
    assert "Norrby IF" in text and "Tillfrågad, väntar på svar" in text
    assert "Strandens båtklubb" in text  # offered in the list to ask


def test_an_invitation_is_mailed_and_accepted(login_as, make, gf, resident, outbox,
                                              audit_entries):
    group = gf.group(resident, name="Norrbygruppen")
    invitee = make.user(email="nils.ny@example.org", display_name="Nils Ny")

    response = invite(login_as(resident), group, "Nils.Ny@Example.org", "admin")

    assert response.status_code == 302
    assert [a[0] for a in audit_entries()] == ["group.member_invited"]
    path = invitation_path(outbox, invitee.email)
    client = login_as(invitee)
    page = client.get(path)
    assert page.status_code == 200 and "Norrbygruppen" in page.get_data(as_text=True)

    accepted = client.post(path, data={"answer": "accept", "shown_publicly": "y"})

    assert accepted.status_code == 302
    assert accepted.location.endswith(f"/utvecklingsgrupper/{group.id}")
    member = db.session.scalars(select(GroupMember).where(
        GroupMember.user_id == invitee.id)).one()
    assert (member.group_id, member.role, member.shown_publicly) == (group.id, "admin", True)
    assert [i.outcome for i in db.session.scalars(select(GroupInvitation))] == ["accepted"]
    # The link is spent: a second answer (a double click) finds nothing to answer.
    assert client.post(path, data={"answer": "accept"}).status_code == 400
    assert len(db.session.scalars(select(GroupMember).where(
        GroupMember.user_id == invitee.id)).all()) == 1


def test_an_invitation_can_be_declined(login_as, make, gf, resident, outbox, rows):
    group = gf.group(resident)
    invitee = make.user(email="nils.ny@example.org")
    invite(login_as(resident), group)
    path = invitation_path(outbox, invitee.email)

    response = login_as(invitee).post(path, data={"answer": "decline"})

    assert response.status_code == 302 and response.location.endswith("/konto/utvecklingsgrupper")
    assert rows(GroupMember, GroupMember.user_id == invitee.id) == 0
    assert [i.outcome for i in db.session.scalars(select(GroupInvitation))] == ["declined"]


def test_someone_else_cannot_use_the_invitation(login_as, make, gf, resident, outbox, rows):
    group = gf.group(resident)
    make.user(email="nils.ny@example.org")
    intruder = make.user()
    invite(login_as(resident), group)
    path = invitation_path(outbox, "nils.ny@example.org")

    client = login_as(intruder)
    assert client.get(path).status_code == 403
    assert client.post(path, data={"answer": "accept"}).status_code == 403
    assert rows(GroupMember, GroupMember.user_id == intruder.id) == 0


@pytest.mark.parametrize("path", ["/utvecklingsgrupper/inbjudan/x",
                                  "/utvecklingsgrupper/inbjudan/" + "a" * 500])
def test_a_forged_link_does_not_work(login_as, resident, path):
    assert login_as(resident).get(path).status_code == 400


def test_an_expired_or_withdrawn_invitation_does_not_work(login_as, make, gf, resident, outbox):
    group = gf.group(resident)
    invitee = make.user(email="nils.ny@example.org")
    invite(login_as(resident), group)
    path = invitation_path(outbox, invitee.email)
    invitation = db.session.scalars(select(GroupInvitation)).one()
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert login_as(invitee).get(path).status_code == 400

    invitation.expires_at = utcnow() + timedelta(days=1)
    db.session.commit()
    response = login_as(resident).post(
        f"/utvecklingsgrupper/{group.id}/inbjudningar/{invitation.id}/aterkalla")
    assert response.status_code == 302
    assert reload(invitation).outcome == "revoked"
    assert login_as(invitee).get(path).status_code == 400


def test_anonymous_visitors_are_asked_to_sign_in_first(client):
    response = client.get("/utvecklingsgrupper/inbjudan/x")
    assert response.status_code == 302 and "/konto/logga-in" in response.location


@pytest.mark.parametrize("email, message", [
    ("", "Skriv e-postadressen"), ("inte en adress", "namn@exempel.se"),
    ("a" * 250 + "@example.org", "högst 254 tecken")])
def test_a_bad_address_is_refused(login_as, gf, resident, outbox, email, message, rows):
    group = gf.group(resident)
    response = invite(login_as(resident), group, email)
    assert response.status_code == 400
    assert message in text_of(response.get_data(as_text=True))
    assert rows(GroupInvitation) == 0 and outbox() == []


def test_members_and_waiting_invitations_are_not_invited_twice(login_as, make, gf, resident,
                                                              outbox, rows):
    group = gf.group(resident)
    gf.member(group, make.user(email="redan@example.org"))
    client = login_as(resident)

    already = invite(client, group, "redan@example.org")
    assert already.status_code == 400
    assert "redan medlem" in text_of(already.get_data(as_text=True))
    assert invite(client, group, "ny@example.org").status_code == 302
    twice = invite(client, group, "ny@example.org")  # a double submit
    assert twice.status_code == 400
    assert "väntar på svar" in text_of(twice.get_data(as_text=True))
    assert rows(GroupInvitation) == 1 and len(outbox()) == 1


def test_an_unknown_role_is_refused(login_as, gf, resident, rows):
    group = gf.group(resident)
    assert invite(login_as(resident), group, role="emperor").status_code == 400
    assert rows(GroupInvitation) == 0


def test_roles_change_and_members_are_removed(login_as, make, gf, resident, audit_entries):
    group = gf.group(resident)
    other = gf.member(group)
    client = login_as(resident)

    response = client.post(f"{members_url(group)}/{other.id}/roll", data={"role": "admin"})
    assert response.status_code == 302 and reload(other).role == "admin"
    other_id = other.id
    client.post(f"{members_url(group)}/{other_id}/ta-bort")
    db.session.expire_all()
    assert db.session.get(GroupMember, other_id) is None
    assert [a[0] for a in audit_entries()] == ["group.member_role_changed",
                                               "group.member_removed"]
    assert client.post(f"{members_url(group)}/{other_id}/ta-bort").status_code == 404
    assert client.post(f"{members_url(group)}/99999999999/ta-bort").status_code == 404


def test_the_last_administrator_stays_while_the_group_has_members(login_as, gf, resident):
    group = gf.group(resident)
    gf.member(group)
    own = services.membership(group, resident)
    client = login_as(resident)

    demoted = client.post(f"{members_url(group)}/{own.id}/roll", data={"role": "member"},
                          follow_redirects=True)
    assert "måste alltid ha en administratör" in text_of(demoted.get_data(as_text=True))
    assert reload(own).role == "admin"
    left = client.post(f"/utvecklingsgrupper/{group.id}/lamna", follow_redirects=True)
    assert "måste alltid ha en administratör" in text_of(left.get_data(as_text=True))
    assert reload(own) is not None


def test_the_only_person_may_leave_and_moderators_take_over(login_as, gf, resident, moderator):
    group = gf.group(resident)
    response = login_as(resident).post(f"/utvecklingsgrupper/{group.id}/lamna")
    assert response.status_code == 302
    assert services.membership(group, resident) is None
    page = login_as(moderator).get(f"/utvecklingsgrupper/{group.id}").get_data(as_text=True)
    assert "Gruppen har ingen administratör" in page


def test_a_member_leaves_and_chooses_to_show_the_name(login_as, make, gf, resident):
    group = gf.group(make.user())
    member = gf.member(group, resident)
    client = login_as(resident)

    client.post(f"/utvecklingsgrupper/{group.id}/synlighet", data={"shown_publicly": "y"})
    assert reload(member).shown_publicly is True
    assert resident.display_name in client.get(f"/utvecklingsgrupper/{group.id}") \
        .get_data(as_text=True)
    client.post(f"/utvecklingsgrupper/{group.id}/synlighet", data={})
    assert reload(member).shown_publicly is False

    assert client.post(f"/utvecklingsgrupper/{group.id}/lamna").status_code == 302
    assert services.membership(group, resident) is None


def test_people_outside_the_group_cannot_leave_or_choose(login_as, gf, resident):
    group = gf.group()
    client = login_as(resident)
    assert client.post(f"/utvecklingsgrupper/{group.id}/lamna").status_code == 403
    assert client.post(f"/utvecklingsgrupper/{group.id}/synlighet").status_code == 403


@pytest.mark.parametrize("role", ["resident", "official"])
def test_plain_members_and_outsiders_cannot_run_the_members(login_as, make, gf, role, outbox):
    group = gf.group(make.user())
    other = gf.member(group)
    person = make.user(role)
    if role == "resident":
        gf.member(group, person)
    client = login_as(person)
    assert client.get(members_url(group)).status_code == 403
    assert invite(client, group).status_code == 403
    assert client.post(f"{members_url(group)}/{other.id}/ta-bort").status_code == 403
    assert client.post(f"{members_url(group)}/{other.id}/roll",
                       data={"role": "admin"}).status_code == 403
    assert reload(other) is not None and reload(other).role == "member"
    assert outbox() == []


def test_a_moderator_runs_any_groups_members(login_as, gf, moderator, outbox):
    group = gf.group()
    client = login_as(moderator)
    assert client.get(members_url(group)).status_code == 200
    assert invite(client, group, "ny.admin@example.org", "admin").status_code == 302
    assert [m.kind for m in outbox()] == ["group_invitation"]


def test_a_blocked_administrator_is_refused(login_as, gf, resident, outbox):
    from tests.moderation.test_blocks import set_block

    group = gf.group(resident)
    set_block(resident)
    client = login_as(resident)
    assert client.get(members_url(group)).status_code == 403
    assert invite(client, group).status_code == 403
    assert outbox() == []
    # Leaving is managing one's own account, which a block leaves open.
    assert client.post(f"/utvecklingsgrupper/{group.id}/lamna").status_code == 302


def test_invitations_of_another_group_are_not_found(login_as, gf, resident):
    group = gf.group(resident)
    other = gf.invitation(gf.group(), "annan@example.org")
    response = login_as(resident).post(
        f"/utvecklingsgrupper/{group.id}/inbjudningar/{other.id}/aterkalla")
    assert response.status_code == 404
    assert reload(other).outcome is None
