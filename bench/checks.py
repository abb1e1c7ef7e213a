"""What must hold in the database after load, and after a crash.

Each check runs in an app context and returns a list of problems (empty when
it holds), so the load and fault tests can print every problem at once and
the suite can test the checks themselves (tests/bench/test_checks.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, func, select, text
from sqlalchemy.orm import aliased

from app.dialogues.models import Meeting, Registration, RegistrationStatus
from app.extensions import db
from app.proposals.models import (
    Comment,
    Follow,
    OrganisationSupport,
    Proposal,
    ProposalHistory,
    ReferenceCounter,
    Support,
)
from app.proposals.tally import WHOLE_KEY, ProposalTally

MAX_LISTED = 10  # problems of one kind shown in full; the rest are counted


def _listed(kind: str, rows: list) -> list[str]:
    if not rows:
        return []
    shown = [f"{kind}: {row}" for row in rows[:MAX_LISTED]]
    if len(rows) > MAX_LISTED:
        shown.append(f"{kind}: … and {len(rows) - MAX_LISTED} more")
    return shown


def _counter_vs_rows(counter, model, *conditions) -> list:
    """(proposal reference, counter, rows) wherever the counter differs."""
    rows = (select(model.proposal_id, func.count().label("n"))
            .where(*conditions).group_by(model.proposal_id).subquery())
    actual = func.coalesce(rows.c.n, 0)
    return db.session.execute(
        select(Proposal.reference, counter, actual)
        .outerjoin(rows, rows.c.proposal_id == Proposal.id)
        .where(counter != actual)).all()


def proposal_counter_problems() -> list[str]:
    """Every proposal's counters equal its rows."""
    problems = []
    for name, counter, model, conditions in (
            ("support_count", Proposal.support_count, Support, ()),
            ("organisation_support_count", Proposal.organisation_support_count,
             OrganisationSupport, ()),
            ("comment_count", Proposal.comment_count, Comment, (Comment.deleted_at.is_(None),)),
            ("follower_count", Proposal.follower_count, Follow, ())):
        problems += _listed(f"{name} differs from the rows (reference, counter, rows)",
                            _counter_vs_rows(counter, model, *conditions))
    return problems


def tally_problems() -> list[str]:
    """The per community, status and theme counts equal the proposals."""
    actual = dict(((c, s, t), n) for c, s, t, n in db.session.execute(
        select(func.coalesce(Proposal.community_id, WHOLE_KEY), Proposal.status,
               Proposal.theme_id, func.count())
        .group_by(Proposal.community_id, Proposal.status, Proposal.theme_id)).all())
    kept = {(row.community_key, row.status, row.theme_id): row.count
            for row in db.session.scalars(select(ProposalTally))}
    wrong = [(key, kept.get(key, 0), actual.get(key, 0)) for key in set(actual) | set(kept)
             if kept.get(key, 0) != actual.get(key, 0)]
    return _listed("proposal_tally differs (key, kept, actual)", sorted(wrong, key=str))


def meeting_problems() -> list[str]:
    """No meeting has more places given than it has, and its counters equal
    its registrations."""
    counted = {}
    for status in (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED):
        counted[status] = (select(Registration.meeting_id, func.count().label("n"))
                           .where(Registration.status == status)
                           .group_by(Registration.meeting_id).subquery())
    registered = func.coalesce(counted[RegistrationStatus.REGISTERED].c.n, 0)
    waiting = func.coalesce(counted[RegistrationStatus.WAITLISTED].c.n, 0)
    rows = db.session.execute(
        select(Meeting.id, Meeting.capacity, Meeting.registered_count, registered,
               Meeting.waitlist_count, waiting)
        .outerjoin(counted[RegistrationStatus.REGISTERED],
                   counted[RegistrationStatus.REGISTERED].c.meeting_id == Meeting.id)
        .outerjoin(counted[RegistrationStatus.WAITLISTED],
                   counted[RegistrationStatus.WAITLISTED].c.meeting_id == Meeting.id)).all()
    overbooked = [(m, cap, n) for m, cap, _kept, n, _w, _wn in rows if n > cap]
    wrong = [(m, kept, n, kept_w, w) for m, _cap, kept, n, kept_w, w in rows
             if kept != n or kept_w != w]
    return (_listed("meeting overbooked (meeting, capacity, registered)", overbooked)
            + _listed("meeting counters differ from the registrations (meeting, "
                      "registered_count, rows, waitlist_count, rows)", wrong))


