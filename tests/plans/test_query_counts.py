"""The chain's pages issue the same number of queries however much is linked."""

from __future__ import annotations

import pytest

from app.extensions import db

BUDGET = 14


def _measure(client, count_queries, url: str) -> int:
    client.get(url)  # settings and other per-process caches are warm
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


def _proposals(pf, author, count: int) -> list:
    proposals = [pf.proposal(author, commit=False) for _ in range(count)]
    db.session.flush()
    return proposals


def _viewer(login_as, make, viewer: str) -> None:
    if viewer != "anonymous":
        login_as(make.user(viewer))


@pytest.mark.parametrize("viewer", ["anonymous", "official", "moderator"])
def test_the_plan_page_does_not_grow_with_actions_and_links(client, login_as, make, pf, df,
                                                            plf, count_queries, viewer):
    _viewer(login_as, make, viewer)
    author = make.user()
    counts = []
    for actions, links in ((3, 10), (20, 60)):
        plan = plf.plan(commit=False)
        commitments = [plf.commitment(plan, commit=False) for _ in range(3)]
        rows = [plf.action(commitments[n % 3], communities=(), commit=False)
                for n in range(actions)]
        for n, proposal in enumerate(_proposals(pf, author, links)):
            plf.proposal_link(proposal, rows[n % actions], commit=False)
        plf.dialogue_link(df.dialogue(commit=False), rows[0], commit=False)
        db.session.commit()
        counts.append(_measure(client, count_queries, f"/styrdokument/{plan.id}"))
    assert counts[0] == counts[1] <= BUDGET


@pytest.mark.parametrize("viewer", ["anonymous", "official", "moderator"])
def test_the_action_page_does_not_grow_with_linked_proposals(client, login_as, make, pf, df,
                                                             plf, count_queries, viewer):
    _viewer(login_as, make, viewer)
    author = make.user()
    counts = []
    for links in (5, 100):
        action = plf.action(responsible_users=(make.user("official"),), commit=False)
        for proposal in _proposals(pf, author, links):
            plf.proposal_link(proposal, action, commit=False)
        for _ in range(links // 5):
            plf.dialogue_link(df.dialogue(commit=False), action, commit=False)
        db.session.commit()
        counts.append(_measure(client, count_queries, f"/atgarder/{action.id}"))
        counts.append(_measure(client, count_queries, f"/atgarder/{action.id}?page=2"))
    assert counts[0] == counts[2] <= BUDGET
    assert counts[1] == counts[3] <= BUDGET


@pytest.mark.parametrize("viewer", ["anonymous", "official"])
def test_the_proposal_page_does_not_grow_with_linked_actions(client, login_as, make, pf, plf,
                                                             count_queries, viewer):
    _viewer(login_as, make, viewer)
    proposal = pf.proposal()
    url = f"/forslag/{proposal.reference}"
    counts = []
    for actions in (1, 15):
        for _ in range(actions - (1 if counts else 0)):
            plf.proposal_link(proposal, plf.action(plf.commitment(commit=False), commit=False),
                              commit=False)
        db.session.commit()
        counts.append(_measure(client, count_queries, url))
    assert counts[0] == counts[1]


def test_the_link_pages_do_not_grow_with_actions(login_as, make, pf, df, plf, count_queries):
    client = login_as(make.user("official"))
    proposal = pf.proposal()
    dialogue = df.dialogue()
    counts = []
    for actions in (2, 40):
        commitment = plf.commitment(commit=False)
        for n in range(actions // 2):
            action = plf.action(commitment, commit=False)
            if n % 3 == 0:
                plf.proposal_link(proposal, action, commit=False)
                plf.dialogue_link(dialogue, action, commit=False)
        db.session.commit()
        counts.append((_measure(client, count_queries, f"/forslag/{proposal.reference}/koppla"),
                       _measure(client, count_queries, f"/dialoger/{dialogue.id}/koppla"),
                       _measure(client, count_queries, "/konto/mina-atgarder")))
    assert counts[0] == counts[1]


def test_the_community_page_does_not_grow_with_actions(client, make, plf, count_queries):
    norrby = make.community("Norrby", slug="norrby")
    counts = []
    for actions in (2, 25):
        commitment = plf.commitment(commit=False)
        for _ in range(actions):
            plf.action(commitment, communities=(norrby,), commit=False)
        db.session.commit()
        counts.append(_measure(client, count_queries, "/lokalsamhallen/norrby"))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("viewer", ["anonymous", "moderator"])
def test_the_adopted_plan_s_road_does_not_grow_with_its_consultation(
        client, login_as, make, pf, cf, of, count_queries, viewer):
    """The road (period, versions, participants, decision) of an adopted plan,
    with one version and a few participants, and with six and many."""
    from app.plans.models import Plan, PlanStatus

    _viewer(login_as, make, viewer)
    counts = []
    for versions, people in ((1, 2), (6, 40)):
        consultation = cf.consultation(status=PlanStatus.ADOPTED, commit=False)
        plan = db.session.get(Plan, consultation.plan_id)
        plan.decision_body, plan.decision_paragraph = "Kommunfullmäktige", "§ 45"
        latest = cf.first_version(consultation)
        for _ in range(versions - 1):
            latest = cf.version(consultation, copy_of=latest)
        latest.adopted_at = latest.published_at
        section = cf.sections(latest)[0]
        for n in range(people):
            author = make.user(commit=False)
            db.session.flush()
            cf.comment(section, author, commit=False)
            if n % 10 == 0:
                cf.response(consultation, of.organisation(author, commit=False), author,
                            commit=False)
        db.session.commit()
        counts.append(_measure(client, count_queries, f"/styrdokument/{plan.id}"))
    assert counts[0] == counts[1] <= BUDGET
