"""Notifications: what happened to the things a person takes part in.

Every participation event goes through `notify(...)`, in the caller's
transaction. It always writes an in-app `Notification` (shown under Mitt konto
→ Aviseringar) and then, by the person's choice for the notification's
category, queues the e-mail at once, holds it for the daily digest
(`flask mail digest`, see app/core/digest.py) or sends no e-mail.

Account mail (password reset, e-mail change, invitations, "account exists")
is not a notification: it goes straight to `queue_mail` and always out.

Categories are what a person chooses for; the kind says what happened. The
same kind can belong to different categories for different people: a status
change is "my proposals" for the author and "followed proposals" for a
follower.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import own_data
from app.core.mail import queue_mail
from app.core.models import utcnow
from app.core.permissions import Role
from app.core.tokens import make_token, read_token
from app.core.urls import external_url
from app.extensions import db

UNSUBSCRIBE_PURPOSE = "unsubscribe"
# The unsubscribe link of a digest turns off every category the person gets as a digest.
DIGEST = "digest"
# The header shows "99+" rather than counting further.
UNREAD_CAP = 99


class Category(enum.StrEnum):
    MY_PROPOSALS = "my_proposals"
    FOLLOWED_PROPOSALS = "followed_proposals"
    SUPPORTED_PROPOSALS = "supported_proposals"
    DIALOGUES = "dialogues"
    MODERATION = "moderation"


class Mode(enum.StrEnum):
    IMMEDIATELY = "immediately"
    DIGEST = "digest"
    OFF = "off"


DEFAULT_MODES: dict[Category, Mode] = {
    Category.MY_PROPOSALS: Mode.IMMEDIATELY,
    Category.FOLLOWED_PROPOSALS: Mode.IMMEDIATELY,
    # Supporting many proposals should not fill the inbox unless asked for.
    Category.SUPPORTED_PROPOSALS: Mode.OFF,
    Category.DIALOGUES: Mode.IMMEDIATELY,
    Category.MODERATION: Mode.IMMEDIATELY,
}

# Only shown to, and only sent to, the people who moderate.
STAFF_CATEGORIES = frozenset({Category.MODERATION})
STAFF_ROLES = frozenset({Role.MODERATOR, Role.ADMIN})

CATEGORY_LABELS: dict[Category, Any] = {
    Category.MY_PROPOSALS: _l("My proposals and comments"),
    Category.FOLLOWED_PROPOSALS: _l("Proposals I follow"),
    Category.SUPPORTED_PROPOSALS: _l("Proposals I support"),
    Category.DIALOGUES: _l("Dialogues I have signed up for"),
    Category.MODERATION: _l("Moderation"),
}
CATEGORY_HINTS: dict[Category, Any] = {
    Category.MY_PROPOSALS: _l("When your proposal changes status, is answered, is linked to "
                              "an action or gets a comment, when a moderator hides "
                              "something you wrote, when the report of a consultation you "
                              "took part in is published, and when its steering document is "
                              "adopted."),
    Category.FOLLOWED_PROPOSALS: _l("News about proposals you follow: status, answer, actions "
                                    "and new comments."),
    Category.SUPPORTED_PROPOSALS: _l("The same news about proposals you support but do not "
                                     "follow."),
    Category.DIALOGUES: _l("Changed or cancelled meetings, reminders the day before, a place "
                           "from the waiting list and the feedback after a dialogue."),
    Category.MODERATION: _l("New reports and proposals waiting for review, and proposals that "
                            "reach the support threshold."),
}
MODE_LABELS: dict[Mode, Any] = {
    Mode.IMMEDIATELY: _l("E-mail at once"),
    Mode.DIGEST: _l("One e-mail a day with everything new"),
    Mode.OFF: _l("No e-mail"),
}

# The kinds of notification, for reference and for tests. The moderators'
# reminder about proposals past their response deadline is to use the kind
# PROPOSAL_PAST_DEADLINE with Category.MODERATION, sent through
# app.proposals.services.notify_moderators.
PROPOSAL_PAST_DEADLINE = "proposal_past_deadline"


class Notification(db.Model):
    __tablename__ = "notification"
    __table_args__ = (
        # The header's unread count and the page, newest first.
        Index("ix_notification_user_read", "user_id", "read_at"),
        Index("ix_notification_user_created", "user_id", "created_at"),
        # What the digest still has to send.
        Index("ix_notification_digest_due", "delivery", "digested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(30))
    kind: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(250))
    url: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    # How the e-mail went when the notification was made: a Mode value.
    delivery: Mapped[str] = mapped_column(String(12))
    # Set when the notification went out in a digest (delivery "digest" only).
    digested_at: Mapped[datetime | None]

    # Core sits below accounts, so the user model is named, not imported.
    user = relationship("User", lazy="raise", viewonly=True)


class NotificationPreference(db.Model):
    """A person's choice for one category; no row means the default."""

    __tablename__ = "notification_preference"
    __table_args__ = (UniqueConstraint("user_id", "category",
                                       name="uq_notification_preference_user_category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(30))
    mode: Mapped[str] = mapped_column(String(12))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class NotificationError(Exception):
    """A request about notifications that cannot be honoured; the message is for the user."""


# --- who may choose what -------------------------------------------------------

def is_staff(user: Any) -> bool:
    return getattr(user, "role", None) in STAFF_ROLES


def categories_for(user: Any) -> list[Category]:
    """The categories a person can choose for, in the order of the settings page."""
    return [category for category in Category
            if category not in STAFF_CATEGORIES or is_staff(user)]


def parse_category(value: Any) -> Category | None:
    try:
        return Category(value)
    except ValueError:
        return None


def modes(user: Any) -> dict[Category, Mode]:
    """The person's mode for each category they can choose for."""
    chosen = dict(db.session.execute(select(
        NotificationPreference.category, NotificationPreference.mode)
        .where(NotificationPreference.user_id == user.id)).tuples().all())
    result = {}
    for category in categories_for(user):
        try:
            result[category] = Mode(chosen.get(category, DEFAULT_MODES[category]))
        except ValueError:
            result[category] = DEFAULT_MODES[category]
    return result


def _mode(value: str | None, category: Category) -> Mode:
    try:
        return Mode(value) if value else DEFAULT_MODES[category]
    except ValueError:
        return DEFAULT_MODES[category]


def mode_for(user: Any, category: Category) -> Mode:
    # No autoflush: the notifications added so far in this transaction have no
    # bearing on a choice, and flushing them one at a time made telling many
    # people about one event cost a round trip per person.
    with db.session.no_autoflush:
        value = db.session.scalar(select(NotificationPreference.mode).where(
            NotificationPreference.user_id == user.id,
            NotificationPreference.category == category))
    return _mode(value, category)


def modes_for(recipients: list[tuple[Any, Category]]) -> dict[tuple[int, Category], Mode]:
    """Each (person, category)'s mode, read in one query for a whole audience."""
    if not recipients:
        return {}
    with db.session.no_autoflush:
        chosen = {(user_id, category): mode for user_id, category, mode in db.session.execute(
            select(NotificationPreference.user_id, NotificationPreference.category,
                   NotificationPreference.mode)
            .where(NotificationPreference.user_id.in_({user.id for user, _c in recipients})))}
    return {(user.id, category): _mode(chosen.get((user.id, category)), category)
            for user, category in recipients}


def set_mode(user: Any, category: Category, mode: Mode) -> None:
    """Save one choice in the caller's transaction."""
    if category not in categories_for(user):
        raise NotificationError(_("That kind of notification is not one you can choose."))
    mode = Mode(mode)
    query = select(NotificationPreference).where(
        NotificationPreference.user_id == user.id,
        NotificationPreference.category == category).with_for_update()
    row = db.session.scalars(query).first()
    if row is None:
        try:
            with db.session.begin_nested():
                db.session.add(NotificationPreference(user_id=user.id, category=category,
                                                      mode=mode))
                db.session.flush()
            return
        except IntegrityError:  # the same form sent twice at once: the other one won
            row = db.session.scalars(query).one()
    row.mode = mode
    db.session.flush()


# --- sending -------------------------------------------------------------------

def unsubscribe_token(user: Any, category: str) -> str:
    return make_token(UNSUBSCRIBE_PURPOSE, {"user": user.id, "category": str(category)})


def unsubscribe_url(user: Any, category: str) -> str:
    return external_url("accounts.unsubscribe", token=unsubscribe_token(user, category))


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, category or DIGEST) of a genuine, unexpired link; None otherwise."""
    data = read_token(UNSUBSCRIBE_PURPOSE, token,
                      current_app.config["UNSUBSCRIBE_TOKEN_MAX_AGE"])
    if not isinstance(data, dict):
        return None
    user_id, category = data.get("user"), data.get("category")
    if not isinstance(user_id, int) or (category != DIGEST and parse_category(category) is None):
        return None
    return user_id, category


def notify(user: Any, category: Category, kind: str, *, subject: str | Callable[[], str],
           template: str, url: str, attachment: tuple[str, str, str] | None = None,
           mode: Mode | None = None, **context: Any) -> Notification | None:
    """Tell `user` that something happened, in the caller's transaction.

    `subject` (text, or a callable for text in the person's language) is both
    the e-mail subject and the notification's title; `template` names
    templates/mail/<template>.txt, rendered with `user`, `url` and `context`.
    Nothing happens for inactive accounts, nor for moderation news to someone
    who no longer moderates. `mode` is the person's choice when the caller has
    read it already (see `modes_for`).
    """
    category = Category(category)
    if not getattr(user, "active", False) or getattr(user, "deleted_at", None) is not None:
        return None
    if category in STAFF_CATEGORIES and not is_staff(user):
        return None
    if mode is None:
        mode = mode_for(user, category)
    with force_locale(user.locale):
        title = str(subject() if callable(subject) else subject)[:250]
        notification = Notification(user_id=user.id, category=category, kind=kind,
                                    title=title, url=url[:500], delivery=mode,
                                    created_at=utcnow())
        db.session.add(notification)
        if mode == Mode.IMMEDIATELY:
            link = unsubscribe_url(user, category)
            body = render_template(f"mail/{template}.txt", user=user, url=url, **context)
            body += render_template("mail/_notification_footer.txt", unsubscribe_url=link,
                                    category_label=CATEGORY_LABELS[category],
                                    settings_url=external_url("accounts.notification_settings"))
            queue_mail(user.email, title, body, kind=kind, attachment=attachment,
                       unsubscribe_url=link)
    return notification


# --- reading and marking -------------------------------------------------------

def unread_count(user: Any) -> int:
    """Unread notifications, counted up to UNREAD_CAP + 1 in one indexed query."""
    unread = (select(Notification.id)
              .where(Notification.user_id == user.id, Notification.read_at.is_(None))
              .limit(UNREAD_CAP + 1).subquery())
    return db.session.scalar(select(func.count()).select_from(unread)) or 0


def page_of(user: Any, page: int, per_page: int = 20):
    return db.paginate(select(Notification).where(Notification.user_id == user.id)
                       .order_by(Notification.created_at.desc(), Notification.id.desc()),
                       page=page, per_page=per_page, error_out=False)


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()


def mark_all_read(user: Any) -> int:
    return db.session.execute(
        update(Notification).where(Notification.user_id == user.id,
                                   Notification.read_at.is_(None))
        .values(read_at=utcnow())).rowcount


# --- own data --------------------------------------------------------------------

def _export(user: Any) -> dict:
    notifications = db.session.scalars(select(Notification).where(
        Notification.user_id == user.id).order_by(Notification.created_at, Notification.id))
    return {
        "settings": {str(category): str(mode) for category, mode in modes(user).items()},
        "notifications": [
            {"created_at": own_data.iso(n.created_at), "category": n.category, "kind": n.kind,
             "title": n.title, "url": n.url, "read_at": own_data.iso(n.read_at),
             "email": n.delivery, "in_digest_at": own_data.iso(n.digested_at)}
            for n in notifications],
    }


def _erase(user: Any) -> None:
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    db.session.execute(delete(NotificationPreference).where(
        NotificationPreference.user_id == user.id))


own_data.register_exporter("notifications", _export)
own_data.register_eraser(_erase, order=10)
