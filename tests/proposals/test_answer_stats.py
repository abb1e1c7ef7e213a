"""Answer statistics (app.proposals.stats, shown on /statistik): the median time to
an answer and the share answered within the deadline, checked against
hand-computed figures on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event

from app.extensions import db
from app.proposals.models import ProposalStatus
from app.proposals.stats import answer_times

S = ProposalStatus
STOCKHOLM = ZoneInfo("Europe/Stockholm")
START = datetime(2026, 1, 1, tzinfo=STOCKHOLM)
END = datetime(2026, 7, 1, tzinfo=STOCKHOLM)
DAY = 86400


def _answered(pf, community, *, days: float, deadline_days: float = 30,
              answered_at: datetime | None = None, status: str = S.ANSWERED,
              clock: bool = True, commit: bool = False):
    """A proposal answered `days` after its clock started."""
    proposal = pf.proposal(community=community, status=status, commit=False)
    answered_at = answered_at or datetime(2026, 3, 1, 10, tzinfo=UTC)
    started = answered_at - timedelta(days=days)
    proposal.answered_at = answered_at
    proposal.decision = "accepted"
    proposal.answer = "Svar."
    if clock:
        proposal.answer_clock_started_at = started
        proposal.answer_due_at = started + timedelta(days=deadline_days)
    db.session.flush()
    if commit:
        db.session.commit()
    return proposal


@pytest.fixture
def fixtures(make, pf):
    """Hand-computed:

    A: 10, 20, 40 days, deadline 30      → median 20,    within 2 of 3
    B: 5, 15.5 days (one implemented)    → median 10.25, within 2 of 2
    C: exactly at the 30-day deadline    → median 30,    within 1 of 1
    whole municipality: 100 days, dl 90  → median 100,   within 0 of 1
    all 7: 5 10 15.5 20 30 40 100        → median 20,    within 5 of 7
    """
    a, b, c = make.community("Norrby"), make.community("Söderby"), make.community("Västby")
    _answered(pf, a, days=10)
    _answered(pf, a, days=20)
    _answered(pf, a, days=40)
    _answered(pf, b, days=5)
    _answered(pf, b, days=15.5, status=S.IMPLEMENTED)
    _answered(pf, c, days=30)
    _answered(pf, None, days=100, deadline_days=90)
    # Not counted: outside the period (1 s before, exactly at its end), hidden
    # after the answer, withdrawn, not answered, answered without a clock.
    _answered(pf, a, days=1, answered_at=START - timedelta(seconds=1))
    _answered(pf, a, days=1, answered_at=END)
    _answered(pf, a, days=1, status=S.HIDDEN)
    _answered(pf, a, days=1, status=S.WITHDRAWN)
    pf.proposal(community=a, status=S.UNDER_CONSIDERATION, commit=False)
    _answered(pf, b, days=1, clock=False)
    db.session.commit()
    return a, b, c


def test_the_figures_match_the_hand_computed_ones(app_context, fixtures):
    a, b, c = fixtures
    report = answer_times(START, END)
    expected = {
        a.id: (3, 2, Fraction(20)), b.id: (2, 2, Fraction(41, 4)), c.id: (1, 1, Fraction(30)),
        None: (1, 0, Fraction(100)),
    }
    got = {key: (t.answered, t.within_deadline, t.median_days)
           for key, t in report.by_community.items()}
    assert got == expected
    assert (report.total.answered, report.total.within_deadline, report.total.median_days) == (
        7, 5, Fraction(20))
    assert report.total.share_within == Fraction(5, 7)
    assert report.by_community[a.id].share_within == Fraction(2, 3)


def test_an_even_number_of_answers_takes_the_mean_of_the_middle_two(app_context, make, pf):
    place = make.community()
    for days in (3, 1, 4, 2.5):  # sorted 1 2.5 3 4 → (2.5 + 3) / 2
        _answered(pf, place, days=days)
    db.session.commit()
    times = answer_times(START, END).by_community[place.id]
    assert times.median_days == Fraction(11, 4)
    assert times.median_seconds == Fraction(11 * DAY, 4)


def test_durations_are_counted_to_the_second(app_context, make, pf):
    place = make.community()
    _answered(pf, place, days=2 + 1 / DAY)  # two days and one second
    db.session.commit()
    assert answer_times(START, END).by_community[place.id].median_seconds == 2 * DAY + 1


def test_a_period_without_answers_has_no_figures(app_context, fixtures):
    report = answer_times(datetime(2020, 1, 1, tzinfo=UTC), datetime(2020, 2, 1, tzinfo=UTC))
    assert report.by_community == {}
    assert (report.total.answered, report.total.median_days, report.total.share_within) == (
        0, None, None)


def test_the_query_reads_the_statistics_index(app_context, fixtures):
    """At 100,000 proposals the page must stay fast: SQLite answers from the
    covering index alone, without reading the proposal rows."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the plan is checked on SQLite")
    captured = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        answer_times(START, END)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    statement, parameters = captured[-1]
    connection = db.session.connection().connection
    plan = connection.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
    details = " ".join(row[-1] for row in plan)
    assert "COVERING INDEX ix_proposal_answer_stats" in details
