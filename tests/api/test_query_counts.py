"""The API's lists and items answer with the same number of queries whatever
the data size."""

from __future__ import annotations

import pytest

from app.extensions import db

BUDGET = 6
# The statistics: proposals, links, participants, meetings, actions done, answer
# times and the communities' names, one aggregate query each; and, for the
# default period and this year, the look for a stored snapshot, which finds none
# here (with one, the whole answer is that one query: tests/stats/test_snapshot.py).
STATS_BUDGET = 8


def _measure(client, count_queries, url: str) -> int:
    client.get(url)  # per-process caches are warm
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


def _grow(make, pf, df, plf, size: int) -> dict:
    """`size` more of everything, all linked to one action and one dialogue."""
    author = make.user()
    community = make.community(commit=False)
    theme = pf.theme(commit=False)
    dialogue = df.dialogue(community=community, commit=False)
    plan = plf.plan(commit=False)
    commitments = [plf.commitment(plan, commit=False) for _ in range(3)]
    action = plf.action(commitments[0], commit=False)
    for n in range(size):
        proposal = pf.proposal(author, community=community, theme_=theme, commit=False)
        proposal.dialogue_id = dialogue.id
        plf.proposal_link(proposal, action, commit=False)
        df.meeting(df.dialogue(commit=False), commit=False)
        plf.dialogue_link(df.dialogue(commit=False), action, commit=False)
        plf.action(commitments[n % 3], commit=False)
        plf.plan(commit=False)
        make.community(commit=False)
    db.session.commit()
    return {"community": community.id, "theme": theme.id, "dialogue": dialogue.id,
            "plan": plan.id, "action": action.id, "reference": proposal.reference}


LISTS = [
    "/api/v1/communities", "/api/v1/themes", "/api/v1/proposals?limit=100",
    "/api/v1/proposals?sort=supports&limit=100", "/api/v1/proposals?sort=answered",
    "/api/v1/proposals?q=parken&status=published&community={community}&theme={theme}",
    "/api/v1/proposals?dialogue={dialogue}", "/api/v1/proposals?action={action}",
    "/api/v1/dialogues?limit=100", "/api/v1/dialogues?action={action}",
    "/api/v1/plans?limit=100",
]
STATS = ["/api/v1/stats", "/api/v1/stats?year=2026"]
ITEMS = [
    "/api/v1/proposals/{reference}", "/api/v1/dialogues/{dialogue}", "/api/v1/plans/{plan}",
    "/api/v1/actions/{action}",
]


@pytest.mark.parametrize("url", LISTS + ITEMS + STATS)
def test_the_number_of_queries_does_not_grow(client, make, pf, df, plf, count_queries, url):
    counts = []
    for size in (2, 30):
        ids = _grow(make, pf, df, plf, size)
        counts.append(_measure(client, count_queries, url.format(**ids)))
    assert counts[0] == counts[1] <= (STATS_BUDGET if url in STATS else BUDGET)


def test_a_next_page_costs_the_same_as_the_first(client, make, pf, df, plf, count_queries):
    _grow(make, pf, df, plf, 12)
    first = client.get("/api/v1/proposals?limit=5").get_json()
    counts = [_measure(client, count_queries, "/api/v1/proposals?limit=5"),
              _measure(client, count_queries, first["links"]["next"])]
    assert counts[0] == counts[1]
