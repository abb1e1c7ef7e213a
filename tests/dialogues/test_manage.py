"""Moderators create and edit dialogues and move them through their statuses;
others are kept out of the organiser pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.permissions import Role
from app.dialogues import services
from app.dialogues.models import Dialogue, DialogueStatus
from app.extensions import db
from app.organisations.models import VerificationStatus
from tests.dialogues.helpers import count, reload
from tests.factories import HOSTILE


def _form(**overrides) -> dict:
    data = {
        "title": "Torget i Norrby", "question": "Hur ska torget se ut?",
        "influence_scope": "Möblering och belysning.", "description": "Vi ses på torget.",
        "community": "hela-kommunen", "participation_level": "dialogue",
        "target_groups": ["residents", "young"], "organising_unit": "Kultur och fritid",
        "proposals_from": "", "proposals_until": "",
    }
    data.update(overrides)
    return data


def test_a_moderator_creates_a_planned_dialogue_with_all_details(client, make, of, login_as,
                                                                  moderator):
    community = make.community("Norrby")
    partner = of.organisation(name="Norrby IF")
    other = make.user(Role.MODERATOR, display_name="Dora Demokrat")

    response = login_as(moderator).post("/dialoger/ny", data=_form(
        community=str(community.id), partners=[str(partner.id)],
        responsible=[str(moderator.id), str(other.id)], participation_level="influence",
        proposals_from="2030-01-01", proposals_until="2030-02-01"))

    assert response.status_code == 302
    dialogue = db.session.scalars(select(Dialogue)).one()
    assert response.headers["Location"].endswith(f"/dialoger/{dialogue.id}")
    assert (dialogue.title, dialogue.status, dialogue.community_id) == (
        "Torget i Norrby", DialogueStatus.PLANNED, community.id)
    assert dialogue.participation_level == "influence"
    assert dialogue.organising_unit == "Kultur och fritid"
    assert [o.id for o in dialogue.partners] == [partner.id]
    assert {u.id for u in dialogue.responsible} == {moderator.id, other.id}
    assert sorted(services.target_groups(dialogue)) == ["residents", "young"]
    assert str(dialogue.proposals_from) == "2030-01-01"

    page = client.get(f"/dialoger/{dialogue.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Torget i Norrby" in html and "Norrby IF" in html
    assert "Dora Demokrat" in html


def test_the_whole_municipality_is_a_choice(login_as, moderator):
    response = login_as(moderator).post("/dialoger/ny", data=_form())
    assert response.status_code == 302
    assert db.session.scalars(select(Dialogue)).one().community_id is None


def test_an_admin_may_create_dialogues_too(login_as, admin):
    assert login_as(admin).get("/dialoger/ny").status_code == 200
    assert login_as(admin).post("/dialoger/ny", data=_form()).status_code == 302
    assert count(Dialogue) == 1


def test_a_moderator_edits_a_dialogue(client, df, of, login_as, moderator):
    dialogue = df.dialogue(status="open", target_groups=("residents",))
    partner = of.organisation()

    form = login_as(moderator).get(f"/dialoger/{dialogue.id}/redigera")
    assert form.status_code == 200
    response = client.post(f"/dialoger/{dialogue.id}/redigera", data=_form(
        title="Nytt namn", target_groups=["seniors"], partners=[str(partner.id)]))

    assert response.status_code == 302
    dialogue = reload(dialogue)
    assert dialogue.title == "Nytt namn"
    assert dialogue.status == "open"  # editing does not change the status
    assert services.target_groups(dialogue) == ["seniors"]
    assert [o.id for o in dialogue.partners] == [partner.id]


def test_only_verified_organisations_can_be_partners(login_as, of, moderator):
    unverified = of.organisation(status=VerificationStatus.UNVERIFIED)

    response = login_as(moderator).post("/dialoger/ny", data=_form(
        partners=[str(unverified.id)]))

    assert response.status_code == 400
    assert count(Dialogue) == 0


@pytest.mark.parametrize("overrides", [
    {"title": ""},
    {"title": "   "},
    {"question": ""},
    {"influence_scope": ""},
    {"title": "x" * 151},
    {"participation_level": "total-makt"},
    {"target_groups": ["aliens"]},
    {"community": "999999"},
    {"community": "99999999999999999999"},
    {"community": "abc"},
    {"proposals_from": "2030-02-01", "proposals_until": "2030-01-01"},
    {"proposals_from": "inte-ett-datum"},
    {"responsible": ["99999999"]},
])
def test_bad_dialogue_input_is_refused_and_nothing_is_saved(login_as, moderator, overrides):
    response = login_as(moderator).post("/dialoger/ny", data=_form(**overrides))

    assert response.status_code == 400
    assert count(Dialogue) == 0


def test_hostile_html_in_a_dialogue_is_escaped(client, login_as, moderator):
    login_as(moderator).post("/dialoger/ny", data=_form(
        title="Torget <script>alert(1)</script>", question=f"Fråga {HOSTILE}",
        description=HOSTILE, organising_unit="<b>enheten</b>"))
    dialogue = db.session.scalars(select(Dialogue)).one()

    html = client.get(f"/dialoger/{dialogue.id}").get_data(as_text=True)

    assert "<script>alert" not in html and "<img src=x" not in html
    assert "<b>enheten</b>" not in html
    assert "Torget &lt;script&gt;" in html


def test_status_moves_from_planned_to_open_to_closed(client, df, login_as, moderator):
    dialogue = df.dialogue(status="planned")
    login_as(moderator)

    for status in ("open", "closed"):
        response = client.post(f"/dialoger/{dialogue.id}/status", data={"status": status})
        assert response.status_code == 302
        assert reload(dialogue).status == status


@pytest.mark.parametrize(("start", "target"), [
    ("planned", "closed"),
    ("planned", "feedback_published"),
    ("closed", "feedback_published"),  # only publishing the feedback gets there
    ("feedback_published", "open"),
])
def test_invalid_status_moves_are_refused(client, df, login_as, moderator, start, target):
    dialogue = df.dialogue(status=start)

    response = login_as(moderator).post(f"/dialoger/{dialogue.id}/status",
                                        data={"status": target})

    assert response.status_code in (302, 400)
    assert reload(dialogue).status == start


def test_an_unknown_status_is_bad_input(login_as, df, moderator):
    dialogue = df.dialogue(status="planned")
    response = login_as(moderator).post(f"/dialoger/{dialogue.id}/status",
                                        data={"status": "hacked"})
    assert response.status_code == 400
    assert reload(dialogue).status == "planned"


@pytest.mark.parametrize("status", ["planned", "open", "closed", "feedback_published"])
def test_dialogues_are_public_from_planned_on(client, df, status):
    dialogue = df.dialogue(status=status, title=f"Synlig {status}")

    response = client.get(f"/dialoger/{dialogue.id}")

    assert response.status_code == 200
    assert f"Synlig {status}" in response.get_data(as_text=True)


def _organiser_pages(dialogue, meeting) -> list[tuple[str, str]]:
    base = f"/dialoger/{dialogue.id}"
    meeting_base = f"{base}/moten/{meeting.id}"
    return [
        ("GET", "/dialoger/ny"), ("POST", "/dialoger/ny"),
        ("GET", f"{base}/redigera"), ("POST", f"{base}/redigera"),
        ("POST", f"{base}/status"),
        ("GET", f"{base}/moten/nytt"), ("POST", f"{base}/moten/nytt"),
        ("GET", f"{meeting_base}/redigera"), ("POST", f"{meeting_base}/stall-in"),
        ("GET", f"{meeting_base}/deltagare"), ("GET", f"{meeting_base}/deltagare.csv"),
        ("GET", f"{meeting_base}/utfall"), ("POST", f"{meeting_base}/utfall"),
        ("GET", f"{meeting_base}/forslag"), ("POST", f"{meeting_base}/forslag"),
        ("GET", f"{base}/aterkoppling"), ("POST", f"{base}/aterkoppling"),
    ]


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.OFFICIAL])
def test_residents_and_officials_are_forbidden_on_organiser_pages(client, make, df, login_as,
                                                                  role):
    dialogue = df.dialogue(status="open")
    meeting = df.meeting(dialogue)
    login_as(make.user(role))

    for method, url in _organiser_pages(dialogue, meeting):
        response = client.open(url, method=method, data={"status": "closed", "title": "x"})
        assert response.status_code == 403, (method, url)
    assert reload(dialogue).status == "open"
    assert reload(meeting).cancelled_at is None


def test_anonymous_visitors_are_sent_to_sign_in(client, df):
    dialogue = df.dialogue(status="open")
    meeting = df.meeting(dialogue)

    for method, url in [*_organiser_pages(dialogue, meeting),
                        ("GET", f"/dialoger/{dialogue.id}/moten/{meeting.id}/anmalan"),
                        ("POST", f"/dialoger/{dialogue.id}/moten/{meeting.id}/anmalan")]:
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url)
        assert "logga-in" in response.headers["Location"] or "login" in \
            response.headers["Location"]


def test_organiser_tools_are_hidden_from_residents(client, df, login_as, resident):
    dialogue = df.dialogue(status="open")
    df.meeting(dialogue)

    html = login_as(resident).get(f"/dialoger/{dialogue.id}").get_data(as_text=True)

    assert f"/dialoger/{dialogue.id}/redigera" not in html
    assert "/deltagare" not in html


@pytest.mark.parametrize("overrides", [{"title": ""}, {"community": "999999"},
                                       {"proposals_from": "2030-02-01",
                                        "proposals_until": "2030-01-01"}])
def test_bad_edits_leave_the_dialogue_as_it_was(client, df, login_as, moderator, overrides):
    dialogue = df.dialogue(status="open", title="Oförändrad")

    response = login_as(moderator).post(f"/dialoger/{dialogue.id}/redigera",
                                        data=_form(**overrides))

    assert response.status_code == 400
    dialogue = reload(dialogue)
    assert (dialogue.title, dialogue.community_id, dialogue.proposals_until) == (
        "Oförändrad", None, None)
