"""Organisations' consultation responses: one per organisation, written by its
members, changeable until the period ends, public."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.consultation.models import ConsultationResponse
from app.extensions import db
from app.organisations.models import VerificationStatus
from app.plans.models import PlanStatus
from tests.consultation.helpers import count, draft_url
from tests.moderation.test_blocks import set_block
from tests.proposals.helpers import assert_safe


def _respond(client, consultation, organisation, body="Föreningen tycker att utkastet är bra."):
    return client.post(f"{draft_url(consultation)}/yttrande",
                       data={"organisation": str(organisation.id), "body": body})


def test_a_member_sends_and_then_changes_the_organisation_s_response(client, cf, of, make,
                                                                    login_as):
    consultation = cf.consultation()
    chair, member = make.user(), make.user()
    club = of.organisation(chair, name="Byalaget")
    of.member(club, member)

    response = _respond(login_as(chair), consultation, club, "Vi vill **mer** <script>x</script>")
    saved = db.session.scalars(select(ConsultationResponse)).one()
    assert response.location.endswith(f"/samrad/yttranden/{saved.id}")
    assert (saved.organisation_id, saved.author_id) == (club.id, chair.id)

    form = login_as(member).get(f"{draft_url(consultation)}/yttrande").get_data(as_text=True)
    assert "Vi vill **mer**" in form and "Om du sparar ersätts det" in form
    assert _respond(login_as(member), consultation, club, "Ändrat yttrande.").status_code == 302
    db.session.expire_all()
    saved = db.session.scalars(select(ConsultationResponse)).one()
    assert (saved.body, saved.author_id, saved.edited_by_id) == ("Ändrat yttrande.", chair.id,
                                                                 member.id)
    page = client.get(f"{draft_url(consultation)}/yttranden/{saved.id}").get_data(as_text=True)
    assert "Samrådsyttrande från Byalaget" in page and "Ändrat yttrande." in page
    assert "Yttrande från Byalaget" in client.get(draft_url(consultation)).get_data(as_text=True)


def test_hostile_html_in_a_response_is_harmless(client, cf, of, make, login_as):
    consultation = cf.consultation()
    chair = make.user()
    club = of.organisation(chair)
    saved = cf.response(consultation, club, chair)
    html = client.get(f"{draft_url(consultation)}/yttranden/{saved.id}").get_data(as_text=True)
    assert_safe(html)


def test_someone_outside_the_organisation_cannot_respond_for_it(client, cf, of, login_as,
                                                               resident):
    consultation = cf.consultation()
    club = of.organisation()
    assert _respond(login_as(resident), consultation, club).status_code == 403
    assert login_as(resident).get(
        f"{draft_url(consultation)}/yttrande?organisation={club.id}").status_code == 403
    assert count(ConsultationResponse) == 0


def test_an_unverified_organisation_cannot_respond(client, cf, of, login_as, resident):
    consultation = cf.consultation()
    club = of.organisation(resident, status=VerificationStatus.UNVERIFIED)
    assert _respond(login_as(resident), consultation, club).status_code == 403
    page = login_as(resident).get(f"{draft_url(consultation)}/yttrande").get_data(as_text=True)
    assert "Bara organisationer och lokala utvecklingsgrupper skickar samrådsyttranden" in page


@pytest.mark.parametrize("body, says", [("", "Skriv yttrandet"),
                                        ("x" * 50001, "högst 50 000 tecken"),
                                        ("Ring ordföranden på 070-123 45 67", "telefonnummer")])
def test_bad_responses_are_refused(client, cf, of, login_as, resident, body, says):
    consultation = cf.consultation()
    club = of.organisation(resident)
    response = _respond(login_as(resident), consultation, club, body)
    assert response.status_code == 400
    assert says in response.get_data(as_text=True)
    assert count(ConsultationResponse) == 0


def test_no_organisation_chosen_is_refused(client, cf, of, login_as, resident):
    consultation = cf.consultation()
    of.organisation(resident)
    response = login_as(resident).post(f"{draft_url(consultation)}/yttrande",
                                       data={"organisation": "", "body": "Text"})
    assert response.status_code == 400
    assert "Välj vilken organisation" in response.get_data(as_text=True)


@pytest.mark.parametrize("before, after, status", [(20, -1, PlanStatus.CONSULTATION),
                                                   (5, 5, PlanStatus.ADOPTED)])
def test_after_the_period_the_response_cannot_change(client, cf, of, login_as, resident,
                                                     before, after, status):
    consultation = cf.consultation(days_before=before, days_after=after, status=status)
    club = of.organisation(resident)
    saved = cf.response(consultation, club, resident, body="Som det var.")
    response = _respond(login_as(resident), consultation, club, "Nytt.")
    assert response.status_code == 400
    assert "Det går inte" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ConsultationResponse, saved.id).body == "Som det var."
    page = client.get(f"{draft_url(consultation)}/yttranden/{saved.id}").get_data(as_text=True)
    assert "Ändra yttrandet" not in page


def test_a_blocked_member_cannot_respond(client, cf, of, login_as, resident):
    consultation = cf.consultation()
    club = of.organisation(resident)
    set_block(resident)
    assert _respond(login_as(resident), consultation, club).status_code == 403


def test_responses_of_other_consultations_are_not_found(client, cf, of, make):
    consultation, other = cf.consultation(), cf.consultation()
    chair = make.user()
    saved = cf.response(other, of.organisation(chair), chair)
    assert client.get(f"{draft_url(consultation)}/yttranden/{saved.id}").status_code == 404
    assert client.get(f"{draft_url(consultation)}/yttranden/0").status_code == 404
