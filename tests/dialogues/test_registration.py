"""Signing up for a meeting: a place or the waiting list, on behalf of an
organisation, private needs, cancellations and the last seat under load."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.core.models import utcnow
from app.dialogues import services
from app.dialogues.models import Meeting, Registration, RegistrationStatus
from app.extensions import db
from app.organisations.models import VerificationStatus
from tests.dialogues.helpers import count, meeting_url, registrations, reload
from tests.proposals.helpers import is_postgres, run_in_parallel


def _sign_up(client, meeting, **data):
    return client.post(meeting_url(meeting, "anmalan"), data=data)


def test_a_resident_signs_up_and_gets_the_meeting_for_the_calendar(client, df, login_as,
                                                                   resident, outbox):
    dialogue = df.dialogue(status="open")
    meeting = df.meeting(dialogue, capacity=5, title="Kvällsmöte")
    login_as(resident)
    assert client.get(meeting_url(meeting, "anmalan")).status_code == 200

    response = _sign_up(client, meeting)

    assert response.status_code == 302
    [registration] = registrations(meeting)
    assert (registration.user_id, registration.status, registration.organisation_id) == (
        resident.id, RegistrationStatus.REGISTERED, None)
    assert reload(meeting).registered_count == 1
    [mail] = outbox(resident.email)
    assert mail.kind == "meeting_confirmed"
    assert mail.attachment_type == "text/calendar"
    assert mail.attachment_name.endswith(".ics")
    calendar = Calendar.from_ical(mail.attachment_data)
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == meeting.starts_at
    assert event.decoded("dtend") == meeting.ends_at
    assert "Kvällsmöte" in str(event.get("summary"))
    assert dialogue.title in str(event.get("summary"))


def test_nobody_signs_up_twice(client, df, login_as, resident):
    meeting = df.meeting(df.dialogue(status="open"))
    login_as(resident)
    _sign_up(client, meeting)

    response = _sign_up(client, meeting)

    assert response.status_code in (302, 400)
    assert response.status_code != 500
    assert len(registrations(meeting)) == 1
    assert reload(meeting).registered_count == 1


def test_when_full_people_go_on_the_waiting_list(client, make, df, login_as, outbox):
    meeting = df.meeting(df.dialogue(status="open"), capacity=1)
    first, second = make.user(), make.user()

    _sign_up(login_as(first), meeting)
    _sign_up(login_as(second), meeting)

    statuses = [(r.user_id, r.status) for r in registrations(meeting)]
    assert statuses == [(first.id, "registered"), (second.id, "waitlisted")]
    meeting = reload(meeting)
    assert (meeting.registered_count, meeting.waitlist_count) == (1, 1)
    [mail] = outbox(second.email)
    assert mail.kind == "meeting_waitlisted"


def test_a_cancellation_gives_the_place_to_the_first_on_the_waiting_list(
        client, make, df, login_as, outbox):
    meeting = df.meeting(df.dialogue(status="open"), capacity=1)
    holder, first_waiting, second_waiting = make.user(), make.user(), make.user()
    for user in (holder, first_waiting, second_waiting):
        _sign_up(login_as(user), meeting)

    response = login_as(holder).post(meeting_url(meeting, "avanmalan"))

    assert response.status_code == 302
    by_user = {r.user_id: r.status for r in registrations(meeting)}
    assert by_user == {holder.id: "cancelled", first_waiting.id: "registered",
                       second_waiting.id: "waitlisted"}
    meeting = reload(meeting)
    assert (meeting.registered_count, meeting.waitlist_count) == (1, 1)
    kinds = [m.kind for m in outbox(first_waiting.email)]
    assert kinds == ["meeting_waitlisted", "meeting_confirmed"]
    promoted = outbox(first_waiting.email)[-1]
    assert promoted.attachment_name.endswith(".ics")
    assert [m.kind for m in outbox(second_waiting.email)] == ["meeting_waitlisted"]


def test_leaving_the_waiting_list_frees_no_place(client, make, df, login_as):
    meeting = df.meeting(df.dialogue(status="open"), capacity=1)
    holder, waiting = make.user(), make.user()
    _sign_up(login_as(holder), meeting)
    _sign_up(login_as(waiting), meeting)

    login_as(waiting).post(meeting_url(meeting, "avanmalan"))

    meeting = reload(meeting)
    assert (meeting.registered_count, meeting.waitlist_count) == (1, 0)


def test_one_can_sign_up_again_after_cancelling(client, df, login_as, resident):
    meeting = df.meeting(df.dialogue(status="open"), capacity=3)
    login_as(resident)
    _sign_up(client, meeting)
    client.post(meeting_url(meeting, "avanmalan"))
    assert reload(meeting).registered_count == 0

    _sign_up(client, meeting)

    [registration] = registrations(meeting)
    assert registration.status == "registered"
    assert reload(meeting).registered_count == 1


def test_cancelling_without_a_registration_changes_nothing(client, df, login_as, resident):
    meeting = df.meeting(df.dialogue(status="open"))
    response = login_as(resident).post(meeting_url(meeting, "avanmalan"))
    assert response.status_code == 302
    assert registrations(meeting) == []


def test_signing_up_on_behalf_of_a_verified_organisation(client, df, of, login_as, resident):
    organisation = of.organisation(resident, name="Byalaget")
    meeting = df.meeting(df.dialogue(status="open"))
    login_as(resident)
    assert "Byalaget" in client.get(meeting_url(meeting, "anmalan")).get_data(as_text=True)

    response = _sign_up(client, meeting, acting_as=str(organisation.id))

    assert response.status_code == 302
    [registration] = registrations(meeting)
    assert registration.organisation_id == organisation.id


@pytest.mark.parametrize("kind", ["not_member", "unverified", "unknown", "huge", "text"])
def test_a_tampered_organisation_is_forbidden_and_nothing_is_saved(client, make, df, of,
                                                                   login_as, resident, kind):
    if kind == "not_member":
        value = str(of.organisation(make.user()).id)
    elif kind == "unverified":
        value = str(of.organisation(resident, status=VerificationStatus.UNVERIFIED).id)
    else:
        value = {"unknown": "999999", "huge": "9" * 30, "text": "abc"}[kind]
    meeting = df.meeting(df.dialogue(status="open"))

    response = _sign_up(login_as(resident), meeting, acting_as=value)

    assert response.status_code == 403
    assert registrations(meeting) == []
    assert reload(meeting).registered_count == 0


def test_needs_are_seen_by_the_organisers_only(client, df, login_as, resident, moderator):
    meeting = df.meeting(df.dialogue(status="open"))
    _sign_up(login_as(resident), meeting, needs_interpreter="Teckenspråk-XYZ",
             allergies="Nötallergi-XYZ", accessibility_needs="Rullstolsplats-XYZ")
    [registration] = registrations(meeting)
    assert registration.allergies == "Nötallergi-XYZ"

    for viewer in (resident, None):
        if viewer is None:
            with client.session_transaction() as session:
                session.clear()
        html = client.get(f"/dialoger/{meeting.dialogue_id}").get_data(as_text=True)
        for secret in ("Teckenspråk-XYZ", "Nötallergi-XYZ", "Rullstolsplats-XYZ"):
            assert secret not in html

    html = login_as(moderator).get(meeting_url(meeting, "deltagare")).get_data(as_text=True)
    for secret in ("Teckenspråk-XYZ", "Nötallergi-XYZ", "Rullstolsplats-XYZ"):
        assert secret in html


def test_too_long_needs_are_refused(client, df, login_as, resident):
    meeting = df.meeting(df.dialogue(status="open"))
    response = _sign_up(login_as(resident), meeting, allergies="x" * 301)
    assert response.status_code == 400
    assert registrations(meeting) == []


@pytest.mark.parametrize("case", ["deadline_passed", "cancelled", "past"])
def test_no_sign_up_after_the_deadline_for_a_cancelled_or_past_meeting(client, df, login_as,
                                                                       resident, outbox, case):
    dialogue = df.dialogue(status="open")
    if case == "deadline_passed":
        meeting = df.meeting(dialogue, days_ahead=3, deadline_days_ahead=-1)
    elif case == "past":
        meeting = df.meeting(dialogue, days_ahead=-1)
    else:
        meeting = df.meeting(dialogue)
        meeting.cancelled_at = utcnow()
        db.session.commit()

    response = _sign_up(login_as(resident), meeting)

    assert response.status_code == 400
    assert registrations(meeting) == []
    assert reload(meeting).registered_count == 0
    assert outbox(resident.email) == []


def test_the_last_place_is_given_once_under_concurrent_requests(app, make, df):
    if not is_postgres():
        pytest.skip("SQLite has one writer at a time; row locks need PostgreSQL")
    meeting = df.meeting(df.dialogue(status="open"), capacity=1)
    people = [make.user() for _ in range(6)]
    meeting_id, dialogue_id = meeting.id, meeting.dialogue_id

    def sign_up(user_id: str):
        def work() -> int:
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = user_id
                session["_fresh"] = True
            return client.post(f"/dialoger/{dialogue_id}/moten/{meeting_id}/anmalan",
                               data={}).status_code
        return work

    codes = run_in_parallel(app, [sign_up(p.get_id()) for p in people])

    assert codes == [302] * len(people)
    rows = registrations(meeting)
    assert sorted(r.status for r in rows) == ["registered"] + ["waitlisted"] * 5
    meeting = db.session.get(Meeting, meeting_id)
    assert (meeting.registered_count, meeting.waitlist_count) == (1, 5)


def test_the_same_person_signing_up_twice_at_once_gets_one_registration(app, make, df):
    if not is_postgres():
        pytest.skip("SQLite has one writer at a time; row locks need PostgreSQL")
    meeting = df.meeting(df.dialogue(status="open"), capacity=5)
    person = make.user()
    meeting_id, person_id, user_model = meeting.id, person.id, type(person)

    def sign_up() -> str:
        user = db.session.get(user_model, person_id)
        try:
            services.register(db.session.get(Meeting, meeting_id), user)
        except services.DialogueError:
            db.session.rollback()
            return "refused"
        db.session.commit()
        return "ok"

    results = run_in_parallel(app, [sign_up, sign_up, sign_up])

    assert sorted(results) == ["ok", "refused", "refused"]
    assert count(Registration, Registration.meeting_id == meeting_id) == 1
    assert db.session.get(Meeting, meeting_id).registered_count == 1


def test_a_past_meeting_shows_no_sign_up_button(client, df, login_as, resident):
    dialogue = df.dialogue(status="open")
    past = df.meeting(dialogue, days_ahead=-2)
    coming = df.meeting(dialogue, days_ahead=2)

    html = login_as(resident).get(f"/dialoger/{dialogue.id}").get_data(as_text=True)

    assert meeting_url(coming, "anmalan") in html
    assert meeting_url(past, "anmalan") not in html


def test_registrations_store_when_the_place_was_given(df, make):
    meeting = df.meeting(df.dialogue(status="open"), capacity=1)
    given = services.register(meeting, make.user())
    waiting = services.register(meeting, make.user())
    db.session.commit()
    assert given.confirmed_at is not None and waiting.confirmed_at is None
    assert db.session.scalars(select(Registration).where(
        Registration.status == "registered")).one().id == given.id
    assert given.created_at <= utcnow() + timedelta(seconds=1)
