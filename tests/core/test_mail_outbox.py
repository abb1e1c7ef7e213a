"""The mail outbox: messages are rows written with the change that caused them,
and `flask mail send` delivers them with retries, never losing one."""

import smtplib
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.accounts import services as account_services
from app.accounts.models import User
from app.core import mail
from app.core.mail import OutboxMessage, OutboxStatus, queue_mail, retry_delay
from app.core.models import utcnow


class Transport:
    """Records what would have been sent; fails while `failing` is set."""

    def __init__(self, failing: Exception | None = None):
        self.failing = failing
        self.sent = []

    def __call__(self, email):
        if self.failing is not None:
            raise self.failing
        self.sent.append(email)


@pytest.fixture
def transport(monkeypatch):
    fake = Transport()
    monkeypatch.setattr(mail, "_transport", fake)
    return fake


def send(app, *args):
    result = app.test_cli_runner().invoke(args=["mail", "send", *args])
    assert result.exit_code == 0, result.output
    return result.output


def reload(db, message_id) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


def make_due(db, message_id):
    """Let the clock pass the message's next attempt."""
    message = db.session.get(OutboxMessage, message_id)
    message.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()


def queued(db, recipient="anna@example.org", subject="Hej", body="Innehåll") -> int:
    message = queue_mail(recipient, subject, body)
    db.session.commit()
    return message.id


def test_a_message_is_written_in_the_same_transaction_as_the_change(db, app):
    with app.test_request_context():
        account_services.register_user("ny@example.org", "Ny Person", "ett-bra-losenord-2026")
    db.session.rollback()

    assert db.session.scalar(select(func.count(User.id))) == 0
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0

    with app.test_request_context():
        account_services.register_user("ny@example.org", "Ny Person", "ett-bra-losenord-2026")
    db.session.commit()

    assert db.session.scalar(select(func.count(User.id))) == 1
    [message] = db.session.scalars(select(OutboxMessage)).all()
    assert (message.recipient, message.status, message.attempts) == (
        "ny@example.org", OutboxStatus.PENDING, 0)


def test_queueing_does_not_send(db, transport):
    queued(db)
    assert transport.sent == []


def test_send_delivers_pending_messages_and_marks_them_sent(app, db, transport):
    first, second = queued(db, subject="Ett"), queued(db, subject="Två")

    output = send(app)

    assert "2" in output
    assert [email["Subject"] for email in transport.sent] == ["Ett", "Två"]
    assert transport.sent[0]["To"] == "anna@example.org"
    assert transport.sent[0]["From"] == app.config["MAIL_SENDER"]
    assert transport.sent[0].get_content().strip() == "Innehåll"
    for message_id in (first, second):
        message = reload(db, message_id)
        assert message.status == OutboxStatus.SENT
        assert message.sent_at is not None
        assert message.attempts == 1


def test_a_sent_message_is_not_sent_again(app, db, transport):
    queued(db)
    send(app)
    send(app)
    assert len(transport.sent) == 1


@pytest.mark.parametrize("error", [smtplib.SMTPServerDisconnected("borta"),
                                   ConnectionRefusedError("nej"), TimeoutError("tyst")],
                         ids=["smtp error", "connection refused", "timeout"])
def test_a_failed_attempt_is_retried_later_with_backoff(app, db, transport, error):
    message_id = queued(db)
    transport.failing = error
    before = utcnow()

    send(app)

    message = reload(db, message_id)
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1
    assert type(error).__name__ in message.last_error
    assert message.next_attempt_at >= before + timedelta(minutes=1)
    assert message.next_attempt_at <= utcnow() + timedelta(minutes=1)

    send(app)  # not due yet: no new attempt
    assert reload(db, message_id).attempts == 1

    make_due(db, message_id)
    send(app)
    message = reload(db, message_id)
    assert message.attempts == 2
    assert message.next_attempt_at >= utcnow() + timedelta(minutes=2) - timedelta(seconds=5)


def test_the_backoff_doubles_and_is_capped():
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [
        timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert retry_delay(30) == timedelta(hours=6)


def test_after_the_last_attempt_the_message_is_failed_but_kept(app, db, transport,
                                                              monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 3)
    message_id = queued(db, body="Viktigt innehåll")
    transport.failing = OSError("nätet är nere")

    for _ in range(3):
        send(app)
        make_due(db, message_id)
    send(app)  # a failed message is not tried again

    message = reload(db, message_id)
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == 3
    assert message.body == "Viktigt innehåll"
    assert "nätet är nere" in message.last_error


def test_a_message_that_finally_goes_through_is_sent(app, db, transport):
    message_id = queued(db)
    transport.failing = OSError("tillfälligt fel")
    send(app)
    transport.failing = None
    make_due(db, message_id)

    send(app)

    message = reload(db, message_id)
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 2
    assert message.last_error is None
    assert len(transport.sent) == 1


def test_a_failing_message_does_not_stop_the_others(app, db, monkeypatch):
    bad, good = queued(db, recipient="trasig@example.org"), queued(db)

    def transport(email):
        if email["To"] == "trasig@example.org":
            raise smtplib.SMTPRecipientsRefused({"trasig@example.org": (550, b"nej")})

    monkeypatch.setattr(mail, "_transport", transport)
    send(app)

    assert reload(db, bad).status == OutboxStatus.PENDING
    assert reload(db, good).status == OutboxStatus.SENT


def test_send_respects_the_limit(app, db, transport):
    for _ in range(3):
        queued(db)
    send(app, "--limit", "2")
    assert len(transport.sent) == 2


def test_without_an_smtp_server_the_message_is_logged_and_marked_sent(app, db, caplog):
    message_id = queued(db, subject="Loggat")
    assert not app.config["MAIL_SERVER"]
    with caplog.at_level("INFO", logger="app.core.mail"):
        send(app)
    assert reload(db, message_id).status == OutboxStatus.SENT
    assert "Loggat" in caplog.text


def test_the_outbox_command_lists_the_latest_messages(app, db, transport):
    queued(db, recipient="anna@example.org", subject="Första")
    queued(db, recipient="bertil@example.org", subject="Andra")
    send(app, "--limit", "1")

    output = app.test_cli_runner().invoke(args=["mail", "outbox"]).output

    assert output.index("bertil@example.org") < output.index("anna@example.org")
    assert "Första" in output
    assert "Andra" in output
    assert "sent" in output
    assert "pending" in output

    only_pending = app.test_cli_runner().invoke(
        args=["mail", "outbox", "--status", "pending"]).output
    assert "Andra" in only_pending
    assert "Första" not in only_pending


def test_the_outbox_command_on_an_empty_outbox(app):
    result = app.test_cli_runner().invoke(args=["mail", "outbox"])
    assert result.exit_code == 0
    assert "empty" in result.output


def test_a_long_subject_is_shortened_to_fit(db):
    message_id = queued(db, subject="Ä" * 400)
    assert len(reload(db, message_id).subject) == 250
