"""Mina uppgifter: a person downloads their data and deletes their account."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import DELETED_NAME, User
from app.core.audit import AuditEntry
from app.core.mail import OutboxMessage, queue_mail
from app.core.models import utcnow
from app.dialogues import services as dialogue_services
from app.dialogues.models import Registration
from app.extensions import db
from app.organisations.models import MemberRole, Membership
from app.proposals.models import Follow, Proposal, Support
from app.site.models import AccessibilityReport
from tests.factories import PASSWORD

PAGE = "/konto/mina-uppgifter"
DOWNLOAD = "/konto/mina-uppgifter.json"
DELETE = "/konto/radera"


def fresh(model, *where):
    db.session.expire_all()
    return list(db.session.scalars(select(model).where(*where)))


def delete_form(password: str = PASSWORD, understood: bool = True) -> dict:
    data = {"password": password}
    if understood:
        data["understood"] = "y"
    return data


# --- download ------------------------------------------------------------------

def test_the_download_holds_the_persons_data_from_every_area(
        login_as, make, pf, of, df, plf, resident):
    other = make.user(display_name="Någon annan")
    mine = pf.proposal(resident, title="Fler bänkar vid sjön")
    pf.proposal(other, title="Inte mitt förslag")
    pf.comment(mine, resident, body="Min kommentar")
    pf.support(pf.proposal(other), resident)
    organisation = of.organisation(resident, name="Hedås IF")
    meeting = df.meeting(df.dialogue())
    dialogue_services.register(meeting, resident, allergies="Nötter")
    plf.action(text="Öppna bygdegården", responsible_users=(resident,))
    db.session.add(AccessibilityReport(description="Knappen syns inte", reporter_id=resident.id))
    db.session.commit()

    response = login_as(resident).get(DOWNLOAD)

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == resident.email
    assert [p["title"] for p in data["proposals"]["proposals"]] == ["Fler bänkar vid sjön"]
    assert data["proposals"]["comments"][0]["body"] == "Min kommentar"
    assert len(data["proposals"]["supports"]) == 1
    assert [f["proposal"] for f in data["proposals"]["follows"]] == [mine.reference]
    [membership] = data["organisations"]
    assert (membership["organisation"], membership["role"]) == (organisation.name, "admin")
    assert data["dialogues"]["registrations"][0]["allergies"] == "Nötter"
    assert data["plans"]["responsible_for_actions"] == ["Öppna bygdegården"]
    assert data["accessibility_reports"][0]["description"] == "Knappen syns inte"
    assert "Inte mitt förslag" not in response.get_data(as_text=True)
    assert "Någon annan" not in response.get_data(as_text=True)


def test_a_moderators_download_lists_what_they_did(login_as, pf, moderator):
    from app.proposals import services as proposal_services

    proposal_services.refuse(pf.proposal(status="submitted"), moderator, "Spam")
    db.session.commit()
    data = login_as(moderator).get(DOWNLOAD).get_json()
    assert [entry["action"] for entry in data["audit_log"]] == ["proposal.hidden"]


@pytest.mark.parametrize("url", [PAGE, DOWNLOAD, DELETE])
def test_anonymous_visitors_are_asked_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/konto/logga-in" in response.location


def test_the_page_links_to_download_and_deletion(login_as, resident):
    page = login_as(resident).get(PAGE).get_data(as_text=True)
    assert DOWNLOAD in page and DELETE in page
    assert PAGE in login_as(resident).get("/konto").get_data(as_text=True)


# --- deletion ------------------------------------------------------------------

def test_deleting_erases_personal_data_keeps_the_record_and_signs_out(
        login_as, make, pf, resident, client):
    old_email = resident.email
    proposal = pf.proposal(resident, title="Bättre belysning")
    comment = pf.comment(pf.proposal(make.user()), resident, body="Bra idé!")
    queue_mail(old_email, "Hej", "Ett meddelande")
    db.session.commit()
    signed_in = login_as(resident)

    response = signed_in.post(DELETE, data=delete_form())

    assert response.status_code == 302 and response.location.endswith("/")
    [user] = fresh(User, User.id == resident.id)
    assert user.is_deleted and not user.active
    assert user.display_name == DELETED_NAME
    assert old_email not in user.email
    assert user.email_verified_at is None and user.home_community_id is None
    assert fresh(OutboxMessage, OutboxMessage.recipient == old_email) == []
    assert fresh(Proposal, Proposal.id == proposal.id)[0].author_id == user.id
    page = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert "Bättre belysning" in page and DELETED_NAME in page
    assert comment.body == "Bra idé!"
    # Signed out, and the old password no longer opens anything.
    assert signed_in.get("/konto").status_code == 302
    login = client.post("/konto/logga-in", data={"email": old_email, "password": PASSWORD})
    assert login.status_code == 400
    [entry] = fresh(AuditEntry, AuditEntry.action == "user.deleted")
    assert entry.actor_id == user.id


def test_follows_go_and_supports_still_count(login_as, make, pf, resident):
    proposal = pf.proposal(make.user())
    pf.follow(proposal, resident)
    pf.support(proposal, resident)
    db.session.refresh(proposal)
    followers, supports = proposal.follower_count, proposal.support_count

    login_as(resident).post(DELETE, data=delete_form())

    [after] = fresh(Proposal, Proposal.id == proposal.id)
    assert after.follower_count == followers - 1
    assert after.support_count == supports
    assert fresh(Follow, Follow.user_id == resident.id) == []
    assert len(fresh(Support, Support.user_id == resident.id)) == 1


def test_upcoming_places_go_to_the_waiting_list_and_needs_are_erased(
        login_as, make, df, resident):
    dialogue = df.dialogue()
    upcoming = df.meeting(dialogue, capacity=1)
    past = df.meeting(dialogue)
    mine = dialogue_services.register(upcoming, resident, needs_interpreter="Arabiska")
    waiting_person = make.user()
    waiting = dialogue_services.register(upcoming, waiting_person)
    earlier = dialogue_services.register(past, resident, allergies="Gluten")
    past.starts_at = utcnow() - timedelta(days=3)
    past.ends_at = past.starts_at + timedelta(hours=2)
    db.session.commit()
    assert waiting.status == "waitlisted"

    login_as(resident).post(DELETE, data=delete_form())

    [mine_after] = fresh(Registration, Registration.id == mine.id)
    [waiting_after] = fresh(Registration, Registration.id == waiting.id)
    [earlier_after] = fresh(Registration, Registration.id == earlier.id)
    assert mine_after.status == "cancelled" and mine_after.needs_interpreter is None
    assert waiting_after.status == "registered"
    assert earlier_after.status == "registered" and earlier_after.allergies is None


def test_the_longest_standing_member_takes_over_an_organisation(login_as, make, of,
                                                                resident, outbox):
    organisation = of.organisation(resident, name="Strandens båtklubb")
    first = make.user(display_name="Först in")
    of.member(organisation, first)
    later = make.user()
    later_membership = of.member(organisation, later)
    later_membership.created_at = utcnow() + timedelta(days=1)
    db.session.commit()

    login_as(resident).post(DELETE, data=delete_form())

    roles = {m.user_id: m.role for m in fresh(Membership, Membership.organisation_id
                                              == organisation.id)}
    assert roles == {first.id: MemberRole.ADMIN, later.id: MemberRole.MEMBER}
    [message] = outbox(first.email)
    assert "Strandens båtklubb" in message.subject


def test_the_only_member_of_an_organisation_is_told_to_hand_it_over_first(
        login_as, of, resident):
    organisation = of.organisation(resident, name="Ensamma föreningen")
    client = login_as(resident)

    page = client.get(DELETE)
    assert "Ensamma föreningen" in page.get_data(as_text=True)
    assert 'name="password"' not in page.get_data(as_text=True)

    response = client.post(DELETE, data=delete_form())
    assert response.status_code == 400
    [user] = fresh(User, User.id == resident.id)
    assert not user.is_deleted and user.active
    assert len(fresh(Membership, Membership.organisation_id == organisation.id)) == 1


@pytest.mark.parametrize(("data", "message"), [
    (delete_form(password="fel-losenord"), "Lösenordet är fel."),
    (delete_form(password=""), "Skriv ditt lösenord."),
    (delete_form(understood=False), "Kryssa i rutan"),
])
def test_a_wrong_password_or_no_confirmation_deletes_nothing(login_as, resident, data,
                                                            message):
    response = login_as(resident).post(DELETE, data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    [user] = fresh(User, User.id == resident.id)
    assert not user.is_deleted and user.display_name != DELETED_NAME


def test_sending_the_form_twice_deletes_once(login_as, resident):
    client = login_as(resident)
    assert client.post(DELETE, data=delete_form()).status_code == 302
    again = client.post(DELETE, data=delete_form())
    assert again.status_code == 302 and "/konto/logga-in" in again.location
    assert len(fresh(AuditEntry, AuditEntry.action == "user.deleted")) == 1


def test_an_admin_cannot_bring_a_deleted_account_back(login_as, resident, admin):
    login_as(resident).post(DELETE, data=delete_form())
    client = login_as(admin)
    client.post(f"/admin/anvandare/{resident.id}/aktivera")
    client.post(f"/admin/anvandare/{resident.id}", data={"role": "moderator"})
    [user] = fresh(User, User.id == resident.id)
    assert not user.active and user.role == "resident"
    assert "Borttagen" in client.get(f"/admin/anvandare/{resident.id}").get_data(as_text=True)
