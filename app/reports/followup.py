"""The yearly follow-up report (uppföljning) of a plan.

For a plan and a year: every action whose follow-up year is that year and every
action still running (ongoing or delayed, whatever its follow-up year), in the
plan's structure, with the updates written that year and the public proposals
and dialogues linked to it; and a summary of the actions per status and of the
proposals, dialogues and participants per local community.

"Still running" is read from the actions' status today: the platform keeps an
action's dated updates, not its status on every past day.

A fixed number of queries whatever the plan's size. The page shows the first
few titles of each action's links (the action's own page lists them all); the
downloads carry every title.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, func, select

from app.communities.models import LocalCommunity
from app.core.models import utcnow
from app.dialogues.models import Dialogue, Meeting
from app.extensions import db
from app.plans.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    DialogueActionLink,
    Plan,
    ProposalActionLink,
)
from app.proposals.models import PUBLIC_STATUSES, Proposal

RUNNING = (ActionStatus.ONGOING, ActionStatus.DELAYED)
FIRST_YEAR, LAST_YEAR = 1990, 2100
TITLES_ON_PAGE = 2  # linked proposals' titles per action on the web page


@dataclass
class LinkedItem:
    label: str  # "F-2026-0012" for a proposal
    title: str
    target: str | int  # a proposal's reference or a dialogue's id, for links


@dataclass
class ActionEntry:
    action: Action
    updates: list[ActionUpdate] = field(default_factory=list)
    proposal_count: int = 0
    proposals: list[LinkedItem] = field(default_factory=list)
    dialogue_count: int = 0
    dialogues: list[LinkedItem] = field(default_factory=list)


@dataclass
class CommitmentEntry:
    quote: str
    actions: list[ActionEntry]


@dataclass
class ChallengeEntry:
    title: str
    commitments: list[CommitmentEntry]


@dataclass
class CommunityRow:
    name: str
    proposals: int = 0
    dialogues: int = 0
    meetings: int = 0
    participants: int = 0


@dataclass
class FollowUpReport:
    plan: Plan
    year: int
    challenges: list[ChallengeEntry]
    actions_by_status: dict[str, int]
    action_count: int
    proposals_linked: int
    dialogues_linked: int
    communities: list[CommunityRow]
    all_titles: bool

    def action_entries(self):
        """(challenge, commitment, entry) in document order."""
        for challenge in self.challenges:
            for commitment in challenge.commitments:
                for entry in commitment.actions:
                    yield challenge, commitment, entry


def valid_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    """The calendar year in the municipality's time zone, as UTC instants."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])

    def start(y: int) -> datetime:
        return datetime(y, 1, 1, tzinfo=zone).astimezone(UTC)

    return start(year), start(year + 1)


def included(action: Action, year: int) -> bool:
    return action.follow_up_year == year or action.status in RUNNING


def _updates(action_ids: list[int], year: int) -> dict[int, list[ActionUpdate]]:
    begins, ends = _year_bounds(year)
    found: dict[int, list[ActionUpdate]] = defaultdict(list)
    for update in db.session.scalars(
            select(ActionUpdate).where(ActionUpdate.action_id.in_(action_ids),
                                       ActionUpdate.created_at >= begins,
                                       ActionUpdate.created_at < ends)
            .order_by(ActionUpdate.created_at, ActionUpdate.id)):
        found[update.action_id].append(update)
    return found


def _public_proposal_links(action_ids: list[int]):
    return (select(ProposalActionLink.action_id, Proposal.id, Proposal.reference,
                   Proposal.title, Proposal.community_id)
            .join(Proposal, Proposal.id == ProposalActionLink.proposal_id)
            .where(ProposalActionLink.action_id.in_(action_ids),
                   Proposal.status.in_(PUBLIC_STATUSES)))


def _per_community(action_ids: list[int]) -> dict[int | None, int]:
    """Distinct public proposals linked to the actions, per community. A semi-join: a
    proposal linked to several actions is counted once, without DISTINCT over the links."""
    linked = select(ProposalActionLink.proposal_id).where(
        ProposalActionLink.action_id.in_(action_ids))
    return dict(db.session.execute(
        select(Proposal.community_id, func.count())
        .where(Proposal.id.in_(linked), Proposal.status.in_(PUBLIC_STATUSES))
        .group_by(Proposal.community_id)).all())


