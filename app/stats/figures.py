"""The public statistics for a period, for the whole municipality and per local
community, computed by the database in a fixed number of queries.

Each measure is one aggregate over the whole municipality, grouped by
community in the same pass (never one query per community), and reads an
index that starts with the time the thing happened (migration 0013), so a
period is one range scan whatever the size of the rest of the data.

Definitions (the page explains them in plain Swedish):

- Proposals: sent in during the period (created), by their status today.
- Supports: given during the period, by people and by organisations.
- Participants: distinct accounts and organisations that during the period
  sent in a proposal, supported or commented on one, or registered for a
  meeting (not cancelled). Someone acting on behalf of an organisation
  counts the organisation, by its kind; a person acting as themself is a
  resident. The total counts each once, also when active in several
  communities. Comments later hidden or deleted and proposals later hidden
  still count: the person took part.
- Dialogues and meetings held: meetings that started during the period and
  before now and were not cancelled, the dialogues they belong to, and the
  attendance recorded by the organisers.
- Answers: `app.proposals.stats.answer_times` (by answer date).
- Linked to actions: of the public proposals sent in during the period, those
  linked today to an action of a plan that is not a draft.
- Actions done: actions of plans that are not drafts, done today, that became
  done during the period; in each community they concern, and under the whole
  municipality when they name none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from statistics import median

from sqlalchemy import Integer, and_, case, func, literal, select, union_all

from app.communities.models import LocalCommunity
from app.core.models import utcnow
from app.dialogues.models import Dialogue, Meeting, Registration, RegistrationStatus
from app.extensions import db
from app.organisations.models import Organisation, OrganisationKind
from app.plans.models import (
    Action,
    ActionStatus,
    Challenge,
    Commitment,
    Plan,
    PlanStatus,
    ProposalActionLink,
    action_community,
)
from app.proposals import stats as answer_stats
from app.proposals.models import (
    PUBLIC_STATUSES,
    Comment,
    OrganisationSupport,
    Proposal,
    ProposalStatus,
    Support,
)
from app.stats.period import Period

RESIDENTS = "residents"
ACTOR_TYPES = (RESIDENTS, "businesses", "associations", "other_organisations")
_KIND_TO_ACTOR = {OrganisationKind.COMPANY.value: "businesses",
                  OrganisationKind.ASSOCIATION.value: "associations",
                  OrganisationKind.OTHER.value: "other_organisations"}
# A community is "hardly heard" with fewer participants than this share of
# the median community's (see few_heard below).
FEW_HEARD_SHARE = Fraction(1, 2)


@dataclass
class GroupFigures:
    """Everything counted for one group: a community, the proposals about the
    whole municipality, or the total."""

    proposals_by_status: dict[str, int] = field(
        default_factory=lambda: {status.value: 0 for status in ProposalStatus})
    resident_supports: int = 0
    organisation_supports: int = 0
    comments: int = 0
    participants: dict[str, int] = field(
        default_factory=lambda: {actor: 0 for actor in ACTOR_TYPES})
    dialogues_held: int = 0
    meetings_held: int = 0
    attendees: int = 0
    meetings_with_attendance: int = 0
    answers: answer_stats.AnswerTimes = answer_stats.EMPTY
    public_proposals: int = 0
    linked_proposals: int = 0
    actions_done: int = 0

    @property
    def proposals(self) -> int:
        return sum(self.proposals_by_status.values())

    @property
    def supports(self) -> int:
        return self.resident_supports + self.organisation_supports

    @property
    def participants_total(self) -> int:
        return sum(self.participants.values())

    @property
    def share_linked(self) -> Fraction | None:
        if not self.public_proposals:
            return None
        return Fraction(self.linked_proposals, self.public_proposals)

    @property
    def is_empty(self) -> bool:
        return not (self.proposals or self.supports or self.comments
                    or self.participants_total or self.meetings_held
                    or self.answers.answered or self.actions_done)


@dataclass(frozen=True)
class CommunityFigures:
    id: int
    name: str
    slug: str
    archived: bool
    figures: GroupFigures
    few_heard: bool = False


@dataclass(frozen=True)
class Statistics:
    period: Period
    computed_at: datetime
    total: GroupFigures
    whole_municipality: GroupFigures
    communities: list[CommunityFigures]
    # Over the active local communities; None when nobody took part anywhere.
    median_participants: Fraction | None
    few_heard_below: Fraction | None

    @property
    def few_heard(self) -> list[CommunityFigures]:
        return [row for row in self.communities if row.few_heard]


def _in(column, start: datetime, end: datetime):
    return and_(column >= start, column < end)


def _proposals(groups, start: datetime, end: datetime) -> None:
    """Proposals sent in, by status, and how many public ones are linked."""
    rows = db.session.execute(
        select(Proposal.community_id, Proposal.status, func.count())
        .where(_in(Proposal.created_at, start, end))
        .group_by(Proposal.community_id, Proposal.status))
    public = {status.value for status in PUBLIC_STATUSES}
    for community_id, status, count in rows:
        for figures in groups(community_id):
            figures.proposals_by_status[status] = \
                figures.proposals_by_status.get(status, 0) + count
            if status in public:
                figures.public_proposals += count
    # From the links, which are far fewer than the proposals of a period.
    linked = (select(ProposalActionLink.proposal_id)
              .join(Action, Action.id == ProposalActionLink.action_id)
              .join(Commitment, Commitment.id == Action.commitment_id)
              .join(Challenge, Challenge.id == Commitment.challenge_id)
              .join(Plan, Plan.id == Challenge.plan_id)
              .where(Plan.status != PlanStatus.DRAFT))
    rows = db.session.execute(
        select(Proposal.community_id, func.count())
        .where(Proposal.id.in_(linked), _in(Proposal.created_at, start, end),
               Proposal.status.in_(PUBLIC_STATUSES))
        .group_by(Proposal.community_id))
    for community_id, count in rows:
        for figures in groups(community_id):
            figures.linked_proposals += count


def _actor(organisation_id, organisation_kind):
    """'resident' for a person acting as themself, else the organisation's kind."""
    return case((organisation_id.is_(None), literal(RESIDENTS)), else_=organisation_kind)


