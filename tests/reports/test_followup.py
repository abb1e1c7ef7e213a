"""The yearly follow-up report: which actions, which updates, what is linked, the summary."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.extensions import db
from app.plans.models import ActionStatus, ActionUpdate
from app.plans.queries import plan_document
from app.proposals.models import ProposalStatus
from app.reports.followup import TITLES_ON_PAGE, build

YEAR = 2025


def _action(plf, commitment, *, year=YEAR, status=ActionStatus.PLANNED, text=None):
    action = plf.action(commitment, status=status, text=text, commit=False)
    action.follow_up_year = year
    return action


def _update(action, when: datetime, text: str = "Det här har hänt.") -> ActionUpdate:
    row = ActionUpdate(action_id=action.id, text=text, status=action.status,
                       progress=action.progress, created_at=when)
    db.session.add(row)
    return row


def _report(plan, year=YEAR, all_titles=False):
    db.session.commit()
    return build(plan_document(plan.id), year, all_titles=all_titles)


def test_the_report_holds_the_years_actions_and_those_still_running(plf):
    plan = plf.plan(commit=False)
    first, second, empty = (plf.commitment(plan, commit=False) for _ in range(3))
    of_the_year = _action(plf, first, text="Åtgärd för året")
    ongoing_later = _action(plf, first, year=2027, status=ActionStatus.ONGOING)
    done_later = _action(plf, first, year=2027, status=ActionStatus.DONE)
    delayed_earlier = _action(plf, second, year=2024, status=ActionStatus.DELAYED)
    cancelled_earlier = _action(plf, second, year=2024, status=ActionStatus.CANCELLED)
    _action(plf, empty, year=2030)

    report = _report(plan)

    ids = [entry.action.id for _c, _q, entry in report.action_entries()]
    assert ids == [of_the_year.id, ongoing_later.id, delayed_earlier.id]
    assert done_later.id not in ids and cancelled_earlier.id not in ids
    # A challenge with nothing to report is left out; the document's order is kept.
    assert len(report.challenges) == 2
    assert report.action_count == 3
    assert report.actions_by_status == {"planned": 1, "ongoing": 1, "done": 0, "delayed": 1,
                                        "cancelled": 0}


def test_updates_are_those_of_the_year_in_swedish_time(plf):
    plan = plf.plan(commit=False)
    action = _action(plf, plf.commitment(plan, commit=False))
    db.session.flush()
    # 23:30 UTC on New Year's Eve is already the next year in Stockholm.
    _update(action, datetime(2024, 12, 31, 23, 30, tzinfo=UTC), "Tidigt på nyårsdagen")
    _update(action, datetime(2024, 12, 31, 22, 30, tzinfo=UTC), "Nyårsafton")
    _update(action, datetime(2025, 6, 1, 12, 0, tzinfo=UTC), "Midsommar")
    _update(action, datetime(2025, 12, 31, 23, 30, tzinfo=UTC), "Nästa år")

    (_c, _q, entry), = _report(plan).action_entries()

    assert [update.text for update in entry.updates] == ["Tidigt på nyårsdagen", "Midsommar"]


def test_linked_proposals_are_public_ones_counted_once_per_community(plf, pf, make):
    north, south = make.community("Norrby"), make.community("Söderby")
    plan = plf.plan(commit=False)
    commitment = plf.commitment(plan, commit=False)
    one, two = _action(plf, commitment), _action(plf, commitment)
    in_north = pf.proposal(community=north, commit=False)
    in_south = pf.proposal(community=south, commit=False)
    hidden = pf.proposal(community=north, status=ProposalStatus.HIDDEN, commit=False)
    waiting = pf.proposal(community=south, status=ProposalStatus.SUBMITTED, commit=False)
    db.session.flush()
    for proposal in (in_north, in_south, hidden, waiting):
        plf.proposal_link(proposal, one, commit=False)
    plf.proposal_link(in_north, two, commit=False)

    report = _report(plan)

    entries = {entry.action.id: entry for _c, _q, entry in report.action_entries()}
    assert entries[one.id].proposal_count == 2
    assert {item.target for item in entries[one.id].proposals} == {in_north.reference,
                                                                  in_south.reference}
    assert entries[two.id].proposal_count == 1
    assert report.proposals_linked == 2  # in_north is linked twice, counted once
    per_community = {row.name: row.proposals for row in report.communities}
    assert per_community == {"Norrby": 1, "Söderby": 1}


def test_the_page_shows_a_few_titles_and_the_downloads_all(plf, pf, make):
    plan = plf.plan(commit=False)
    action = _action(plf, plf.commitment(plan, commit=False))
    author = make.user()
    proposals = [pf.proposal(author, commit=False) for _ in range(TITLES_ON_PAGE + 3)]
    db.session.flush()
    for proposal in proposals:
        plf.proposal_link(proposal, action, commit=False)

    (_c, _q, shown), = _report(plan).action_entries()
    (_c, _q, whole), = _report(plan, all_titles=True).action_entries()

    assert shown.proposal_count == whole.proposal_count == TITLES_ON_PAGE + 3
    assert len(shown.proposals) == TITLES_ON_PAGE
    assert sorted(item.target for item in whole.proposals) == sorted(
        p.reference for p in proposals)


def test_dialogues_and_participants_count_meetings_held_in_the_year(plf, df, make):
    north = make.community("Norrby")
    plan = plf.plan(commit=False)
    action = _action(plf, plf.commitment(plan, commit=False))
    held = df.dialogue(community=north, commit=False)
    quiet = df.dialogue(community=north, commit=False)
    municipality_wide = df.dialogue(commit=False)
    db.session.flush()
    for dialogue in (held, quiet, municipality_wide):
        plf.dialogue_link(dialogue, action, commit=False)

    def meeting(dialogue, when, attendees=None, cancelled=False):
        row = df.meeting(dialogue, commit=False)
        row.starts_at, row.ends_at = when, when
        row.attendees = attendees
        if cancelled:
            row.cancelled_at = when
        return row

    meeting(held, datetime(2025, 3, 1, 17, tzinfo=UTC), attendees=12)
    meeting(held, datetime(2025, 9, 1, 17, tzinfo=UTC), attendees=8)
    meeting(held, datetime(2025, 10, 1, 17, tzinfo=UTC), attendees=50, cancelled=True)
    meeting(quiet, datetime(2024, 5, 1, 17, tzinfo=UTC), attendees=30)  # another year
    meeting(municipality_wide, datetime(2025, 4, 1, 17, tzinfo=UTC))  # attendance not recorded

    report = _report(plan)

    (_c, _q, entry), = report.action_entries()
    assert entry.dialogue_count == 3
    assert report.dialogues_linked == 3
    rows = {row.name: (row.dialogues, row.meetings, row.participants)
            for row in report.communities}
    assert rows == {"Norrby": (1, 2, 20), "": (1, 1, 0)}
    # The whole municipality comes after the named communities.
    assert report.communities[-1].name == ""


def test_a_plan_with_nothing_to_report(plf):
    plan = plf.plan(commit=False)
    _action(plf, plf.commitment(plan, commit=False), year=2030)
    report = _report(plan)
    assert report.action_count == 0 and report.challenges == [] and report.communities == []


@pytest.mark.parametrize("year", [2024, 2026])
def test_other_years_hold_other_actions(plf, year):
    plan = plf.plan(commit=False)
    commitment = plf.commitment(plan, commit=False)
    mine = _action(plf, commitment, year=year)
    _action(plf, commitment, year=2020)
    (_c, _q, entry), = _report(plan, year).action_entries()
    assert entry.action.id == mine.id
