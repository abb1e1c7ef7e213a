"""User accounts."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.core.models import TimestampMixin, utcnow
from app.core.permissions import Role
from app.extensions import db

if TYPE_CHECKING:
    from app.communities.models import LocalCommunity


DELETED_NAME = "Borttagen användare"


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20), default=Role.RESIDENT, index=True)
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(String(5), default="sv")
    email_verified_at: Mapped[datetime | None]
    consented_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    deactivated_at: Mapped[datetime | None]
    # Set when the person deleted the account: its personal data is erased and
    # what they wrote stays, signed DELETED_NAME.
    deleted_at: Mapped[datetime | None]
    # Changing this ends every session and remember-me cookie of the account.
    session_version: Mapped[int] = mapped_column(default=1)
    home_community_id: Mapped[int | None] = mapped_column(
        ForeignKey("local_community.id", ondelete="SET NULL"))
    # A moderator's block: the person can read and manage their account but not
    # write. It is in force until blocked_until, or while blocked_indefinitely;
    # an ended block needs no clean-up (see is_blocked).
    blocked_at: Mapped[datetime | None]
    blocked_until: Mapped[datetime | None] = mapped_column(index=True)
    blocked_indefinitely: Mapped[bool] = mapped_column(default=False, server_default=false())
    block_reason: Mapped[str | None] = mapped_column(Text)
    blocked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    # Loaded when used (the profile, the consultation report asks for it with
    # its authors): not with every request's signed-in person.
    home_community: Mapped[LocalCommunity | None] = relationship()
    blocked_by: Mapped[User | None] = relationship(foreign_keys=[blocked_by_id],
                                                   remote_side=[id], lazy="raise")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_blocked(self) -> bool:
        """A block is in force: the person may read but not write."""
        if self.blocked_indefinitely:
            return True
        return self.blocked_until is not None and self.blocked_until > utcnow()

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() \
            else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def password_fingerprint(self) -> str:
        """Changes whenever the password does, so a reset link works only once."""
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
