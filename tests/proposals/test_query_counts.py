"""Pages issue the same small number of queries whatever the amount of data."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from app.extensions import db
from app.proposals.models import Proposal, ProposalStatus

BUDGET = 12
# The detail page asks once whether the proposal was sent about a section of a
# draft in consultation (app.consultation.queries.tie_of).
CONSULTATION_TIE_QUERY = 1
# Signed in, every page's header shows the number of unread notifications:
# one indexed count query (app.core.notifications.unread_count).
UNREAD_COUNT_QUERY = 1


@dataclass
class Data:
    community: object
    theme: object
    people: list
    proposals: list[Proposal] = field(default_factory=list)


def _grow(pf, data: Data, count: int) -> None:
    """Add public proposals, most in one community, each with supports, comments
    and a reply; the first proposal (the detail page's) gets more comments too."""
    people = data.people
    for _ in range(count):
        n = len(data.proposals)
        proposal = pf.proposal(people[n % 3], title=f"Cykelbana nummer {n}",
                               community=data.community if n % 4 else None,
                               theme_=data.theme,
                               status=ProposalStatus.ANSWERED if n % 5 == 0
                               else ProposalStatus.PUBLISHED, commit=False)
        for person in people:
            if person.id != proposal.author_id:
                pf.support(proposal, person, commit=False)
        top = pf.comment(proposal, people[0], commit=False)
        db.session.flush()
        pf.comment(proposal, people[1], parent=top, commit=False)
        pf.comment(proposal, people[2], commit=False)
        data.proposals.append(proposal)
    for n in range(count // 2):
        top = pf.comment(data.proposals[0], people[n % 3], commit=False)
        db.session.flush()
        pf.comment(data.proposals[0], people[(n + 1) % 3], parent=top, commit=False)
    db.session.commit()


PAGES = {
    "list": lambda d: "/forslag",
    "filtered list": lambda d: f"/forslag?community={d.community.id}&status=published"
                               "&sort=supports",
    "search": lambda d: "/forslag?q=cykelbanor",
    "filtered search": lambda d: f"/forslag?q=cykelbana&community={d.community.id}",
    "second page": lambda d: "/forslag?page=2&sort=comments",
    "detail": lambda d: f"/forslag/{d.proposals[0].reference}",
    "community page": lambda d: f"/lokalsamhallen/{d.community.slug}",
    "feed": lambda d: "/forslag.atom",
}


def _measure(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("viewer", ["anonymous", "resident", "moderator"])
def test_queries_do_not_grow_with_the_data(client, make, pf, count_queries, login_as, page,
                                           viewer):
    data = Data(make.community("Norrby", slug="norrby"), pf.theme(),
                [make.user() for _ in range(3)])
    if viewer != "anonymous":
        login_as(make.user(viewer))

    counts = []
    for size in (5, 40):
        _grow(pf, data, size - len(data.proposals))
        url = PAGES[page](data)
        counts.append(_measure(client, count_queries, url))

    assert counts[0] == counts[1], f"{page}: {counts[0]} queries at 5, {counts[1]} at 40"
    budget = BUDGET + (UNREAD_COUNT_QUERY if viewer != "anonymous" else 0) \
        + (CONSULTATION_TIE_QUERY if page == "detail" else 0)
    assert counts[1] <= budget, f"{page}: {counts[1]} queries, the budget is {budget}"
