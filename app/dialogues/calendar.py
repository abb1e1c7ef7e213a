"""Meetings as iCalendar (.ics) for e-mails, downloads and feeds."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from app.core.urls import external_url
from app.dialogues.models import Meeting

if TYPE_CHECKING:
    from icalendar import Calendar, Event

# icalendar is imported where a calendar is made: most requests never make
# one, and it costs each web worker ~3 MB.


def _calendar(name: str) -> Calendar:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//Inflytande//dialogmoten//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(meeting: Meeting, dialogue_title: str, host: str) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", f"meeting-{meeting.id}@{host}")
    event.add("summary", f"{meeting.title} – {dialogue_title}")
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("dtstamp", meeting.updated_at)
    location = ", ".join(part for part in (meeting.place, meeting.address) if part)
    if meeting.online_url:
        location = f"{location} ({meeting.online_url})" if location else meeting.online_url
    if location:
        event.add("location", location)
    url = external_url("dialogues.show", dialogue_id=meeting.dialogue_id)
    event.add("url", url)
    event.add("description", f"{meeting.description}\n\n{url}".strip())
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return event


def meetings_ics(meetings: Iterable[tuple[Meeting, str]], name: str, host: str) -> str:
    """A calendar of (meeting, dialogue title) pairs."""
    calendar = _calendar(name)
    for meeting, dialogue_title in meetings:
        calendar.add_component(_event(meeting, dialogue_title, host))
    return calendar.to_ical().decode("utf-8")
