"""Every write to accounts: one function per operation. Never commits."""

from __future__ import annotations

import secrets

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts.models import DELETED_NAME, User
from app.core import audit, own_data
from app.core.mail import OutboxMessage, queue_mail
from app.core.models import utcnow
from app.core.permissions import Role
from app.core.tokens import make_token, read_token
from app.core.urls import external_url
from app.extensions import db

VERIFY_PURPOSE = "verify-email"
RESET_PURPOSE = "reset-password"
CHANGE_EMAIL_PURPOSE = "change-email"

_dummy_hash: str | None = None


def _spend_hash_time(password: str) -> None:
    """Check against a throwaway hash, so an unknown e-mail takes as long as a
    wrong password and the answer time does not reveal who has an account."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = generate_password_hash("not-a-real-password", method="scrypt")
    check_password_hash(_dummy_hash, password)


class AccountError(Exception):
    """A domain rule refused the operation; the message is for the user.

    `field` names the form field the message belongs next to.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def find_by_email(email: str) -> User | None:
    return db.session.scalars(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).first()


def _send(user_or_email, subject: str, template: str, locale: str = "sv", **context) -> None:
    recipient = user_or_email if isinstance(user_or_email, str) else user_or_email.email
    with force_locale(locale):
        body = render_template(f"mail/{template}.txt", **context)
        queue_mail(recipient, str(subject() if callable(subject) else subject), body,
                   kind=template)


def register_user(email: str, display_name: str, password: str, locale: str = "sv") -> User | None:
    """Create an account and send its verification link.

    When the address already has an account, that owner gets a notice
    instead, and the caller shows the same answer either way.
    """
    existing = find_by_email(email)
    if existing is not None:
        _send(existing, lambda: _("Someone tried to register with your address"),
              "account_exists", existing.locale, user=existing,
              login_url=external_url("accounts.login"),
              reset_url=external_url("accounts.forgot_password"))
        return None
    user = User(email=email.strip().lower(), display_name=display_name.strip(),
                role=Role.RESIDENT, locale=locale, consented_at=utcnow())
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    send_verification(user)
    return user


def send_verification(user: User) -> None:
    token = make_token(VERIFY_PURPOSE, {"user": user.id, "email": user.email})
    _send(user, lambda: _("Confirm your e-mail address"), "verify_email", user.locale,
          user=user, url=external_url("accounts.verify_email", token=token))


