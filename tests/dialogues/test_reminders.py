"""`flask dialogues send-reminders`: registrants are reminded the day before, once."""

from __future__ import annotations

from datetime import timedelta

from app.core.models import utcnow
from app.dialogues import services
from app.extensions import db
from tests.dialogues.helpers import reload


def _reminded(outbox) -> list[str]:
    return sorted(m.recipient for m in outbox() if m.kind == "meeting_reminder")


def test_registrants_are_reminded_the_day_before_once(make, df, outbox):
    meeting = df.meeting(df.dialogue(status="open"), days_ahead=3, capacity=1)
    holder = make.user(email="plats@example.org")
    registration = services.register(meeting, holder)
    services.register(meeting, make.user(email="vantar@example.org"))
    gone = services.register(df.meeting(df.dialogue(status="open"), days_ahead=3),
                             make.user(email="avanmald@example.org"))
    services.cancel_registration(gone)
    db.session.commit()
    the_day_before = meeting.starts_at - timedelta(days=1)

    assert services.send_reminders(now=meeting.starts_at - timedelta(days=2)) == 0
    assert services.send_reminders(now=the_day_before) == 1
    db.session.commit()
    assert services.send_reminders(now=the_day_before + timedelta(hours=1)) == 0
    db.session.commit()

    assert _reminded(outbox) == ["plats@example.org"]
    [reminder] = [m for m in outbox(holder.email) if m.kind == "meeting_reminder"]
    assert reminder.attachment_name.endswith(".ics")
    assert reload(registration).reminder_sent_at is not None


def test_no_reminders_for_cancelled_meetings(make, df, outbox):
    meeting = df.meeting(df.dialogue(status="open"), days_ahead=3)
    services.register(meeting, make.user())
    services.cancel_meeting(meeting)
    db.session.commit()

    assert services.send_reminders(now=meeting.starts_at - timedelta(days=1)) == 0
    db.session.commit()
    assert _reminded(outbox) == []


def test_the_command_sends_tomorrows_reminders_and_is_idempotent(app, make, df, outbox):
    tomorrow = df.meeting(df.dialogue(status="open"), days_ahead=1)
    later = df.meeting(df.dialogue(status="open"), days_ahead=5)
    soon = make.user(email="imorgon@example.org")
    services.register(tomorrow, soon)
    services.register(later, make.user(email="senare@example.org"))
    db.session.commit()
    # "Tomorrow" is a Swedish calendar day; the factory puts the meeting 24 h ahead,
    # which is tomorrow unless the run starts right at midnight.
    local_now = utcnow().astimezone(services.STOCKHOLM)
    is_tomorrow = (tomorrow.starts_at.astimezone(services.STOCKHOLM).date()
                   == local_now.date() + timedelta(days=1))

    runner = app.test_cli_runner()
    first = runner.invoke(args=["dialogues", "send-reminders"])
    second = runner.invoke(args=["dialogues", "send-reminders"])

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert _reminded(outbox) == (["imorgon@example.org"] if is_tomorrow else [])
