"""The daily digest: one e-mail per person with the notifications held for it.

`flask mail digest` (run from cron, e.g. once a morning) collects, per
person, the notifications whose e-mail was held for the digest and not yet
sent in one, queues one e-mail, and marks them as included, in one
transaction per person. Running it again, or twice at once, sends nothing
twice: the rows are claimed under a row lock (PostgreSQL, SKIP LOCKED) and
by a conditional update, and a claim that finds a row already taken gives up.
"""

from __future__ import annotations

import click
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from app.core.mail import mail_cli, queue_mail
from app.core.models import utcnow
from app.core.notifications import (
    CATEGORY_LABELS,
    DIGEST,
    Category,
    Mode,
    Notification,
    unsubscribe_url,
)
from app.core.urls import external_url
from app.extensions import db

KIND = "notification_digest"


def _user_model():
    # Core sits below accounts: the user model is reached through the relationship.
    return Notification.user.property.mapper.class_


def _due(user_id: int | None = None):
    query = select(Notification).where(Notification.delivery == Mode.DIGEST,
                                       Notification.digested_at.is_(None))
    if user_id is not None:
        query = query.where(Notification.user_id == user_id)
    return query


def _claim(user_id: int, now) -> list[Notification]:
    """The person's due notifications, taken for this run; [] when another run has them."""
    query = _due(user_id).order_by(Notification.created_at, Notification.id)
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = list(db.session.scalars(query))
    if not rows:
        return []
    claimed = db.session.execute(
        update(Notification).where(Notification.id.in_([row.id for row in rows]),
                                   Notification.digested_at.is_(None))
        .values(digested_at=now).execution_options(synchronize_session=False)).rowcount
    if claimed != len(rows):
        db.session.rollback()
        return []
    return rows


def send_digest(user, notifications: list[Notification]) -> None:
    """Queue the digest e-mail (in the caller's transaction)."""
    categories = sorted({Category(n.category) for n in notifications},
                        key=list(Category).index)
    link = unsubscribe_url(user, DIGEST)
    with force_locale(user.locale):
        groups = [(CATEGORY_LABELS[category],
                   [n for n in notifications if n.category == category])
                  for category in categories]
        body = render_template("mail/notification_digest.txt", user=user, groups=groups,
                               count=len(notifications),
                               page_url=external_url("accounts.notifications_page"),
                               settings_url=external_url("accounts.notification_settings"),
                               unsubscribe_url=link)
        subject = _("News from the last day (%(count)s)", count=len(notifications))
    queue_mail(user.email, subject, body, kind=KIND, unsubscribe_url=link)


def send_digests() -> int:
    """Queue every due digest, committing per person. Returns how many were queued."""
    User = _user_model()
    user_ids = list(db.session.scalars(
        select(Notification.user_id).where(Notification.delivery == Mode.DIGEST,
                                           Notification.digested_at.is_(None))
        .distinct().order_by(Notification.user_id)))
    db.session.commit()
    queued = 0
    for user_id in user_ids:
        now = utcnow()
        rows = _claim(user_id, now)
        user = db.session.get(User, user_id) if rows else None
        if user is None:
            db.session.rollback()
            continue
        if user.active and user.deleted_at is None:
            send_digest(user, rows)
            queued += 1
        db.session.commit()
    return queued


@mail_cli.command("digest")
def digest_command() -> None:
    """Send each person one e-mail with the notifications held for the daily digest
    (run from cron once a day; running it again sends nothing twice)."""
    count = send_digests()
    click.echo(f"Digests queued: {count}.")

