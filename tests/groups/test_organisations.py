"""Organisations as members of a group: the group's administrator asks, an
administrator of the organisation accepts or declines; either side can end it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.groups.models import GroupOrganisation
from app.organisations.models import VerificationStatus
from tests.organisations.helpers import link_in, text_of


def ask(client, group, organisation_id):
    return client.post(f"/utvecklingsgrupper/{group.id}/organisationer",
                       data={"organisation": str(organisation_id)})


def answer_url(link) -> str:
    return f"/utvecklingsgrupper/{link.group_id}/organisationer/{link.id}/svar"


def test_the_group_asks_and_the_organisation_accepts(login_as, app, make, gf, of, resident,
                                                    outbox, audit_entries):
    client = app.test_client()  # an anonymous visitor, beside the signed-in client
    group = gf.group(resident, name="Norrbygruppen")
    chair = make.user(display_name="Ada Ordförande")
    club = of.organisation(chair, name="Norrby IF")
    of.member(club)  # a plain member is not asked

    response = ask(login_as(resident), group, club.id)

    assert response.status_code == 302
    link = db.session.scalars(select(GroupOrganisation)).one()
    assert (link.organisation_id, link.status, link.requested_by_id) == (
        club.id, "pending", resident.id)
    [mail] = outbox()
    assert (mail.recipient, mail.kind) == (chair.email, "group_organisation_request")
    assert answer_url(link) in link_in(mail.body, "/svar")
    assert [a[0] for a in audit_entries()] == ["group.organisation_asked"]
    # Not a member until the organisation says yes.
    assert "Norrby IF" not in text_of(client.get(f"/utvecklingsgrupper/{group.id}")
                                      .get_data(as_text=True))
    organisation_page = login_as(chair).get(f"/organisationer/{club.id}").get_data(as_text=True)
    assert answer_url(link) in organisation_page

    chair_client = login_as(chair)
    assert chair_client.get(answer_url(link)).status_code == 200
    accepted = chair_client.post(answer_url(link), data={"answer": "accept"})

    assert accepted.status_code == 302
    db.session.expire_all()
    link = db.session.get(GroupOrganisation, link.id)
    assert (link.status, link.answered_by_id) == ("accepted", chair.id)
    assert "Norrby IF" in text_of(client.get(f"/utvecklingsgrupper/{group.id}")
                                  .get_data(as_text=True))
    assert "Norrbygruppen" in client.get(f"/organisationer/{club.id}").get_data(as_text=True)
    # A second click finds nothing left to accept.
    assert chair_client.post(answer_url(link), data={"answer": "accept"}).status_code == 400


def test_the_organisation_declines_and_can_be_asked_again(login_as, make, gf, of, resident,
                                                         rows):
    group = gf.group(resident)
    chair = make.user()
    club = of.organisation(chair)
    link = gf.organisation_member(group, club, accepted=False)

    assert login_as(chair).post(answer_url(link), data={"answer": "decline"}).status_code == 302
    assert rows(GroupOrganisation) == 0
    assert ask(login_as(resident), group, club.id).status_code == 302
    assert rows(GroupOrganisation) == 1


def test_the_organisation_leaves_and_the_group_removes(login_as, make, gf, of, resident, rows,
                                                      audit_entries):
    group = gf.group(resident)
    chair = make.user()
    first = gf.organisation_member(group, of.organisation(chair))
    second = gf.organisation_member(group, of.organisation())

    assert login_as(chair).post(answer_url(first), data={"answer": "leave"}).status_code == 302
    assert rows(GroupOrganisation, GroupOrganisation.id == first.id) == 0
    response = login_as(resident).post(
        f"/utvecklingsgrupper/{group.id}/organisationer/{second.id}/ta-bort")
    assert response.status_code == 302
    assert rows(GroupOrganisation) == 0
    assert [a[0] for a in audit_entries()] == ["group.organisation_removed"]


@pytest.mark.parametrize("answer", ["leave", "", "something"])
def test_a_pending_request_cannot_be_left_or_answered_oddly(login_as, make, gf, of, answer,
                                                           rows):
    group = gf.group()
    chair = make.user()
    link = gf.organisation_member(group, of.organisation(chair), accepted=False)
    assert login_as(chair).post(answer_url(link), data={"answer": answer}).status_code == 400
    assert rows(GroupOrganisation, GroupOrganisation.status == "pending") == 1


def test_only_the_organisations_administrators_answer(login_as, make, gf, of, resident, rows):
    group = gf.group(resident)  # the group's own administrator cannot answer for the club
    club = of.organisation()
    plain = make.user()
    of.member(club, plain)
    link = gf.organisation_member(group, club, accepted=False)

    for person in (resident, plain, make.user("moderator")):
        client = login_as(person)
        assert client.get(answer_url(link)).status_code == 403
        assert client.post(answer_url(link), data={"answer": "accept"}).status_code == 403
    assert rows(GroupOrganisation, GroupOrganisation.status == "pending") == 1
    other_group = gf.group()
    assert login_as(resident).get(
        f"/utvecklingsgrupper/{other_group.id}/organisationer/{link.id}/svar").status_code == 404


@pytest.mark.parametrize("status, hidden", [
    (VerificationStatus.UNVERIFIED, False), (VerificationStatus.REFUSED, False),
    (VerificationStatus.VERIFIED, True)])
def test_only_verified_visible_organisations_can_be_asked(login_as, gf, of, resident, outbox,
                                                         rows, status, hidden):
    from app.core.models import utcnow

    group = gf.group(resident)
    organisation = of.organisation(status=status)
    if hidden:
        organisation.hidden_at = utcnow()
        db.session.commit()
    page = login_as(resident).get(f"/utvecklingsgrupper/{group.id}/medlemmar")
    assert f'value="{organisation.id}"' not in page.get_data(as_text=True)

    response = ask(login_as(resident), group, organisation.id)

    assert response.status_code == 400
    assert "verifierade organisationerna" in text_of(response.get_data(as_text=True))
    assert rows(GroupOrganisation) == 0 and outbox() == []


@pytest.mark.parametrize("value", ["", "abc", "999999", "99999999999999999999", "-1"])
def test_bad_organisation_values_are_refused(login_as, gf, resident, rows, value):
    group = gf.group(resident)
    response = login_as(resident).post(f"/utvecklingsgrupper/{group.id}/organisationer",
                                       data={"organisation": value})
    assert response.status_code == 400
    assert rows(GroupOrganisation) == 0


def test_an_organisation_is_asked_once(login_as, gf, of, resident, rows, outbox):
    group = gf.group(resident)
    club = of.organisation()
    client = login_as(resident)
    assert ask(client, group, club.id).status_code == 302
    again = ask(client, group, club.id)
    assert again.status_code == 400
    assert "redan" in text_of(again.get_data(as_text=True))
    assert rows(GroupOrganisation) == 1 and len(outbox()) == 1


def test_outsiders_cannot_ask_or_remove(login_as, make, gf, of, resident, rows):
    group = gf.group(make.user())
    gf.member(group, resident)
    link = gf.organisation_member(group, of.organisation())
    client = login_as(resident)
    assert ask(client, group, of.organisation().id).status_code == 403
    assert client.post(f"/utvecklingsgrupper/{group.id}/organisationer/{link.id}/ta-bort") \
        .status_code == 403
    assert rows(GroupOrganisation) == 1
