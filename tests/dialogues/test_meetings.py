"""Meetings: organisers add and edit them; bad times and capacities are refused;
cancelling a meeting tells everyone signed up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.models import utcnow
from app.dialogues import services
from app.dialogues.models import Meeting
from app.extensions import db
from tests.dialogues.helpers import count, reload


def _local(days: int, hour: int) -> str:
    return (utcnow() + timedelta(days=days)).strftime(f"%Y-%m-%dT{hour:02d}:00")


def _form(**overrides) -> dict:
    data = {
        "title": "Möte på biblioteket", "starts_at": _local(10, 18), "ends_at": _local(10, 20),
        "place": "Biblioteket", "address": "Storgatan 1", "step_free": "y",
        "hearing_loop": "y", "accessibility_info": "Ramp vid entrén.",
        "online_url": "https://mote.example.se/abc", "capacity": "30",
        "registration_deadline": _local(8, 12), "description": "Fika finns.",
    }
    data.update(overrides)
    return data


def test_a_moderator_adds_a_meeting_with_all_details(client, df, login_as, moderator):
    dialogue = df.dialogue(status="open")

    response = login_as(moderator).post(f"/dialoger/{dialogue.id}/moten/nytt", data=_form())

    assert response.status_code == 302
    meeting = db.session.scalars(select(Meeting)).one()
    assert meeting.dialogue_id == dialogue.id
    assert (meeting.place, meeting.address, meeting.capacity) == ("Biblioteket",
                                                                  "Storgatan 1", 30)
    assert meeting.step_free and meeting.hearing_loop
    assert meeting.online_url == "https://mote.example.se/abc"
    assert meeting.ends_at - meeting.starts_at == timedelta(hours=2)
    assert meeting.registration_deadline < meeting.starts_at
    # Entered in Swedish time, stored in UTC.
    assert meeting.starts_at.astimezone(services.STOCKHOLM).hour == 18

    html = client.get(f"/dialoger/{dialogue.id}").get_data(as_text=True)
    assert "Möte på biblioteket" in html
    assert f"/dialoger/{dialogue.id}/moten/{meeting.id}.ics" in html


@pytest.mark.parametrize("overrides", [
    {"ends_at": _local(10, 17)},                     # ends before it starts
    {"ends_at": _local(10, 18)},                     # ends as it starts
    {"capacity": "0"},
    {"capacity": "-5"},
    {"capacity": "många"},
    {"capacity": ""},
    {"title": ""},
    {"starts_at": ""},
    {"starts_at": "imorgon"},
    {"registration_deadline": _local(11, 12)},       # after the meeting
    {"online_url": "javascript:alert(1)"},
])
def test_bad_meeting_input_is_refused_and_nothing_is_saved(login_as, df, moderator, overrides):
    dialogue = df.dialogue(status="open")

    response = login_as(moderator).post(f"/dialoger/{dialogue.id}/moten/nytt",
                                        data=_form(**overrides))

    assert response.status_code == 400
    assert count(Meeting) == 0


def test_editing_a_meeting_keeps_bad_input_out(client, df, login_as, moderator):
    dialogue = df.dialogue(status="open")
    meeting = df.meeting(dialogue, capacity=10)
    url = f"/dialoger/{dialogue.id}/moten/{meeting.id}/redigera"
    login_as(moderator)
    assert client.get(url).status_code == 200

    response = client.post(url, data=_form(capacity="0"))
    assert response.status_code == 400
    assert reload(meeting).capacity == 10

    response = client.post(url, data=_form(capacity="12", title="Nytt namn"))
    assert response.status_code == 302
    meeting = reload(meeting)
    assert (meeting.capacity, meeting.title) == (12, "Nytt namn")


def test_capacity_cannot_go_below_the_places_already_given(client, make, df, login_as,
                                                           moderator):
    dialogue = df.dialogue(status="open")
    meeting = df.meeting(dialogue, capacity=3)
    for _ in range(3):
        services.register(meeting, make.user())
    db.session.commit()

    response = login_as(moderator).post(
        f"/dialoger/{dialogue.id}/moten/{meeting.id}/redigera", data=_form(capacity="2"))

    assert response.status_code == 400
    assert reload(meeting).capacity == 3


def test_more_places_move_people_up_from_the_waiting_list(client, make, df, login_as,
                                                          moderator, outbox):
    dialogue = df.dialogue(status="open")
    meeting = df.meeting(dialogue, capacity=1)
    services.register(meeting, make.user())
    waiting = make.user(email="vantar@example.org")
    services.register(meeting, waiting)
    db.session.commit()
    starts = meeting.starts_at.astimezone(services.STOCKHOLM)

    response = login_as(moderator).post(
        f"/dialoger/{dialogue.id}/moten/{meeting.id}/redigera", data=_form(
            capacity="2", starts_at=starts.strftime("%Y-%m-%dT%H:%M"),
            ends_at=(starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            registration_deadline=""))

    assert response.status_code == 302
    meeting = reload(meeting)
    assert (meeting.registered_count, meeting.waitlist_count) == (2, 0)
    assert "meeting_confirmed" in [m.kind for m in outbox("vantar@example.org")]


def test_cancelling_a_meeting_tells_everyone_signed_up(client, make, df, login_as, moderator,
                                                       outbox):
    dialogue = df.dialogue(status="open")
    meeting = df.meeting(dialogue, capacity=1)
    services.register(meeting, make.user(email="plats@example.org"))
    services.register(meeting, make.user(email="kon@example.org"))
    db.session.commit()

    response = login_as(moderator).post(
        f"/dialoger/{dialogue.id}/moten/{meeting.id}/stall-in")

    assert response.status_code == 302
    assert reload(meeting).is_cancelled
    for email in ("plats@example.org", "kon@example.org"):
        assert "meeting_cancelled" in [m.kind for m in outbox(email)]


def test_a_meeting_of_another_dialogue_is_not_found(client, df, login_as, moderator):
    dialogue = df.dialogue(status="open")
    other = df.dialogue(status="open")
    meeting = df.meeting(other)
    login_as(moderator)

    for suffix in ("redigera", "deltagare", "deltagare.csv", "utfall", "forslag", "anmalan"):
        assert client.get(f"/dialoger/{dialogue.id}/moten/{meeting.id}/{suffix}"
                          ).status_code == 404, suffix
    assert client.get(f"/dialoger/{dialogue.id}/moten/{meeting.id}.ics").status_code == 404
    assert client.post(f"/dialoger/{dialogue.id}/moten/{meeting.id}/stall-in"
                       ).status_code == 404
    assert reload(meeting).cancelled_at is None


@pytest.mark.parametrize("url", [
    "/dialoger/999999",
    "/dialoger/99999999999999999999",
    "/dialoger/2147483648",
    "/dialoger/{d}/moten/999999/anmalan",
    "/dialoger/{d}/moten/99999999999999999999.ics",
    "/dialoger/99999999999999999999/moten/{m}.ics",
    "/dialoger/{d}/moten/99999999999999999999/deltagare",
    "/dialoger/99999999999999999999/redigera",
])
def test_unknown_and_huge_ids_are_not_found(client, df, login_as, moderator, url):
    dialogue = df.dialogue(status="open")
    meeting = df.meeting(dialogue)

    response = login_as(moderator).get(url.format(d=dialogue.id, m=meeting.id))

    assert response.status_code == 404