def half_created_proposal_problems() -> list[str]:
    """Every proposal is whole: it has its history, its search entry (SQLite's
    FTS index) and a reference number the year's counter has passed."""
    problems = []
    history = aliased(ProposalHistory)
    without_history = db.session.scalars(
        select(Proposal.reference).outerjoin(history, history.proposal_id == Proposal.id)
        .where(history.id.is_(None))).all()
    problems += _listed("proposal without history", without_history)
    if db.engine.dialect.name == "sqlite":
        unindexed = db.session.scalars(text(
            "SELECT reference FROM proposal WHERE id NOT IN "
            "(SELECT rowid FROM proposal_fts)")).all()
        problems += _listed("proposal missing from the search index", unindexed)
    counters = dict(db.session.execute(select(ReferenceCounter.year,
                                              ReferenceCounter.last_value)).all())
    beyond = []
    for reference in db.session.scalars(select(Proposal.reference)):
        _prefix, year, number = reference.split("-")
        if int(number) > counters.get(int(year), 0):
            beyond.append(reference)
    problems += _listed("reference beyond its year's counter", beyond)
    return problems


def integrity_problems() -> list[str]:
    """SQLite's own check of the file (nothing to do on PostgreSQL)."""
    if db.engine.dialect.name != "sqlite":
        return []
    result = [row[0] for row in db.session.execute(text("PRAGMA integrity_check")).all()]
    foreign = db.session.execute(text("PRAGMA foreign_key_check")).all()
    return (([] if result == ["ok"] else _listed("PRAGMA integrity_check", result))
            + _listed("PRAGMA foreign_key_check", [tuple(row) for row in foreign]))


def database_problems() -> list[str]:
    """All the checks above."""
    return (integrity_problems() + proposal_counter_problems() + tally_problems()
            + meeting_problems() + half_created_proposal_problems())


def written_problems(kind: str, in_database: Iterable, accepted: Iterable,
                     unknown: Iterable = ()) -> list[str]:
    """Every accepted write is in the database, and nothing else is, except
    writes whose answer never came (a crash): those may or may not be."""
    found, accepted, unknown = set(in_database), set(accepted), set(unknown)
    missing = sorted(accepted - found, key=str)
    extra = sorted(found - accepted - unknown, key=str)
    return (_listed(f"{kind} accepted but not in the database", missing)
            + _listed(f"{kind} in the database but never accepted", extra))


def supports_by(user_ids: list[int]) -> set[tuple[int, int]]:
    return set(db.session.execute(select(Support.user_id, Support.proposal_id)
                                  .where(Support.user_id.in_(user_ids))).tuples())


def comment_keys_by(user_ids: list[int]) -> set[str]:
    return set(db.session.scalars(select(Comment.submission_key)
                                  .where(Comment.author_id.in_(user_ids))))


def proposal_keys_by(user_ids: list[int]) -> set[str]:
    return set(db.session.scalars(select(Proposal.submission_key)
                                  .where(Proposal.author_id.in_(user_ids))))


def registrations_by(user_ids: list[int]) -> set[tuple[int, int]]:
    return set(db.session.execute(
        select(Registration.user_id, Registration.meeting_id)
        .where(and_(Registration.user_id.in_(user_ids),
                    Registration.status != RegistrationStatus.CANCELLED))).tuples())


# --- a database outage during the load (bench/faulttest.py) -------------------------

OUTAGE_GRACE_S = 5.0  # answers to requests in flight when the database came back
FRIENDLY_503 = ("Tjänsten går inte att använda just nu",  # the page, in Swedish
                '"code": "unavailable"', '"code":"unavailable"')  # the API's JSON


def within(when: float, outage: tuple[float, float]) -> bool:
    """Whether an answer at `when` belongs to the outage from outage[0] to
    outage[1] (with a grace period for requests still in flight at the end)."""
    return outage[0] <= when <= outage[1] + OUTAGE_GRACE_S


def outage_problems(server_error_pages: list[tuple[float, str, int, str]],
                    timeline: list[tuple[float, int]], outage: tuple[float, float],
                    recovered_at: float | None) -> list[str]:
    """While the database was unreachable, requests got the friendly 503 page
    (never a 500 or a stack trace), and once it was back the app answered again
    without a restart."""
    during = [(when, kind, status, body) for when, kind, status, body in server_error_pages
              if within(when, outage)]
    problems = _listed("answer during the outage that was not a 503 (kind, status)",
                       [(kind, status) for _when, kind, status, _body in during
                        if status != 503])
    problems += _listed(
        "503 without the plain-language page (kind, start of the body)",
        [(kind, body[:120]) for _when, kind, status, body in during
         if status == 503 and not any(text in body for text in FRIENDLY_503)])
    problems += _listed("answer with a stack trace (kind, status)",
                        [(kind, status) for _when, kind, status, body in server_error_pages
                         if "Traceback" in body])
    if not any(status == 503 for _when, _kind, status, _body in during):
        problems.append("no request met the database outage (no 503 while it was down)")
    if recovered_at is None:
        problems.append("the app did not answer /readyz again after the database came back")
    elif not any(when > recovered_at and status < 400 for when, status in timeline):
        problems.append("no request succeeded after the database came back")
    return problems