def verify_email(token: str) -> User | None:
    data = read_token(VERIFY_PURPOSE, token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("user"))
    if user is None or user.email != data.get("email"):
        return None
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_by_email(email)
    if user is None:
        _spend_hash_time(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = utcnow()
    return user


def request_password_reset(email: str) -> None:
    user = find_by_email(email)
    if user is None or not user.active:
        return
    token = make_token(RESET_PURPOSE, {"user": user.id, "fp": user.password_fingerprint()})
    _send(user, lambda: _("Choose a new password"), "reset_password", user.locale,
          user=user, url=external_url("accounts.reset_password", token=token),
          minutes=current_app.config["RESET_TOKEN_MAX_AGE"] // 60)


def user_for_reset_token(token: str) -> User | None:
    data = read_token(RESET_PURPOSE, token, current_app.config["RESET_TOKEN_MAX_AGE"])
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("user"))
    if user is None or not user.active or user.password_fingerprint() != data.get("fp"):
        return None
    return user


def set_new_password(user: User, password: str) -> None:
    """Change the password and end every other session of the account."""
    user.set_password(password)
    user.session_version += 1
    if user.email_verified_at is None:
        # Following a link sent to the address proves the address works.
        user.email_verified_at = utcnow()


def update_profile(user: User, display_name: str, home_community_id: int | None,
                   locale: str) -> None:
    user.display_name = display_name.strip()
    user.home_community_id = home_community_id
    user.locale = locale


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not user.check_password(current_password):
        raise AccountError(_("The current password is wrong."))
    set_new_password(user, new_password)


def request_email_change(user: User, new_email: str, current_password: str) -> None:
    if not user.check_password(current_password):
        raise AccountError(_("The current password is wrong."))
    new_email = new_email.strip().lower()
    if new_email == user.email:
        raise AccountError(_("That is already your e-mail address."), field="email")
    if find_by_email(new_email) is not None:
        # Say nothing to the requester; tell the owner of that address.
        _send(new_email, lambda: _("Someone tried to use your address"), "email_taken",
              user.locale)
        return
    token = make_token(CHANGE_EMAIL_PURPOSE, {"user": user.id, "email": new_email,
                                              "old": user.email})
    _send(new_email, lambda: _("Confirm your new e-mail address"), "change_email",
          user.locale, user=user, url=external_url("accounts.confirm_email_change",
                                                   token=token))


def confirm_email_change(token: str) -> User | None:
    data = read_token(CHANGE_EMAIL_PURPOSE, token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("user"))
    if user is None or user.email != data.get("old"):
        return None
    if find_by_email(data["email"]) is not None:
        return None
    old_email = user.email
    user.email = data["email"]
    user.email_verified_at = utcnow()
    _send(old_email, lambda: _("Your e-mail address was changed"), "email_changed",
          user.locale, user=user, new_email=user.email)
    return user


def set_role(user: User, role: Role, acting: User) -> None:
    if user.is_deleted:
        raise AccountError(_("The account is deleted."))
    if user.id == acting.id and role != Role.ADMIN:
        raise AccountError(_("You cannot remove your own administrator role."))
    if user.role != role:
        audit.record("user.role_changed", "user", user.id, user.display_name, actor=acting,
                     details={"from": str(user.role), "to": str(role)})
    user.role = role


def deactivate(user: User, acting: User) -> None:
    if user.id == acting.id:
        raise AccountError(_("You cannot deactivate your own account."))
    user.active = False
    user.deactivated_at = utcnow()
    user.session_version += 1
    audit.record("user.deactivated", "user", user.id, user.display_name, actor=acting)


def reactivate(user: User) -> None:
    if user.is_deleted:
        raise AccountError(_("A deleted account cannot be reactivated."))
    user.active = True
    user.deactivated_at = None
    audit.record("user.reactivated", "user", user.id, user.display_name)


def create_admin(email: str, password: str, display_name: str = "Administratör") -> User:
    email = email.strip().lower()
    user = find_by_email(email)
    if user is None:
        user = User(email=email, display_name=display_name, consented_at=utcnow())
        db.session.add(user)
    user.set_password(password)
    user.role = Role.ADMIN
    user.active = True
    user.email_verified_at = user.email_verified_at or utcnow()
    db.session.flush()
    return user


# --- the person's own data -----------------------------------------------------

def _export_account(user: User) -> dict:
    return {
        "email": user.email, "display_name": user.display_name, "role": str(user.role),
        "language": user.locale,
        "home_community": user.home_community.name if user.home_community else None,
        "created_at": own_data.iso(user.created_at),
        "email_confirmed_at": own_data.iso(user.email_verified_at),
        "consented_at": own_data.iso(user.consented_at),
        "last_login_at": own_data.iso(user.last_login_at),
    }


def _export_audit(user: User) -> list[dict]:
    """What the person did as moderator, official or administrator."""
    entries = db.session.scalars(select(audit.AuditEntry).where(
        audit.AuditEntry.actor_id == user.id).order_by(audit.AuditEntry.created_at))
    return [{"at": own_data.iso(entry.created_at), "action": entry.action,
             "item": f"{entry.target_type} {entry.target_id}", "reason": entry.reason}
            for entry in entries]


own_data.register_exporter("account", _export_account)
own_data.register_exporter("audit_log", _export_audit)


def export_own_data(user: User) -> dict:
    """Everything the platform keeps about the person, for "Mina uppgifter"."""
    return {"exported_at": own_data.iso(utcnow()), **own_data.export(user)}


def deletion_obstacles(user: User) -> list[str]:
    """Why the account cannot be deleted yet, in words for the person."""
    return own_data.obstacles(user)


def delete_account(user: User, password: str) -> None:
    """Erase the account's personal data and end its sessions.

    Proposals and comments stay, signed DELETED_NAME, so the public record and
    other people's replies remain intact. Refused, with nothing written, while
    another area says the account cannot go yet (see app/core/own_data.py).
    """
    if user.is_deleted:
        raise AccountError(_("The account is deleted."))
    if not user.check_password(password or ""):
        raise AccountError(_("The password is wrong."), field="password")
    reasons = own_data.obstacles(user)
    if reasons:
        raise AccountError(" ".join(reasons))
    old_email = user.email
    own_data.erase(user)
    audit.record("user.deleted", "user", user.id, DELETED_NAME, actor=user)
    user.email = f"borttagen-{user.id}@invalid.example"
    user.display_name = DELETED_NAME
    user.password_hash = generate_password_hash(secrets.token_urlsafe(32), method="scrypt")
    user.active = False
    user.deleted_at = user.deactivated_at = utcnow()
    user.email_verified_at = user.consented_at = user.last_login_at = None
    user.home_community_id = None
    user.locale = "sv"
    user.session_version += 1
    # The outbox keeps the address and what each message said: gone too,
    # sent or not, so nothing is delivered to the person after this.
    db.session.execute(delete(OutboxMessage).where(
        func.lower(OutboxMessage.recipient) == old_email.lower()))
