"""Organisers' participant list and CSV; meetings as iCalendar files and feeds."""

from __future__ import annotations

import csv
import io

from icalendar import Calendar

from app.dialogues import services
from app.extensions import db
from tests.dialogues.helpers import meeting_url


def _csv_rows(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_organisers_download_the_participants_as_csv(client, make, df, of, login_as,
                                                     moderator):
    meeting = df.meeting(df.dialogue(status="open"), capacity=1)
    holder = make.user(display_name="Åsa Öberg", email="asa@example.org")
    organisation = of.organisation(holder, name="Älvens förening")
    services.register(meeting, holder, organisation, allergies="Gluten")
    services.register(meeting, make.user(display_name="Bo Väntar", email="bo@example.org"))
    db.session.commit()

    response = login_as(moderator).get(meeting_url(meeting, "deltagare.csv"))

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    header, *rows = _csv_rows(response)
    assert len(header) == 8
    assert [row[:3] for row in rows] == [["Åsa Öberg", "asa@example.org", "Älvens förening"],
                                         ["Bo Väntar", "bo@example.org", ""]]
    assert rows[0][5] == "Gluten"
    assert rows[0][3] != rows[1][3]  # a place versus the waiting list


def test_cancelled_registrations_are_not_in_the_list(client, make, df, login_as, moderator):
    meeting = df.meeting(df.dialogue(status="open"))
    gone = services.register(meeting, make.user(email="borta@example.org"))
    services.register(meeting, make.user(email="kvar@example.org"))
    services.cancel_registration(gone)
    db.session.commit()

    login_as(moderator)
    rows = _csv_rows(client.get(meeting_url(meeting, "deltagare.csv")))[1:]
    html = client.get(meeting_url(meeting, "deltagare")).get_data(as_text=True)

    assert [row[1] for row in rows] == ["kvar@example.org"]
    assert "borta@example.org" not in html and "kvar@example.org" in html


def test_csv_cells_cannot_start_a_formula(client, make, df, login_as, moderator):
    meeting = df.meeting(df.dialogue(status="open"))
    # An e-mail address may legally start with "=" too.
    hostile = make.user(display_name='=HYPERLINK("http://evil.example","x")',
                        email="=1+1@example.org")
    services.register(meeting, hostile, allergies="+cmd|' /C calc'!A0",
                      accessibility_needs="@SUM(1+1)", needs_interpreter="-2+3")
    db.session.commit()

    rows = _csv_rows(login_as(moderator).get(meeting_url(meeting, "deltagare.csv")))[1:]

    [row] = rows
    for cell in row:
        assert not cell.startswith(("=", "+", "-", "@")), cell
    assert row[0] == "'" + '=HYPERLINK("http://evil.example","x")'
    assert row[5] == "'+cmd|' /C calc'!A0"
    assert row[1] == "'=1+1@example.org"


def test_the_participant_page_escapes_hostile_names(client, make, df, login_as, moderator):
    meeting = df.meeting(df.dialogue(status="open"))
    services.register(meeting, make.user(display_name="<script>alert(1)</script>"),
                      allergies="<img src=x onerror=alert(1)>")
    db.session.commit()

    html = login_as(moderator).get(meeting_url(meeting, "deltagare")).get_data(as_text=True)

    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_every_meeting_has_an_ics_file(client, df):
    dialogue = df.dialogue(status="open", title="Torgdialogen")
    meeting = df.meeting(dialogue, title="Torgmöte")

    response = client.get(f"/dialoger/{dialogue.id}/moten/{meeting.id}.ics")

    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    [event] = Calendar.from_ical(response.get_data()).walk("VEVENT")
    assert event.decoded("dtstart") == meeting.starts_at
    assert "Torgmöte" in str(event["summary"]) and "Torgdialogen" in str(event["summary"])
    assert "Biblioteket" in str(event["location"])


def _feed_titles(response) -> set[str]:
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return {str(event["summary"]).split(" – ")[0]
            for event in Calendar.from_ical(response.get_data()).walk("VEVENT")}


def test_the_calendar_feed_has_all_upcoming_meetings(client, make, df):
    north, south = make.community("Norrby", slug="norrby"), make.community("Söderby",
                                                                           slug="soderby")
    open_north = df.dialogue(status="open", community=north)
    planned_south = df.dialogue(status="planned", community=south)
    whole = df.dialogue(status="open")
    finished = df.dialogue(status="feedback_published", community=north)
    df.meeting(open_north, title="Norr kommande")
    df.meeting(open_north, title="Norr passerat", days_ahead=-3)
    cancelled = df.meeting(open_north, title="Norr inställt")
    cancelled.cancelled_at = cancelled.created_at
    db.session.commit()
    df.meeting(planned_south, title="Söder kommande")
    df.meeting(whole, title="Hela kommunen kommande")
    df.meeting(finished, title="Avslutad")

    assert _feed_titles(client.get("/dialoger/kalender.ics")) == {
        "Norr kommande", "Söder kommande", "Hela kommunen kommande"}
    assert _feed_titles(client.get("/dialoger/kalender.ics?lokalsamhalle=norrby")) == {
        "Norr kommande"}
    assert _feed_titles(client.get("/dialoger/kalender.ics?lokalsamhalle=soderby")) == {
        "Söder kommande"}


def test_an_unknown_community_feed_is_not_found(client):
    assert client.get("/dialoger/kalender.ics?lokalsamhalle=finns-inte").status_code == 404
