"""Members: invitations by e-mail, roles, leaving, removing, the last administrator,
and members' choice to be shown on the organisation's page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from app.core.models import utcnow
from app.extensions import db
from app.organisations.models import Invitation, Membership
from tests.organisations.helpers import link_in, reload, shown


def _membership(organisation, user) -> Membership | None:
    db.session.expire_all()
    return db.session.scalars(select(Membership).where(
        Membership.organisation_id == organisation.id, Membership.user_id == user.id)).first()


@pytest.fixture
def club(of, make):
    """A verified association with its administrator."""
    chair = make.user(email="ordforande@example.org", display_name="Ordförande Olsson")
    return of.organisation(chair, name="Idrottsklubben"), chair


def _invite(client, organisation, email: str, role: str = "member"):
    return client.post(f"/organisationer/{organisation.id}/medlemmar",
                       data={"email": email, "role": role})


def test_an_admin_invites_by_e_mail_and_the_invitee_accepts(club, make, login_as, outbox,
                                                            rows):
    organisation, chair = club
    invitee = make.user(email="ny@example.org")

    response = _invite(login_as(chair), organisation, " Ny@Example.org ")

    assert response.status_code == 302
    [mail] = outbox("ny@example.org")
    invitation = db.session.scalars(select(Invitation)).one()
    assert (invitation.email, invitation.role, invitation.invited_by_id) == \
        ("ny@example.org", "member", chair.id)
    assert invitation.expires_at > utcnow() + timedelta(days=13)
    link = link_in(mail.body, "/inbjudan/")

    client = login_as(invitee)
    assert client.get(link).status_code == 200
    response = client.post(link, data={"answer": "accept"})

    assert response.status_code == 302
    membership = _membership(organisation, invitee)
    assert membership is not None and membership.role == "member"
    assert reload(invitation).outcome == "accepted"
    assert reload(invitation).answered_at is not None
    # The link works once.
    assert client.get(link).status_code == 400
    assert client.post(link, data={"answer": "accept"}).status_code == 400
    assert rows(Membership, Membership.organisation_id == organisation.id) == 2


def test_an_invitation_can_make_an_administrator(club, make, login_as, outbox):
    organisation, chair = club
    invitee = make.user(email="kassor@example.org")
    _invite(login_as(chair), organisation, "kassor@example.org", role="admin")
    link = link_in(outbox("kassor@example.org")[0].body, "/inbjudan/")
    login_as(invitee).post(link, data={"answer": "accept"})
    assert _membership(organisation, invitee).role == "admin"


def test_declining_adds_no_member_and_uses_up_the_link(club, make, login_as, outbox):
    organisation, chair = club
    invitee = make.user(email="ny@example.org")
    _invite(login_as(chair), organisation, "ny@example.org")
    link = link_in(outbox("ny@example.org")[0].body, "/inbjudan/")

    client = login_as(invitee)
    assert client.post(link, data={"answer": "decline"}).status_code == 302

    assert _membership(organisation, invitee) is None
    assert db.session.scalars(select(Invitation)).one().outcome == "declined"
    assert client.post(link, data={"answer": "accept"}).status_code == 400
    assert _membership(organisation, invitee) is None


def test_an_invitation_opened_by_another_signed_in_user_is_refused(club, make, login_as,
                                                                   outbox, rows):
    organisation, chair = club
    invitee = make.user(email="ny@example.org")
    intruder = make.user(email="annan@example.org")
    _invite(login_as(chair), organisation, "ny@example.org")
    link = link_in(outbox("ny@example.org")[0].body, "/inbjudan/")

    client = login_as(intruder)
    assert client.get(link).status_code == 403
    response = client.post(link, data={"answer": "accept"})

    assert response.status_code == 403
    assert _membership(organisation, intruder) is None
    assert db.session.scalars(select(Invitation)).one().outcome is None
    # The right person can still use it.
    assert login_as(invitee).post(link, data={"answer": "accept"}).status_code == 302
    assert _membership(organisation, invitee) is not None
    assert rows(Membership, Membership.organisation_id == organisation.id) == 2


def test_an_expired_invitation_is_refused(club, make, login_as, outbox):
    organisation, chair = club
    invitee = make.user(email="ny@example.org")
    _invite(login_as(chair), organisation, "ny@example.org")
    link = link_in(outbox("ny@example.org")[0].body, "/inbjudan/")
    invitation = db.session.scalars(select(Invitation)).one()
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    client = login_as(invitee)
    assert client.get(link).status_code == 400
    assert client.post(link, data={"answer": "accept"}).status_code == 400
    assert _membership(organisation, invitee) is None


@pytest.mark.parametrize("token", ["nonsense", "eyJpbnZpdGF0aW9uIjoxfQ.abc.def", "x" * 500])
def test_forged_invitation_links_are_refused(client, make, login_as, rows, token):
    response = login_as(make.user()).get(f"/inbjudan/{token}")
    assert response.status_code == 400
    assert login_as(make.user()).post(f"/inbjudan/{token}",
                                      data={"answer": "accept"}).status_code == 400
    assert rows(Membership) == 0


def test_invitation_links_need_signing_in(club, make, app, login_as, outbox):
    organisation, chair = club
    _invite(login_as(chair), organisation, "ny@example.org")
    link = link_in(outbox("ny@example.org")[0].body, "/inbjudan/")
    assert app.test_client().get(link).status_code == 302


@pytest.mark.parametrize("email", ["", "inte-en-adress", "a" * 250 + "@example.se"])
def test_bad_invitation_addresses_are_refused(club, login_as, outbox, rows, email):
    organisation, chair = club
    assert _invite(login_as(chair), organisation, email).status_code == 400
    assert rows(Invitation) == 0
    assert outbox() == []


def test_a_bad_role_is_refused(club, login_as, outbox, rows):
    organisation, chair = club
    assert _invite(login_as(chair), organisation, "ny@example.org",
                   role="owner").status_code == 400
    assert rows(Invitation) == 0


def test_existing_members_are_not_invited_again(club, login_as, outbox, rows):
    organisation, chair = club
    response = _invite(login_as(chair), organisation, "Ordforande@example.org")
    assert response.status_code == 400
    assert rows(Invitation) == 0
    assert outbox() == []


def test_plain_members_cannot_reach_the_admin_pages(club, of, make, login_as, outbox, rows):
    organisation, chair = club
    plain = make.user()
    of.member(organisation, plain)
    chair_membership = _membership(organisation, chair)
    client = login_as(plain)
    base = f"/organisationer/{organisation.id}"

    assert client.get(f"{base}/medlemmar").status_code == 403
    assert _invite(client, organisation, "ny@example.org").status_code == 403
    assert client.get(f"{base}/redigera").status_code == 403
    assert client.post(f"{base}/medlemmar/{chair_membership.id}/roll",
                       data={"role": "member"}).status_code == 403
    assert client.post(f"{base}/medlemmar/{chair_membership.id}/ta-bort").status_code == 403
    assert _membership(organisation, chair).role == "admin"
    assert rows(Invitation) == 0 and outbox() == []


def test_outsiders_get_403_and_unverified_organisations_404(of, make, login_as):
    verified = of.organisation()
    unverified = of.organisation(status="unverified")
    client = login_as(make.user())
    assert client.get(f"/organisationer/{verified.id}/medlemmar").status_code == 403
    assert client.get(f"/organisationer/{unverified.id}/medlemmar").status_code == 404
    assert client.post(f"/organisationer/{verified.id}/lamna").status_code == 403
    assert client.post(f"/organisationer/{verified.id}/synlighet").status_code == 403


def test_unknown_organisations_and_members_are_404(club, of, login_as):
    organisation, chair = club
    other = of.organisation()
    foreign = db.session.scalars(select(Membership).where(
        Membership.organisation_id == other.id)).one()
    client = login_as(chair)
    base = f"/organisationer/{organisation.id}"
    assert client.get("/organisationer/999999/medlemmar").status_code == 404
    assert client.post(f"{base}/medlemmar/999999/roll", data={"role": "admin"}).status_code == 404
    assert client.post(f"{base}/medlemmar/{foreign.id}/ta-bort").status_code == 404
    assert client.post(f"{base}/medlemmar/99999999999999999999999/ta-bort").status_code == 404
    assert reload(foreign) is not None


def test_an_admin_changes_roles_and_removes_members(club, of, make, login_as, rows):
    organisation, chair = club
    helper = make.user()
    member = of.member(organisation, helper)
    client = login_as(chair)
    base = f"/organisationer/{organisation.id}/medlemmar/{member.id}"

    html = client.get(f"/organisationer/{organisation.id}/medlemmar").get_data(as_text=True)
    assert shown(helper.display_name) in html

    assert client.post(f"{base}/roll", data={"role": "admin"}).status_code == 302
    assert reload(member).role == "admin"
    assert client.post(f"{base}/roll", data={"role": "superuser"}).status_code == 400
    assert reload(member).role == "admin"
    assert client.post(f"{base}/roll", data={"role": "member"}).status_code == 302
    assert reload(member).role == "member"

    assert client.post(f"{base}/ta-bort").status_code == 302
    assert _membership(organisation, helper) is None
    assert rows(Membership, Membership.organisation_id == organisation.id) == 1


def _last_admin_message() -> str:
    with force_locale("sv"):
        return shown(gettext("An organisation must always have at least one administrator. "
                             "Make someone else administrator first."))


def test_the_last_administrator_cannot_be_demoted_removed_or_leave(club, of, make, login_as):
    organisation, chair = club
    of.member(organisation, make.user())
    own = _membership(organisation, chair)
    client = login_as(chair)
    base = f"/organisationer/{organisation.id}"

    for url, data in [(f"{base}/medlemmar/{own.id}/roll", {"role": "member"}),
                      (f"{base}/medlemmar/{own.id}/ta-bort", {}),
                      (f"{base}/lamna", {})]:
        response = client.post(url, data=data, follow_redirects=True)
        assert response.status_code == 200, url
        # The refusal is explained on the page it returns to.
        assert _last_admin_message() in response.get_data(as_text=True), url
        membership = _membership(organisation, chair)
        assert membership is not None and membership.role == "admin", url


def test_with_two_administrators_one_may_step_down_or_leave(club, of, make, login_as):
    organisation, chair = club
    second = make.user()
    of.member(organisation, second, role="admin")
    own = _membership(organisation, chair)
    client = login_as(chair)

    assert client.post(f"/organisationer/{organisation.id}/medlemmar/{own.id}/roll",
                       data={"role": "member"}).status_code == 302
    assert reload(own).role == "member"
    # Now the other one is the last administrator.
    other = _membership(organisation, second)
    client = login_as(second)
    client.post(f"/organisationer/{organisation.id}/lamna")
    assert reload(other) is not None

    # The former administrator, now a plain member, may leave.
    assert login_as(chair).post(f"/organisationer/{organisation.id}/lamna").status_code == 302
    assert _membership(organisation, chair) is None


def test_members_choose_whether_they_are_shown_on_the_page(club, of, make, login_as, app):
    organisation, chair = club
    person = make.user(display_name="Synlig Svensson")
    of.member(organisation, person)
    visitor = app.test_client()
    url = f"/organisationer/{organisation.id}"

    assert "Synlig Svensson" not in visitor.get(url).get_data(as_text=True)
    client = login_as(person)
    assert client.post(f"{url}/synlighet", data={"shown_publicly": "y"}).status_code == 302
    assert _membership(organisation, person).shown_publicly is True
    assert "Synlig Svensson" in visitor.get(url).get_data(as_text=True)

    assert client.post(f"{url}/synlighet", data={}).status_code == 302
    assert _membership(organisation, person).shown_publicly is False
    assert "Synlig Svensson" not in visitor.get(url).get_data(as_text=True)


def test_my_organisations_lists_every_membership(club, of, make, login_as):
    organisation, chair = club
    pending = of.organisation(chair, name="Ny förening", status="unverified")
    html = login_as(chair).get("/konto/organisationer").get_data(as_text=True)
    assert shown(organisation.name) in html and shown(pending.name) in html
