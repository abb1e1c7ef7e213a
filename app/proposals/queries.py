"""Reading proposals: lists with filters and counts, detail, comments, feeds.

Every page issues a fixed number of queries whatever the data size: related
rows are eager-loaded and counters are columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, false, func, nulls_last, select
from sqlalchemy.orm import joinedload, selectinload

from app.accounts.models import User
from app.communities.models import LocalCommunity
from app.communities.queries import active_themes, all_themes  # noqa: F401 - used by views
from app.core.memo import request_memo
from app.core.pagination import Page
from app.extensions import db
from app.organisations.models import Membership, Organisation, VerificationStatus
from app.proposals import search
from app.proposals.models import (
    PUBLIC_STATUSES,
    Comment,
    Follow,
    OrganisationSupport,
    Proposal,
    ProposalHistory,
    ProposalStatus,
    Support,
)
from app.proposals.tally import WHOLE_KEY, tallies

PER_PAGE = 20
COMMENTS_PER_PAGE = 20
WHOLE = "hela-kommunen"


@dataclass
class Filters:
    q: str = ""
    community: str = ""       # "", WHOLE, or a community id as text
    status: str = ""
    theme: str = ""
    sort: str = "newest"
    page: int = 1
    community_ids: list[int] = field(default_factory=list)


def _card_options(statement: Select) -> Select:
    return statement.options(joinedload(Proposal.community), joinedload(Proposal.theme),
                             joinedload(Proposal.author), joinedload(Proposal.organisation),
                             joinedload(Proposal.group), joinedload(Proposal.dialogue))


def _apply_filters(statement: Select, filters: Filters, skip: str | None = None) -> Select:
    statement = statement.where(Proposal.status.in_(PUBLIC_STATUSES))
    if filters.q:
        clause = search.matches(filters.q)
        if clause is not None:
            statement = statement.where(clause)
    if skip != "community" and filters.community:
        if filters.community == WHOLE:
            statement = statement.where(Proposal.community_id.is_(None))
        elif filters.community.isdigit():
            statement = statement.where(_id_equals(Proposal.community_id, filters.community))
    if skip != "status" and filters.status:
        statement = statement.where(Proposal.status == filters.status)
    if skip != "theme" and filters.theme.isdigit():
        statement = statement.where(_id_equals(Proposal.theme_id, filters.theme))
    return statement


def public_filtered(statement: Select, filters: Filters) -> Select:
    """Public proposals matching the list's filters (search, community, status,
    theme); also read by the open-data API, which validates the values first."""
    return _apply_filters(statement, filters)


MAX_ID = 2**31 - 1


def _id_equals(column, digits: str) -> ColumnElement[bool]:
    # An id beyond the integer column's range cannot exist; binding it would
    # fail on both databases (SQLite overflow, PostgreSQL out of range).
    value = int(digits)
    return column == value if value <= MAX_ID else false()


def _order(statement: Select, sort: str) -> Select:
    if sort == "supports":
        return statement.order_by(Proposal.support_count.desc(), Proposal.id.desc())
    if sort == "comments":
        return statement.order_by(Proposal.comment_count.desc(), Proposal.id.desc())
    if sort == "answered":
        return statement.order_by(nulls_last(Proposal.answered_at.desc()), Proposal.id.desc())
    return statement.order_by(nulls_last(Proposal.published_at.desc()), Proposal.id.desc())


def list_ids(filters: Filters) -> Select:
    """The ids of the proposals the list shows, in its order."""
    return _order(_apply_filters(select(Proposal.id), filters), filters.sort)


def proposal_page(filters: Filters, total: int, per_page: int = PER_PAGE) -> Page:
    """One page of proposals; `total` comes from the facet counts.

    The page's ids are chosen first without joins, then only those rows are
    loaded with their community, theme and author: sorting thousands of search
    hits with five joins attached was most of a search's time. The ids are read
    in a query of their own, not a subquery: PostgreSQL turned `id IN (page)`
    into a join of every public proposal with its five tables (~350 ms at
    100,000 proposals) before keeping the page's twenty.
    """
    pages = max((total + per_page - 1) // per_page, 1)
    number = min(max(filters.page, 1), pages)
    ids = list(db.session.scalars(
        list_ids(filters).limit(per_page).offset((number - 1) * per_page)))
    items = list(db.session.scalars(
        _order(_card_options(select(Proposal)).where(Proposal.id.in_(ids)), filters.sort))
    ) if ids else []
    return Page(items=items, page=number, per_page=per_page, total=total)


def facet_counts(filters: Filters) -> dict[str, dict[str, int]]:
    """How many proposals each filter value would give, with the other filters kept.

    Without a search text the counts come from the small tally table; with one,
    from the matching rows themselves.
    """
    if not filters.q or search.matches(filters.q) is None:
        return _tally_facets(filters)
    # One pass over the matching rows, grouped by all three keys, then summed
    # per facet as for the tallies.
    matched = _apply_filters(select(Proposal.community_id, Proposal.status, Proposal.theme_id,
                                    func.count()).select_from(Proposal),
                             Filters(q=filters.q))
    rows = db.session.execute(matched.group_by(Proposal.community_id, Proposal.status,
                                               Proposal.theme_id)).all()
    return _facets_from_rows(
        filters, [(c or WHOLE_KEY, s, t, n) for c, s, t, n in rows])


def _tally_facets(filters: Filters) -> dict[str, dict[str, int]]:
    return _facets_from_rows(filters, [(row.community_key, row.status, row.theme_id, row.count)
                                       for row in tallies(PUBLIC_STATUSES)])


def _facets_from_rows(filters: Filters, rows) -> dict[str, dict[str, int]]:
    """Counts per facet value, each facet keeping the other two filters."""
    community = (WHOLE_KEY if filters.community == WHOLE else
                 int(filters.community) if filters.community.isdigit() else None)
    theme = int(filters.theme) if filters.theme.isdigit() else None
    status = filters.status or None
    counts: dict[str, dict[str, int]] = {"community": {}, "status": {}, "theme": {}}
    for community_key, row_status, theme_id, count in rows:
        matches = {
            "community": community is None or community_key == community,
            "status": status is None or row_status == status,
            "theme": theme is None or theme_id == theme,
        }
        for facet, key in (("community", WHOLE if community_key == WHOLE_KEY
                            else str(community_key)),
                           ("status", row_status), ("theme", str(theme_id))):
            if all(ok for name, ok in matches.items() if name != facet):
                counts[facet][key] = counts[facet].get(key, 0) + count
                counts[facet][""] = counts[facet].get("", 0) + count
    return counts


def filtered_total(filters: Filters, counts: dict[str, dict[str, int]]) -> int:
    """The number of proposals matching every filter, read off the facet counts."""
    return counts["status"].get(filters.status or "", 0)


def proposal_by_reference(reference: str) -> Proposal | None:
    return db.session.scalars(_card_options(select(Proposal)).options(
        joinedload(Proposal.answered_by), joinedload(Proposal.source_meeting),
        joinedload(Proposal.assigned_to))
        .where(Proposal.reference == reference)).first()


def history(proposal: Proposal) -> list[ProposalHistory]:
    return list(db.session.scalars(
        select(ProposalHistory).options(joinedload(ProposalHistory.actor),
                                        joinedload(ProposalHistory.assignee))
        .where(ProposalHistory.proposal_id == proposal.id)
        .order_by(ProposalHistory.created_at, ProposalHistory.id)))


def comment_page(proposal: Proposal, page: int):
    """Top-level comments, 20 a page, oldest first, with their replies."""
    statement = (select(Comment)
                 .options(joinedload(Comment.author), joinedload(Comment.organisation),
                          selectinload(Comment.replies).options(
                              joinedload(Comment.author), joinedload(Comment.organisation)))
                 .where(Comment.proposal_id == proposal.id, Comment.parent_id.is_(None))
                 # parent_id is NULL in every row; naming it lets PostgreSQL see
                 # that ix_comment_thread_order gives this order (it does not
                 # take `IS NULL` as fixing the column), so a page stops after
                 # its rows instead of walking all of the municipality's comments.
                 .order_by(Comment.parent_id, Comment.created_at, Comment.id))
    return db.paginate(statement, page=page, per_page=COMMENTS_PER_PAGE, error_out=False,
                       count=True)


def proposal_row(reference: str) -> Proposal | None:
    """The proposal alone, without the people and places the page shows."""
    return db.session.scalars(select(Proposal).where(Proposal.reference == reference)).first()


def viewer_state(proposal: Proposal, user) -> dict:
    """What the viewer has done: their support, follow, and which of their
    verified organisations support the proposal (`member`: whether they may act
    for any verified organisation). Read once a request."""
    if not getattr(user, "is_authenticated", False):
        return {"supports": False, "follows": False, "member": False, "organisations": []}
    memo = request_memo().setdefault("viewer_states", {})
    if (proposal.id, user.id) in memo:
        return memo[(proposal.id, user.id)]
    row = db.session.execute(select(
        select(Support.id).where(Support.proposal_id == proposal.id,
                                 Support.user_id == user.id).exists(),
        select(Follow.id).where(Follow.proposal_id == proposal.id,
                                Follow.user_id == user.id).exists(),
        select(Membership.id).join(Organisation, Organisation.id == Membership.organisation_id)
        .where(Membership.user_id == user.id,
               Organisation.status == VerificationStatus.VERIFIED).exists())).one()
    organisations = db.session.execute(
        select(Organisation, OrganisationSupport.id)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .outerjoin(OrganisationSupport, (OrganisationSupport.organisation_id == Organisation.id)
                   & (OrganisationSupport.proposal_id == proposal.id))
        .where(Membership.user_id == user.id,
               Organisation.status == VerificationStatus.VERIFIED)
        .order_by(Organisation.name)).all() if row[2] else []
    state = memo[(proposal.id, user.id)] = {
        "supports": bool(row[0]), "follows": bool(row[1]), "member": bool(row[2]),
        "organisations": [(org, support_id is not None) for org, support_id in organisations]}
    return state


def similar_proposals(text: str, exclude_id: int | None = None, limit: int = 5) -> list[Proposal]:
    statement = _card_options(select(Proposal)).where(Proposal.status.in_(PUBLIC_STATUSES))
    if exclude_id is not None:
        statement = statement.where(Proposal.id != exclude_id)
    ranked = search.similar(statement, text, limit)
    if ranked is None:
        return []
    return list(db.session.scalars(ranked).unique())


def moderation_queue() -> list[Proposal]:
    return list(db.session.scalars(_card_options(select(Proposal)).where(
        Proposal.status == ProposalStatus.SUBMITTED).order_by(Proposal.created_at,
                                                              Proposal.id)).unique())


def own_proposals(user: User) -> list[Proposal]:
    return list(db.session.scalars(_card_options(select(Proposal)).where(
        Proposal.author_id == user.id).order_by(Proposal.created_at.desc())).unique())


def feed_entries(community: LocalCommunity | None, limit: int = 50) -> list[Proposal]:
    statement = _card_options(select(Proposal)).where(
        Proposal.status.in_(PUBLIC_STATUSES), Proposal.published_at.is_not(None))
    if community is not None:
        statement = statement.where(Proposal.community_id == community.id)
    return list(db.session.scalars(statement.order_by(Proposal.published_at.desc(),
                                                      Proposal.id.desc()).limit(limit)))


def community_proposals(community: LocalCommunity, limit: int = 10) -> list[Proposal]:
    return list(db.session.scalars(_card_options(select(Proposal)).where(
        Proposal.status.in_(PUBLIC_STATUSES), Proposal.community_id == community.id)
        .order_by(nulls_last(Proposal.published_at.desc()), Proposal.id.desc())
        .limit(limit)))