def _proposal_links(action_ids: list[int], all_titles: bool):
    """Counts and titles per action (all titles, or the first few by reference) in one
    pass over the links."""
    counts: Counter[int] = Counter()
    titles: dict[int, list[LinkedItem]] = defaultdict(list)
    if all_titles:
        rows = db.session.execute(_public_proposal_links(action_ids).order_by(
            ProposalActionLink.action_id, Proposal.reference))
        for action_id, _id, reference, title, _community in rows:
            counts[action_id] += 1
            titles[action_id].append(LinkedItem(reference, title, reference))
        return counts, titles
    by_action = {"partition_by": ProposalActionLink.action_id}
    ranked = _public_proposal_links(action_ids).add_columns(
        func.row_number().over(order_by=Proposal.reference, **by_action).label("n"),
        func.count().over(**by_action).label("total")).subquery()
    for action_id, reference, title, total in db.session.execute(
            select(ranked.c.action_id, ranked.c.reference, ranked.c.title, ranked.c.total)
            .where(ranked.c.n <= TITLES_ON_PAGE)
            .order_by(ranked.c.action_id, ranked.c.n)):
        counts[action_id] = total
        titles[action_id].append(LinkedItem(reference, title, reference))
    return counts, titles


def _dialogue_links(action_ids: list[int]):
    found: dict[int, list[LinkedItem]] = defaultdict(list)
    dialogue_ids: set[int] = set()
    for action_id, dialogue_id, title in db.session.execute(
            select(DialogueActionLink.action_id, Dialogue.id, Dialogue.title)
            .join(Dialogue, Dialogue.id == DialogueActionLink.dialogue_id)
            .where(DialogueActionLink.action_id.in_(action_ids))
            .order_by(DialogueActionLink.action_id, Dialogue.title, Dialogue.id)):
        found[action_id].append(LinkedItem("", title, dialogue_id))
        dialogue_ids.add(dialogue_id)
    return found, dialogue_ids


def _meetings_held(dialogue_ids: set[int], year: int):
    """Per community of the dialogue: dialogues that held a meeting in the year,
    meetings held and participants (attendance where recorded)."""
    if not dialogue_ids:
        return []
    begins, ends = _year_bounds(year)
    ends = min(ends, utcnow())  # held, not merely planned
    return db.session.execute(
        select(Dialogue.community_id, func.count(func.distinct(Dialogue.id)),
               func.count(Meeting.id), func.coalesce(func.sum(Meeting.attendees), 0))
        .join(Meeting, and_(Meeting.dialogue_id == Dialogue.id,
                            Meeting.cancelled_at.is_(None),
                            Meeting.starts_at >= begins, Meeting.starts_at < ends))
        .where(Dialogue.id.in_(dialogue_ids))
        .group_by(Dialogue.community_id)).all()


def _community_rows(proposals_per_community, meetings) -> list[CommunityRow]:
    names = dict(db.session.execute(select(LocalCommunity.id, LocalCommunity.name)).all())
    rows: dict[int | None, CommunityRow] = {}

    def row(community_id):
        if community_id not in rows:
            rows[community_id] = CommunityRow(names.get(community_id, ""))
        return rows[community_id]

    for community_id, proposals in proposals_per_community.items():
        row(community_id).proposals = proposals
    for community_id, dialogues, held, participants in meetings:
        entry = row(community_id)
        entry.dialogues, entry.meetings, entry.participants = dialogues, held, int(participants)
    # Named communities alphabetically, then what concerns the whole municipality.
    return sorted(rows.values(), key=lambda r: (r.name == "", r.name.casefold()))


def build(plan: Plan, year: int, all_titles: bool = False) -> FollowUpReport:
    """`plan` comes from `plans.queries.plan_document` (its structure loaded)."""
    challenges: list[ChallengeEntry] = []
    entries: list[ActionEntry] = []
    for challenge in plan.challenges:
        commitments = []
        for commitment in challenge.commitments:
            actions = [ActionEntry(action) for action in commitment.actions
                       if included(action, year)]
            if actions:
                commitments.append(CommitmentEntry(commitment.quote, actions))
                entries.extend(actions)
        if commitments:
            challenges.append(ChallengeEntry(challenge.title, commitments))
    action_ids = [entry.action.id for entry in entries]
    proposal_total = dialogue_total = 0
    communities: list[CommunityRow] = []
    if action_ids:
        updates = _updates(action_ids, year)
        counts, titles = _proposal_links(action_ids, all_titles)
        per_community = _per_community(action_ids)
        dialogues, dialogue_ids = _dialogue_links(action_ids)
        for entry in entries:
            action_id = entry.action.id
            entry.updates = updates.get(action_id, [])
            entry.proposal_count = counts.get(action_id, 0)
            entry.proposals = titles.get(action_id, [])
            entry.dialogues = dialogues.get(action_id, [])
            entry.dialogue_count = len(entry.dialogues)
        # A proposal belongs to one community at most, so the communities' counts add up.
        proposal_total = sum(per_community.values())
        dialogue_total = len(dialogue_ids)
        communities = _community_rows(per_community, _meetings_held(dialogue_ids, year))
    by_status = Counter(entry.action.status for entry in entries)
    return FollowUpReport(
        plan=plan, year=year, challenges=challenges,
        actions_by_status={status.value: by_status.get(status, 0) for status in ActionStatus},
        action_count=len(entries), proposals_linked=proposal_total,
        dialogues_linked=dialogue_total, communities=communities, all_titles=all_titles)