def _acts(start: datetime, end: datetime, by_community: bool):
    """Every contribution of the period as (community_id, actor, who, support,
    org_support, comment) rows; without the community (and so without joining
    each support and comment to its proposal) when only the totals are needed."""
    def columns(community, organisation_id, person_id, kind, *, support=0, org_support=0,
                comment=0):
        return [(community if by_community else literal(None, Integer)).label("community_id"),
                _actor(organisation_id, kind).label("actor"),
                func.coalesce(organisation_id, person_id).label("who"),
                literal(support, Integer).label("support"),
                literal(org_support, Integer).label("org_support"),
                literal(comment, Integer).label("comment")]

    def of_proposal(statement, proposal_id):
        return statement.join(proposal_of, proposal_of.c.id == proposal_id) if by_community \
            else statement

    proposal_of = Proposal.__table__.alias("of_proposal")
    sent = (select(*columns(Proposal.community_id, Proposal.organisation_id,
                            Proposal.author_id, Organisation.kind))
            .outerjoin(Organisation, Organisation.id == Proposal.organisation_id)
            .where(_in(Proposal.created_at, start, end)))
    supported = of_proposal(
        select(*columns(proposal_of.c.community_id, literal(None, Integer), Support.user_id,
                        literal(None), support=1)).select_from(Support),
        Support.proposal_id).where(_in(Support.created_at, start, end))
    supported_by_organisation = of_proposal(
        select(*columns(proposal_of.c.community_id, OrganisationSupport.organisation_id,
                        literal(None, Integer), Organisation.kind, org_support=1))
        .select_from(OrganisationSupport), OrganisationSupport.proposal_id) \
        .join(Organisation, Organisation.id == OrganisationSupport.organisation_id) \
        .where(_in(OrganisationSupport.created_at, start, end))
    commented = of_proposal(
        select(*columns(proposal_of.c.community_id, Comment.organisation_id, Comment.author_id,
                        Organisation.kind, comment=1)).select_from(Comment),
        Comment.proposal_id) \
        .outerjoin(Organisation, Organisation.id == Comment.organisation_id) \
        .where(_in(Comment.created_at, start, end))
    registered = select(*columns(Dialogue.community_id, Registration.organisation_id,
                                 Registration.user_id, Organisation.kind)) \
        .select_from(Registration)
    if by_community:
        registered = registered.join(Meeting, Meeting.id == Registration.meeting_id) \
            .join(Dialogue, Dialogue.id == Meeting.dialogue_id)
    registered = registered \
        .outerjoin(Organisation, Organisation.id == Registration.organisation_id) \
        .where(_in(Registration.created_at, start, end),
               Registration.status != RegistrationStatus.CANCELLED)
    return union_all(sent, supported, supported_by_organisation, commented,
                     registered).subquery("by_community" if by_community else "in_all")


def _distinct_per(acts, *keys):
    """Per `keys`: how many distinct `who`, and the supports and comments.

    PostgreSQL counts DISTINCT by sorting every row of each group; grouping
    by (keys, who) first lets it hash the rows instead, about a third faster
    at 100,000 proposals. SQLite sorts for any GROUP BY, and there the extra
    level costs more than it saves."""
    sums = (func.sum(acts.c.support), func.sum(acts.c.org_support), func.sum(acts.c.comment))
    if db.session.get_bind().dialect.name != "postgresql":
        return select(*keys, func.count(func.distinct(acts.c.who)), *sums) \
            .where(acts.c.who.is_not(None)).group_by(*keys)
    people = (select(*keys, acts.c.who, *(total.label(name) for total, name in
                                          zip(sums, ("support", "org_support", "comment"),
                                              strict=True)))
              .where(acts.c.who.is_not(None)).group_by(*keys, acts.c.who).subquery("people"))
    columns = [people.c[key.name] for key in keys]
    return select(*columns, func.count(), func.sum(people.c.support),
                  func.sum(people.c.org_support), func.sum(people.c.comment)).group_by(*columns)


