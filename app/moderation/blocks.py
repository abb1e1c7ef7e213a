"""Blocking an account from writing for a while, and lifting the block. Never commits.

A blocked person can still read, sign in, and manage, export or delete their
account; `can()` in app/core/permissions.py refuses every other permission
while the block is in force. A block ends by itself when its time has
passed (User.is_blocked compares with now), so no job needs to run.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.core import audit
from app.core.mail import queue_mail
from app.core.models import utcnow
from app.core.permissions import Role
from app.core.urls import external_url
from app.extensions import db

REASON_MAX = 2000
# The longest block with an end date; longer than that is "until further notice".
LONGEST = timedelta(days=3 * 366)
INDEFINITE = "indefinite"
ON_DATE = "date"
DAYS = {"1": 1, "7": 7, "30": 30}


class BlockError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def refusal(user: User, moderator: User) -> str | None:
    """Why the moderator may not block (or unblock) this account, or None."""
    if user.id == moderator.id:
        return _("You cannot block your own account.")
    if user.role == Role.ADMIN and moderator.role != Role.ADMIN:
        return _("Only an administrator can block an administrator.")
    if user.is_deleted:
        return _("The account is deleted.")
    return None


def end_of_day(day: date) -> datetime:
    """The last minute of a day in the municipality's time zone, in UTC."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, time(23, 59), tzinfo=zone).astimezone(ZoneInfo("UTC"))


def block_end(length: str | None, until_date: date | None,
              now: datetime | None = None) -> datetime | None:
    """When a block of the chosen length ends; None means until further notice."""
    now = now or utcnow()
    if length == INDEFINITE:
        return None
    if length in DAYS:
        return now + timedelta(days=DAYS[length])
    if length == ON_DATE:
        if until_date is None:
            raise BlockError(_("Choose the last day of the block."), field="until_date")
        end = end_of_day(until_date)
        if end <= now:
            raise BlockError(_("Choose a day after today."), field="until_date")
        if end - now > LONGEST:
            raise BlockError(_("Choose a day within three years, or block until further "
                               "notice."), field="until_date")
        return end
    raise BlockError(_("Choose how long the block lasts."), field="length")


def block(user: User, moderator: User, until: datetime | None, reason: str | None) -> bool:
    """Block the account until `until` (None: until further notice) and tell the
    person why. Sending the same block again changes nothing and returns False."""
    problem = refusal(user, moderator)
    if problem:
        raise BlockError(problem)
    reason = (reason or "").strip()
    if not reason:
        raise BlockError(_("Give a reason. The person will see it."), field="reason")
    if len(reason) > REASON_MAX:
        raise BlockError(_("Write at most %(max)s characters.", max=REASON_MAX),
                         field="reason")
    indefinitely = until is None
    if (user.is_blocked and user.block_reason == reason
            and user.blocked_indefinitely == indefinitely
            and (indefinitely or abs(user.blocked_until - until) < timedelta(minutes=1))):
        return False  # the same form sent twice
    changed = user.is_blocked
    user.blocked_at = utcnow()
    user.blocked_until = until
    user.blocked_indefinitely = indefinitely
    user.block_reason = reason
    user.blocked_by_id = moderator.id
    audit.record("user.blocked", "user", user.id, user.display_name, reason=reason,
                 actor=moderator,
                 details={"until": until.isoformat() if until else None,
                          "indefinitely": indefinitely, "changed": changed})
    _tell(user, "account_blocked", lambda: _("Your account has been blocked"))
    return True


def lift(user: User, moderator: User) -> None:
    """End a block now and tell the person."""
    problem = refusal(user, moderator)
    if problem:
        raise BlockError(problem)
    if not user.is_blocked:
        raise BlockError(_("The account is not blocked."))
    user.blocked_at = None
    user.blocked_until = None
    user.blocked_indefinitely = False
    user.block_reason = None
    user.blocked_by_id = None
    audit.record("user.unblocked", "user", user.id, user.display_name, actor=moderator)
    _tell(user, "account_unblocked", lambda: _("Your account is no longer blocked"))


def _tell(user: User, kind: str, subject) -> None:
    if not user.active:
        return
    with force_locale(user.locale):
        body = render_template(f"mail/{kind}.txt", user=user,
                               url=external_url("site.index"))
        queue_mail(user.email, subject(), body, kind=kind)


def blocked_users(now: datetime | None = None) -> list[User]:
    """Accounts whose block is in force, the most recently blocked first."""
    now = now or utcnow()
    return list(db.session.scalars(
        select(User).where(or_(User.blocked_indefinitely.is_(True), User.blocked_until > now))
        .options(selectinload(User.blocked_by))
        .order_by(User.blocked_at.desc(), User.id.desc())))
