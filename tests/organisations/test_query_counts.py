"""The directory and the organisation page issue a fixed number of queries."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.organisations.models import Membership
from app.proposals.models import OrganisationSupport

BUDGET = 15
# Signed in, every page's header shows the number of unread notifications:
# one indexed count query (app.core.notifications.unread_count).
UNREAD_COUNT_QUERY = 1


@pytest.fixture
def grow(make, of, pf):
    """grow(n): n more verified organisations in one community, each with members,
    themes, proposals on its behalf, supports and comments."""
    place = make.community("Norrby")
    theme = pf.theme("Kultur")
    first = of.organisation(name="Första föreningen", communities=[place], themes=[theme])
    made = [first]

    def add(count: int) -> None:
        for n in range(count):
            organisation = of.organisation(name=f"Förening {len(made)}", communities=[place],
                                           themes=[theme], kind=("company", "association",
                                                                 "other")[n % 3], commit=False)
            made.append(organisation)
        db.session.flush()
        for organisation in made[-count:] + [first]:
            person = make.user(commit=False)
            db.session.flush()
            of.member(organisation, person, shown_publicly=True, commit=False)
            proposal = pf.proposal(person, community=place, theme_=theme, commit=False)
            proposal.organisation_id = organisation.id
            db.session.flush()
            comment = pf.comment(proposal, person, commit=False)
            comment.organisation_id = organisation.id
            other = pf.proposal(community=place, theme_=theme, commit=False)
            db.session.flush()
            db.session.add(OrganisationSupport(proposal_id=other.id,
                                               organisation_id=organisation.id,
                                               user_id=person.id))
            other.organisation_support_count = 1
        db.session.commit()

    return {"add": add, "place": place, "theme": theme, "first": first}


PAGES = {
    "directory": lambda d: "/organisationer",
    "filtered directory": lambda d: f"/organisationer?kind=association&theme={d['theme'].id}",
    "community directory": lambda d: f"/lokalsamhallen/{d['place'].slug}/aktorer",
    "organisation page": lambda d: f"/organisationer/{d['first'].id}",
}


def _count(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("signed_in", [False, True])
def test_queries_do_not_grow_with_the_data(app, grow, count_queries, login_as, page,
                                           signed_in):
    url = PAGES[page](grow)
    # Signed in as the first organisation's administrator, whose page shows more.
    client = login_as(_admin_of(grow["first"])) if signed_in else app.test_client()
    grow["add"](2)
    small = _count(client, count_queries, url)
    grow["add"](10)
    large = _count(client, count_queries, url)
    assert small == large, f"{page}: {small} queries with little data, {large} with more"
    assert large <= BUDGET + (UNREAD_COUNT_QUERY if signed_in else 0), f"{page}: {large} queries"


def _admin_of(organisation) -> User:
    return db.session.scalars(select(User).join(Membership, Membership.user_id == User.id)
                              .where(Membership.organisation_id == organisation.id,
                                     Membership.role == "admin")).first()
