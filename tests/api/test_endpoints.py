"""Each endpoint's answer: its shape, its fields, and the links between items."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.proposals.models import Decision, ProposalStatus
from tests.api.helpers import build_world

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")


@pytest.fixture
def world(make, pf, df, plf):
    return build_world(make, pf, df, plf)


def get_json(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, (url, response.get_data(as_text=True))
    assert response.mimetype == "application/json"
    return response.get_json()


def test_the_index_links_every_list(client):
    links = get_json(client, "/api/v1/")["links"]
    assert set(links) == {"communities", "themes", "proposals", "dialogues", "plans",
                          "stats", "openapi", "open_data"}
    for url in links.values():
        assert client.get(url).status_code == 200


def test_communities_and_themes(client, world):
    communities = get_json(client, "/api/v1/communities")["data"]
    norrby = next(c for c in communities if c["slug"] == "norrby")
    assert norrby["name"] == "Norrby"
    assert norrby["archived"] is False
    assert "<script>" not in norrby["description_html"]
    assert norrby["html_url"].endswith("/lokalsamhallen/norrby")
    themes = get_json(client, "/api/v1/themes")["data"]
    assert {"id": world.theme.id, "name": "Trafik och gator", "archived": False} in themes


def test_a_proposal_in_the_list_and_on_its_own(client, world):
    listed = get_json(client, "/api/v1/proposals")["data"]
    assert [p["reference"] for p in listed] == [world.proposal.reference]
    item = listed[0]
    assert item["title"] == "Fler bänkar vid torget"
    assert item["status"] == "published"
    assert item["community"] == {"id": world.community.id, "name": "Norrby", "slug": "norrby"}
    assert item["theme"] == {"id": world.theme.id, "name": "Trafik och gator"}
    assert item["author_name"] == "Anna Andersson"
    assert item["dialogue"] == {"id": world.dialogue.id, "title": world.dialogue.title}
    assert ISO_UTC.match(item["published_at"])
    assert item["url"].endswith(f"/api/v1/proposals/{world.proposal.reference}")
    assert item["html_url"].endswith(f"/forslag/{world.proposal.reference}")

    detail = get_json(client, item["url"])
    assert {key: detail[key] for key in item} == item
    assert [entry["to_status"] for entry in detail["history"]] == ["submitted", "published"]
    assert [link["action"]["id"] for link in detail["actions"]] == [world.action.id]
    assert detail["actions"][0]["action"]["plan"]["id"] == world.plan.id


def test_the_body_comes_as_sanitised_html_and_as_plain_text(client, pf, world):
    proposal = pf.proposal(body="Vi vill ha **fler bänkar**.\n\n- en\n- två\n\n"
                                "<script>alert(1)</script>")
    item = get_json(client, f"/api/v1/proposals/{proposal.reference}")
    assert "<strong>fler bänkar</strong>" in item["body_html"]
    assert "<script>" not in item["body_html"]
    assert "&lt;script&gt;" in item["body_html"]
    assert item["body_text"] == "Vi vill ha fler bänkar.\n\nen\ntvå\n\n<script>alert(1)</script>"


def test_an_answered_proposal_has_its_answer(client, world):
    world.proposal.status = ProposalStatus.ANSWERED
    world.proposal.decision = Decision.PARTLY_ACCEPTED
    world.proposal.answer = "Vi bygger **två** bänkar."
    world.proposal.answered_at = world.proposal.published_at
    db.session.commit()
    item = get_json(client, f"/api/v1/proposals/{world.proposal.reference}")
    assert item["decision"] == "partly_accepted"
    assert item["answer"]["text"] == "Vi bygger två bänkar."
    assert "<strong>två</strong>" in item["answer"]["text_html"]
    assert ISO_UTC.match(item["answer"]["answered_at"])


def test_a_dialogue_with_its_meetings_and_actions(client, world):
    listed = get_json(client, "/api/v1/dialogues")["data"]
    assert [d["id"] for d in listed] == [world.dialogue.id]
    detail = get_json(client, f"/api/v1/dialogues/{world.dialogue.id}")
    assert detail["community"]["slug"] == "norrby"
    assert detail["target_groups"] == ["residents"]
    assert [m["id"] for m in detail["meetings"]] == [world.meeting.id]
    assert ISO_UTC.match(detail["meetings"][0]["starts_at"])
    assert detail["feedback"] is None
    assert [link["action"]["id"] for link in detail["actions"]] == [world.action.id]
    proposals = get_json(client, detail["proposals_url"])["data"]
    assert [p["reference"] for p in proposals] == [world.proposal.reference]


def test_published_feedback_is_shown_and_unpublished_is_not(client, world):
    world.dialogue.feedback_heard = "Ni vill ha bänkar."
    world.dialogue.feedback_next = "Vi bygger."
    db.session.commit()
    assert get_json(client, f"/api/v1/dialogues/{world.dialogue.id}")["feedback"] is None
    world.dialogue.status = "feedback_published"
    world.dialogue.feedback_published_at = world.dialogue.created_at
    db.session.commit()
    feedback = get_json(client, f"/api/v1/dialogues/{world.dialogue.id}")["feedback"]
    assert feedback["heard_html"] == "<p>Ni vill ha bänkar.</p>\n"


def test_a_plan_with_its_challenges_commitments_and_actions(client, world):
    listed = get_json(client, "/api/v1/plans")["data"]
    assert [p["id"] for p in listed] == [world.plan.id]
    detail = get_json(client, listed[0]["url"])
    assert detail["registry_number"] == world.plan.registry_number
    assert detail["status"] == "adopted"
    [challenge] = detail["challenges"]
    [commitment] = challenge["commitments"]
    [action] = commitment["actions"]
    assert action["id"] == world.action.id
    # The hidden and unreviewed proposals linked to it are not counted.
    assert action["linked_proposal_count"] == 1
    assert action["linked_dialogue_count"] == 1


def test_an_action_with_its_place_links_and_updates(client, world):
    detail = get_json(client, f"/api/v1/actions/{world.action.id}")
    assert detail["plan"]["id"] == world.plan.id
    assert detail["commitment"]["id"] == world.action.commitment_id
    assert detail["linked_proposals"]["total"] == 1
    assert [p["reference"] for p in detail["linked_proposals"]["items"]] == [
        world.proposal.reference]
    assert detail["linked_dialogues"]["total"] == 1
    assert [d["id"] for d in detail["linked_dialogues"]["items"]] == [world.dialogue.id]
    everything = get_json(client, detail["linked_proposals"]["all_url"])["data"]
    assert [p["reference"] for p in everything] == [world.proposal.reference]
    dialogues = get_json(client, detail["linked_dialogues"]["all_url"])["data"]
    assert [d["id"] for d in dialogues] == [world.dialogue.id]
    assert detail["updates"] == []


def test_an_action_with_many_links_shows_the_newest_fifty_and_the_total(client, make, pf,
                                                                        plf, world):
    author = make.user()
    for _ in range(60):
        plf.proposal_link(pf.proposal(author, commit=False), world.action, commit=False)
    db.session.commit()
    linked = get_json(client, f"/api/v1/actions/{world.action.id}")["linked_proposals"]
    assert linked["total"] == 61
    assert len(linked["items"]) == 50


def test_answers_allow_other_sites_to_read_them(client):
    response = client.get("/api/v1/proposals")
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_the_openapi_document_is_served(client):
    document = get_json(client, "/api/v1/openapi.json")
    assert document["openapi"].startswith("3.")
    assert "/api/v1/proposals" in document["paths"]
    assert "/api/v1/stats" in document["paths"]
