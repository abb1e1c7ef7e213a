"""The mail outbox.

Every e-mail is first a row, written in the same transaction as the change
that caused it; `flask mail send` delivers pending rows. A crash between the
change and the sending leaves the message pending, never lost.
"""

from __future__ import annotations

import enum
import logging
import smtplib
import ssl
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import Index, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from app.core.models import utcnow
from app.extensions import db

log = logging.getLogger(__name__)


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(250))
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(50), default="general")
    status: Mapped[str] = mapped_column(String(10), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    # One optional text attachment, e.g. a meeting as an .ics file.
    attachment_name: Mapped[str | None] = mapped_column(String(100))
    attachment_type: Mapped[str | None] = mapped_column(String(100))
    attachment_data: Mapped[str | None] = mapped_column(Text)
    # Notifications carry a one-click unsubscribe link (RFC 8058), sent as headers.
    unsubscribe_url: Mapped[str | None] = mapped_column(String(1000))


def queue_mail(recipient: str, subject: str, body: str, kind: str = "general",
               attachment: tuple[str, str, str] | None = None,
               unsubscribe_url: str | None = None) -> OutboxMessage:
    """Add a message to the outbox in the caller's transaction (no commit).

    `attachment` is (file name, MIME type, text content). Account mail has no
    `unsubscribe_url`; notifications do (see app/core/notifications.py).
    """
    message = OutboxMessage(recipient=recipient, subject=subject[:250], body=body, kind=kind,
                            unsubscribe_url=unsubscribe_url)
    if attachment is not None:
        message.attachment_name, message.attachment_type, message.attachment_data = attachment
    db.session.add(message)
    return message


def _build_email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}")
    if message.unsubscribe_url:
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.body)
    if message.attachment_data is not None:
        maintype, _sep, subtype = (message.attachment_type or "text/plain").partition("/")
        email.add_attachment(message.attachment_data.encode("utf-8"), maintype=maintype,
                             subtype=subtype or "plain", filename=message.attachment_name)
    return email


def _transport(email: EmailMessage) -> None:
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        body = email.get_body(preferencelist=("plain",))
        log.info("E-mail (no SMTP configured) to %s: %s\n%s", email["To"], email["Subject"],
                 body.get_content() if body is not None else "")
        return
    if config["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30,
                                context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30)
    with smtp:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


def retry_delay(attempts: int) -> timedelta:
    """Back off 1, 2, 4 … minutes, capped at six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def deliver_pending(limit: int = 100, transport=None) -> tuple[int, int]:
    """Send due messages one at a time, committing after each.

    Returns (sent, failed attempts). Each message is claimed with a row lock
    on PostgreSQL so two senders running at once never send it twice.
    """
    transport = transport or _transport
    sent = failed = 0
    max_attempts = current_app.config["MAIL_MAX_ATTEMPTS"]
    for _ in range(limit):
        now = utcnow()
        query = (
            select(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.PENDING,
                   OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.id)
            .limit(1)
        )
        if db.engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        message = db.session.scalars(query).first()
        if message is None:
            break
        try:
            transport(_build_email(message))
        except Exception as error:  # one bad message must not block the rest of the queue
            log.warning("Could not send outbox message %s: %s", message.id, error)
            message.attempts += 1
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if message.attempts >= max_attempts:
                message.status = OutboxStatus.FAILED
            else:
                message.next_attempt_at = now + retry_delay(message.attempts)
            failed += 1
        else:
            message.attempts += 1
            message.status = OutboxStatus.SENT
            message.sent_at = now
            message.last_error = None
            sent += 1
        db.session.commit()
    return sent, failed


mail_cli = AppGroup("mail", help="The mail outbox.")


@mail_cli.command("outbox")
@click.option("--limit", default=20, show_default=True, help="How many messages to list.")
@click.option("--status", type=click.Choice([s.value for s in OutboxStatus]), default=None)
def outbox_command(limit: int, status: str | None) -> None:
    """List the latest messages in the outbox."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status:
        query = query.where(OutboxMessage.status == status)
    messages = db.session.scalars(query).all()
    if not messages:
        click.echo("The outbox is empty.")
        return
    for message in messages:
        click.echo(f"#{message.id} {message.status:<7} {message.created_at:%Y-%m-%d %H:%M} "
                   f"{message.recipient} — {message.subject} (attempts: {message.attempts})")


@mail_cli.command("send")
@click.option("--limit", default=500, show_default=True, help="Most messages to send in one run.")
def send_command(limit: int) -> None:
    """Deliver pending messages (run from cron; safe to run often)."""
    sent, failed = deliver_pending(limit=limit)
    click.echo(f"Sent: {sent}. Failed attempts: {failed}.")
