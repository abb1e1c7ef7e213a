"""A row written in a savepoint commits or rolls back with its whole
transaction, on SQLite as on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import User
from app.extensions import db


def _people() -> int:
    return db.session.scalar(select(func.count(User.id)))


def test_a_savepoint_first_in_a_transaction_does_not_commit_it(make):
    with db.session.begin_nested():
        make.user(email="savepoint@example.org", commit=False)
    db.session.rollback()  # e.g. the request failed after the nested part

    assert _people() == 0


def test_rows_before_and_after_a_savepoint_commit_together(make):
    with db.session.begin_nested():
        make.user(commit=False)
    make.user(commit=False)
    db.session.commit()

    assert _people() == 2
