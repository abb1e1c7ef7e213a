"""Delivery never loses a notification e-mail and never sends one twice.

The outbox basics (queueing, a single retry, the failed state) are in
test_mail_outbox.py; here: a crash at each point between the change and the
sending, the whole backoff ladder, and two senders at once.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.core import mail, notifications
from app.core.mail import OutboxMessage, OutboxStatus, deliver_pending
from app.core.models import utcnow
from app.core.notifications import Category, Mode, Notification
from app.extensions import db
from app.proposals import services as proposal_services
from app.proposals.models import ProposalStatus
from tests.proposals.helpers import run_in_parallel


class ProcessDied(BaseException):
    """Stands for the process being killed: not an Exception, so nothing catches it."""


def send(app):
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    return result


def the_message(person) -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == person.email)).one()


def make_due(message_id: int) -> None:
    db.session.expire_all()
    db.session.get(OutboxMessage, message_id).next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()


@pytest.fixture
def change(make, pf, moderator):
    """A status change that e-mails one follower, committed with its outbox row."""
    author = make.user()
    notifications.set_mode(author, Category.MY_PROPOSALS, Mode.OFF)
    proposal = pf.proposal(author)
    person = make.user()
    pf.follow(proposal, person)

    def make_change():
        proposal_services.transition(proposal, ProposalStatus.UNDER_CONSIDERATION, moderator)
        db.session.commit()
        return person

    return make_change


def test_a_change_that_is_rolled_back_leaves_no_message_and_no_notification(make, pf,
                                                                           moderator):
    proposal = pf.proposal()
    pf.follow(proposal, make.user())
    proposal_services.transition(proposal, ProposalStatus.UNDER_CONSIDERATION, moderator)
    db.session.rollback()
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    assert db.session.scalar(select(func.count(Notification.id))) == 0


def test_a_crash_before_sending_leaves_the_message_pending(app, change):
    person = change()  # the change is committed, with its message; then the process stops
    message = the_message(person)
    assert (message.status, message.attempts, message.sent_at) == (OutboxStatus.PENDING, 0,
                                                                   None)


def test_a_crash_during_sending_leaves_the_message_pending_and_it_goes_next_time(
        app, change, monkeypatch):
    person = change()

    def dies(email):
        raise ProcessDied()

    monkeypatch.setattr(mail, "_transport", dies)
    with pytest.raises(ProcessDied):
        deliver_pending()
    db.session.rollback()  # what the database does when the process is gone

    message = the_message(person)
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 0)

    sent = []
    monkeypatch.setattr(mail, "_transport", sent.append)
    assert "Sent: 1." in send(app).output
    assert the_message(person).status == OutboxStatus.SENT
    assert len(sent) == 1 and sent[0]["To"] == person.email
    assert sent[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_transport_error_keeps_the_message_for_later(app, change, monkeypatch):
    person = change()

    def refuses(email):
        raise ConnectionRefusedError("no server")

    monkeypatch.setattr(mail, "_transport", refuses)
    assert send(app).exit_code == 0
    message = the_message(person)
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error


def test_retries_back_off_1_2_4_8_minutes_then_give_up(app, change, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 5)
    person = change()
    tries = []

    def down(email):
        tries.append(email["To"])
        raise TimeoutError("the mail server does not answer")

    monkeypatch.setattr(mail, "_transport", down)
    message_id = the_message(person).id
    for attempt, minutes in enumerate((1, 2, 4, 8), start=1):
        before = utcnow()
        send(app)
        message = the_message(person)
        assert (message.status, message.attempts) == (OutboxStatus.PENDING, attempt)
        wait = message.next_attempt_at - before
        assert timedelta(minutes=minutes) <= wait <= timedelta(minutes=minutes, seconds=5)
        send(app)  # not due yet: no attempt
        assert the_message(person).attempts == attempt
        make_due(message_id)

    send(app)  # the fifth and last attempt
    message = the_message(person)
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 5)
    make_due(message_id)
    send(app)  # a failed message is left alone, and kept
    assert the_message(person).attempts == 5
    assert len(tries) == 5


def test_two_senders_at_once_send_each_message_once(app, make, monkeypatch):
    """Each sender claims a message under a row lock (SKIP LOCKED on PostgreSQL)
    and marks it sent in the same transaction; a slow server makes the two
    runs overlap."""
    recipients = [f"person{n}@example.org" for n in range(20)]
    for address in recipients:
        mail.queue_mail(address, "Nyhet", "Text")
    db.session.commit()
    delivered: list[str] = []
    lock = threading.Lock()

    def slow(email):
        time.sleep(0.01)
        with lock:
            delivered.append(email["To"])

    monkeypatch.setattr(mail, "_transport", slow)

    def sender():
        return deliver_pending(limit=100)

    results = run_in_parallel(app, [sender, sender])

    assert sorted(delivered) == sorted(recipients)
    assert sum(sent for sent, _failed in results) == len(recipients)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.status == OutboxStatus.SENT)) == len(recipients)
