"""The statistics of the hand-counted municipality in tests/stats/fixtures.py,
on both databases, figure by figure."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from app.stats.figures import compute, few_heard
from app.stats.period import Period
from tests.stats.fixtures import build

PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))
NONE = {"submitted": 0, "published": 0, "under_consideration": 0, "answered": 0,
        "implemented": 0, "withdrawn": 0, "hidden": 0}


def people(residents=0, businesses=0, associations=0, other=0) -> dict:
    return {"residents": residents, "businesses": businesses, "associations": associations,
            "other_organisations": other}


# Counted by hand from the fixture:
# Norrby: sent p1 (r1), p2 (X, answered), p5 (r4, withdrawn); supports r2, r3 on p1, r3 on
#   p2, r4 on p7 (an older proposal, supported in the period); Y supports p1, X p7; r2's
#   deleted comment on p1; r3 registers for a meeting later in the year.
# Söderby: p3 (r2, waiting for review); r4 comments on it.
# Västby: a dialogue with two meetings held (12 recorded at the first), r1 registered and
#   r4 for Y (waiting list); r2 cancelled.
# Whole municipality: p4 (r3, hidden); r3 comments on it for Z; a cancelled meeting.
# Gamlaby (archived): p6 (r2), linked to an action.
EXPECTED = {
    "Norrby": dict(
        proposals={**NONE, "published": 1, "answered": 1, "withdrawn": 1},
        resident_supports=4, organisation_supports=2, comments=1,
        participants=people(residents=4, businesses=1, associations=1),
        meetings=(0, 0, 0, 0), public=3, linked=1, actions_done=1, answered=(1, 1)),
    "Söderby": dict(
        proposals={**NONE, "submitted": 1}, resident_supports=0, organisation_supports=0,
        comments=1, participants=people(residents=2), meetings=(0, 0, 0, 0), public=0,
        linked=0, actions_done=1, answered=(0, 0)),
    "Västby": dict(
        proposals=NONE, resident_supports=0, organisation_supports=0, comments=0,
        participants=people(residents=1, associations=1), meetings=(1, 2, 12, 1), public=0,
        linked=0, actions_done=0, answered=(0, 0)),
    "Östby": dict(
        proposals=NONE, resident_supports=0, organisation_supports=0, comments=0,
        participants=people(), meetings=(0, 0, 0, 0), public=0, linked=0, actions_done=0,
        answered=(0, 0)),
    "Gamlaby": dict(
        proposals={**NONE, "published": 1}, resident_supports=0, organisation_supports=0,
        comments=0, participants=people(residents=1), meetings=(0, 0, 0, 0), public=1,
        linked=1, actions_done=0, answered=(0, 0)),
    "whole": dict(
        proposals={**NONE, "hidden": 1}, resident_supports=0, organisation_supports=0,
        comments=1, participants=people(residents=1, other=1), meetings=(0, 0, 0, 0),
        public=0, linked=0, actions_done=1, answered=(0, 0)),
    "total": dict(
        proposals={**NONE, "published": 2, "answered": 1, "withdrawn": 1, "submitted": 1,
                   "hidden": 1},
        resident_supports=4, organisation_supports=2, comments=3,
        # r1–r4 once each, however many communities they were active in.
        participants=people(residents=4, businesses=1, associations=1, other=1),
        meetings=(1, 2, 12, 1), public=4, linked=2, actions_done=2, answered=(1, 1)),
}


def _figures(group) -> dict:
    return dict(
        proposals=group.proposals_by_status, resident_supports=group.resident_supports,
        organisation_supports=group.organisation_supports, comments=group.comments,
        participants=group.participants,
        meetings=(group.dialogues_held, group.meetings_held, group.attendees,
                  group.meetings_with_attendance),
        public=group.public_proposals, linked=group.linked_proposals,
        actions_done=group.actions_done,
        answered=(group.answers.answered, group.answers.within_deadline))


@pytest.fixture
def stats(make, pf, of, df, plf):
    build(make, pf, of, df, plf)
    return compute(PERIOD)


def test_every_figure_matches_the_hand_count(stats):
    got = {row.name: _figures(row.figures) for row in stats.communities}
    got["whole"] = _figures(stats.whole_municipality)
    got["total"] = _figures(stats.total)
    assert got == EXPECTED


def test_derived_figures(stats):
    total = stats.total
    assert (total.proposals, total.supports, total.participants_total) == (6, 6, 7)
    assert total.share_linked == Fraction(1, 2)
    norrby = next(row for row in stats.communities if row.name == "Norrby").figures
    assert norrby.share_linked == Fraction(1, 3)
    assert norrby.answers.median_days == 10
    assert norrby.answers.share_within == 1


def test_communities_are_listed_in_order_and_archived_only_when_active(stats):
    assert [(row.name, row.archived) for row in stats.communities] == [
        ("Norrby", False), ("Söderby", False), ("Västby", False), ("Östby", False),
        ("Gamlaby", True)]


def test_the_community_nobody_took_part_in_is_few_heard(stats):
    # Active communities: 6, 2, 2, 0 participants → median 2, limit 1.
    assert stats.median_participants == 2
    assert stats.few_heard_below == 1
    assert [row.name for row in stats.few_heard] == ["Östby"]


@pytest.mark.parametrize("counts, expected", [
    ([1, 4, 5], (4, 2)),        # 1 < 2: few heard; 4 and 5 are not
    ([2, 4, 6, 9], (5, Fraction(5, 2))),  # an even number: the mean of the middle two
    ([0, 0, 3], (0, 0)),         # median 0: only those with nobody are flagged
    ([0, 0], (None, None)),      # nobody took part: nothing to compare
    ([], (None, None)),
])
def test_the_few_heard_limit_is_half_the_median(counts, expected):
    assert few_heard(counts) == expected


def test_an_empty_period_has_only_zeros(make, pf, of, df, plf):
    build(make, pf, of, df, plf)
    stats = compute(Period(date(2020, 1, 1), date(2020, 12, 31)))
    assert stats.total.is_empty and stats.whole_municipality.is_empty
    assert [row.name for row in stats.communities] == ["Norrby", "Söderby", "Västby", "Östby"]
    assert stats.few_heard == [] and stats.median_participants is None
