"""participation_by_actor_type against a small fixture counted by hand."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.extensions import db
from app.proposals.models import Comment, OrganisationSupport, Support
from app.proposals.participation import WHOLE_MUNICIPALITY, participation_by_actor_type

JAN = datetime(2026, 1, 1, tzinfo=UTC)
FEB = datetime(2026, 2, 1, tzinfo=UTC)
MID_JAN = datetime(2026, 1, 15, 12, tzinfo=UTC)
DEC = datetime(2025, 12, 20, tzinfo=UTC)


def _figures(participants=0, proposals=0, comments=0, supports=0) -> dict[str, int]:
    return {"participants": participants, "proposals": proposals, "comments": comments,
            "supports": supports}


@pytest.fixture
def town(make, of, pf):
    """Three residents, a business (member m1), two associations (member m2 in S).

    Proposals: P1 r1 in A (at the very start of January), P2 m1 for the business
    in A, P3 r2 in B, P4 r3 for the whole municipality, P5 r1 in A in December.
    Comments: r2 twice and m2 for S on P1, m1 personally on P3, r3 on P1 in
    December, r1 on P3 exactly at the end of January (outside the period).
    Supports: r2, r3 on P1 and m2 personally on P2; S and S2 on P1, the business
    on P3, and S on P2 in December.
    """
    a, b = make.community("A-by"), make.community("B-by")
    r1, r2, r3, m1, m2 = (make.user() for _ in range(5))
    business = of.organisation(m1, kind="company")
    association = of.organisation(m2, kind="association")
    other_association = of.organisation(kind="association")
    of.organisation(kind="other")  # takes no part

    def proposal(author, community, at, organisation=None):
        row = pf.proposal(author, community=community, commit=False)
        row.organisation_id = organisation.id if organisation else None
        row.created_at = at
        return row

    p1 = proposal(r1, a, JAN)
    p2 = proposal(m1, a, MID_JAN, business)
    p3 = proposal(r2, b, MID_JAN)
    proposal(r3, None, MID_JAN)
    p5 = proposal(r1, a, DEC)
    db.session.flush()

    def add(row, at):
        row.created_at = at
        db.session.add(row)

    for author, on, at, organisation in [(r2, p1, MID_JAN, None), (r2, p1, MID_JAN, None),
                                         (m2, p1, MID_JAN, association),
                                         (m1, p3, MID_JAN, None), (r3, p1, DEC, None),
                                         (r1, p3, FEB, None)]:
        add(Comment(proposal_id=on.id, author_id=author.id, body="Bra",
                    organisation_id=organisation.id if organisation else None), at)
    for user, on in [(r2, p1), (r3, p1), (m2, p2)]:
        add(Support(proposal_id=on.id, user_id=user.id), MID_JAN)
    for organisation, on, at in [(association, p1, MID_JAN), (other_association, p1, MID_JAN),
                                 (business, p3, MID_JAN), (association, p2, DEC)]:
        add(OrganisationSupport(proposal_id=on.id, organisation_id=organisation.id,
                                user_id=m1.id), at)
    db.session.commit()
    assert p5.id
    return {"a": a, "b": b}


def test_january_across_the_municipality(town):
    assert participation_by_actor_type(JAN, FEB) == {
        "residents": _figures(participants=5, proposals=3, comments=3, supports=3),
        "businesses": _figures(participants=1, proposals=1, supports=1),
        "associations": _figures(participants=2, comments=1, supports=2),
        "other_organisations": _figures(),
    }


def test_january_in_one_community(town):
    assert participation_by_actor_type(JAN, FEB, town["a"].id) == {
        "residents": _figures(participants=4, proposals=1, comments=2, supports=3),
        "businesses": _figures(participants=1, proposals=1),
        "associations": _figures(participants=2, comments=1, supports=2),
        "other_organisations": _figures(),
    }
    assert participation_by_actor_type(JAN, FEB, town["b"].id) == {
        "residents": _figures(participants=2, proposals=1, comments=1),
        "businesses": _figures(participants=1, supports=1),
        "associations": _figures(),
        "other_organisations": _figures(),
    }


def test_proposals_about_the_whole_municipality(town):
    assert participation_by_actor_type(JAN, FEB, WHOLE_MUNICIPALITY) == {
        "residents": _figures(participants=1, proposals=1),
        "businesses": _figures(),
        "associations": _figures(),
        "other_organisations": _figures(),
    }


def test_without_a_period_everything_counts(town):
    assert participation_by_actor_type() == {
        "residents": _figures(participants=5, proposals=4, comments=5, supports=3),
        "businesses": _figures(participants=1, proposals=1, supports=1),
        "associations": _figures(participants=2, comments=1, supports=3),
        "other_organisations": _figures(),
    }


def test_an_open_ended_period(town):
    since_january = participation_by_actor_type(start=JAN)
    assert since_january["residents"] == _figures(participants=5, proposals=3, comments=4,
                                                  supports=3)
    until_january = participation_by_actor_type(end=JAN)
    assert until_january["residents"] == _figures(participants=2, proposals=1, comments=1)
    assert until_january["associations"] == _figures(participants=1, supports=1)


def test_an_empty_period_counts_nothing(town):
    empty = participation_by_actor_type(datetime(2030, 1, 1, tzinfo=UTC),
                                        datetime(2030, 2, 1, tzinfo=UTC))
    assert all(figures == _figures() for figures in empty.values())