def _participation(groups, totals, start: datetime, end: datetime) -> None:
    """Who took part (distinct per group and actor type), and supports and
    comments per group, in one statement over every kind of contribution."""
    acts, everywhere = _acts(start, end, True), _acts(start, end, False)
    per_group = _distinct_per(acts, acts.c.community_id, acts.c.actor).subquery("per_group")
    overall = _distinct_per(everywhere, everywhere.c.actor).subquery("overall")
    statement = union_all(
        select(literal(0).label("is_total"), *per_group.c),
        select(literal(1).label("is_total"), literal(None, Integer), overall.c[0], overall.c[1],
               literal(0), literal(0), literal(0)))
    for is_total, community_id, actor, people, supports, org_supports, comments in \
            db.session.execute(statement):
        actor = _KIND_TO_ACTOR.get(actor, actor)
        if is_total:
            totals.participants[actor] = int(people)
            continue
        for figures in groups(community_id, with_total=False):
            figures.participants[actor] = int(people)
        for figures in groups(community_id):
            figures.resident_supports += int(supports or 0)
            figures.organisation_supports += int(org_supports or 0)
            figures.comments += int(comments or 0)


def _meetings(groups, start: datetime, end: datetime) -> None:
    held_before = min(end, utcnow())
    if held_before <= start:
        return
    rows = db.session.execute(
        select(Dialogue.community_id, func.count(func.distinct(Dialogue.id)),
               func.count(Meeting.id), func.coalesce(func.sum(Meeting.attendees), 0),
               func.count(Meeting.attendees))
        .join(Meeting, Meeting.dialogue_id == Dialogue.id)
        .where(_in(Meeting.starts_at, start, held_before), Meeting.cancelled_at.is_(None))
        .group_by(Dialogue.community_id))
    # A dialogue belongs to one community, so the groups add up to the total.
    for community_id, dialogues, meetings, attendees, recorded in rows:
        for figures in groups(community_id):
            figures.dialogues_held += dialogues
            figures.meetings_held += meetings
            figures.attendees += int(attendees)
            figures.meetings_with_attendance += recorded


def _actions_done(groups, totals, start: datetime, end: datetime) -> None:
    rows = db.session.execute(
        select(Action.id, action_community.c.community_id)
        .join(Commitment, Commitment.id == Action.commitment_id)
        .join(Challenge, Challenge.id == Commitment.challenge_id)
        .join(Plan, Plan.id == Challenge.plan_id)
        .outerjoin(action_community, action_community.c.action_id == Action.id)
        .where(Action.status == ActionStatus.DONE, _in(Action.completed_at, start, end),
               Plan.status != PlanStatus.DRAFT))
    done = set()
    for action_id, community_id in rows:
        done.add(action_id)
        for figures in groups(community_id, with_total=False):
            figures.actions_done += 1
    totals.actions_done = len(done)


def few_heard(counts: list[int]) -> tuple[Fraction | None, Fraction | None]:
    """The median participants of the communities, and the count below which
    a community is hardly heard: half the median. None when nobody took part."""
    if not counts or not any(counts):
        return None, None
    middle = Fraction(median(counts))
    return middle, middle * FEW_HEARD_SHARE


def compute(period: Period) -> Statistics:
    start, end = period.bounds()
    total, whole = GroupFigures(), GroupFigures()
    by_community: dict[int, GroupFigures] = {}

    def groups(community_id: int | None, with_total: bool = True) -> list[GroupFigures]:
        if community_id is None:
            own = whole
        else:
            own = by_community.setdefault(community_id, GroupFigures())
        return [own, total] if with_total else [own]

    _proposals(groups, start, end)
    _participation(groups, total, start, end)
    _meetings(groups, start, end)
    _actions_done(groups, total, start, end)
    answers = answer_stats.answer_times(start, end)
    total.answers = answers.total
    whole.answers = answers.by_community.get(None, answer_stats.EMPTY)
    for community_id, times in answers.by_community.items():
        if community_id is not None:
            groups(community_id, with_total=False)[0].answers = times

    communities = db.session.execute(
        select(LocalCommunity.id, LocalCommunity.name, LocalCommunity.slug,
               LocalCommunity.archived_at)
        .order_by(LocalCommunity.position, LocalCommunity.name, LocalCommunity.id)).all()
    active = [row for row in communities if row.archived_at is None]
    middle, below = few_heard(
        [by_community.get(row.id, GroupFigures()).participants_total for row in active])
    rows = []
    # Archived communities are listed only when something happened in them.
    for row in communities:
        figures = by_community.get(row.id, GroupFigures())
        archived = row.archived_at is not None
        if archived and figures.is_empty:
            continue
        rows.append(CommunityFigures(
            id=row.id, name=row.name, slug=row.slug, archived=archived, figures=figures,
            few_heard=not archived and below is not None
            and (figures.participants_total < below or figures.participants_total == 0)))
    return Statistics(period=period, computed_at=utcnow(), total=total,
                      whole_municipality=whole, communities=rows,
                      median_participants=middle, few_heard_below=below)
