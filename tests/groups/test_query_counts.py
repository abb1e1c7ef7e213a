"""The group lists and page issue a fixed number of queries whatever the data size."""

from __future__ import annotations

import pytest

from app.extensions import db


def _fill(make, pf, gf, of, community, size: int) -> int:
    group = None
    for _ in range(size):
        group = gf.group(make.user(commit=False), community=community, commit=False)
        for _ in range(3):
            gf.member(group, make.user(commit=False), shown_publicly=True, commit=False)
        gf.organisation_member(group, of.organisation(commit=False), commit=False)
        proposal = pf.proposal(community=community, commit=False)
        db.session.flush()
        proposal.group_id = group.id
    db.session.commit()
    return group.id


@pytest.mark.parametrize("url", ["/utvecklingsgrupper", "/lokalsamhallen/norrby/utvecklingsgrupper",
                                 "/lokalsamhallen/norrby", "group"])
def test_group_pages_have_a_query_budget(client, make, pf, gf, of, count_queries, url):
    norrby = make.community("Norrby", slug="norrby")
    counts = []
    for size in (2, 12):
        group_id = _fill(make, pf, gf, of, norrby, size)
        target = f"/utvecklingsgrupper/{group_id}" if url == "group" else url
        client.get(target)
        with count_queries() as counter:
            response = client.get(target)
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
