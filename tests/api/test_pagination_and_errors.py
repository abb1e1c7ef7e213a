"""Cursor pages and the answers to bad requests: 400 for a parameter that cannot
be used, 404 for what does not exist or is not public, JSON errors, never a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from app.core.models import utcnow
from app.extensions import db
from app.proposals.models import Proposal


def all_pages(client, url: str) -> list[list[str]]:
    pages = []
    while url:
        answer = client.get(url)
        assert answer.status_code == 200, answer.get_data(as_text=True)
        body = answer.get_json()
        pages.append([item.get("reference", item.get("id")) for item in body["data"]])
        url = body["links"]["next"]
    return pages


@pytest.mark.parametrize("sort", ["newest", "supports", "comments", "answered"])
def test_pages_with_equal_sort_keys_neither_repeat_nor_skip(client, make, pf, sort):
    author = make.user()
    proposals = [pf.proposal(author, commit=False) for _ in range(7)]
    db.session.flush()
    same_time = utcnow().replace(microsecond=0)
    # Every key equal, except one of each that is missing or greater.
    db.session.execute(update(Proposal).values(
        published_at=same_time, answered_at=same_time, support_count=3, comment_count=3))
    proposals[2].published_at = same_time + timedelta(hours=1)
    proposals[4].answered_at = None
    proposals[5].support_count = 9
    db.session.commit()

    pages = all_pages(client, f"/api/v1/proposals?sort={sort}&limit=2")

    assert [len(page) for page in pages] == [2, 2, 2, 1]
    seen = [reference for page in pages for reference in page]
    assert sorted(seen) == sorted(p.reference for p in proposals)
    assert len(set(seen)) == 7


def test_new_items_do_not_shift_the_pages_still_to_read(client, make, pf):
    author = make.user()
    first = [pf.proposal(author).reference for _ in range(4)]
    page = client.get("/api/v1/proposals?limit=2").get_json()
    pf.proposal(author)  # newest: would push everything one place on with offsets
    rest = all_pages(client, page["links"]["next"])
    assert [r for p in rest for r in p] == list(reversed(first))[2:]


def test_the_next_link_keeps_the_filters(client, make, pf):
    norrby = make.community()
    for _ in range(3):
        pf.proposal(community=norrby)
    pf.proposal()
    body = client.get(f"/api/v1/proposals?community={norrby.id}&limit=2").get_json()
    assert f"community={norrby.id}" in body["links"]["next"]
    assert body["meta"] == {"limit": 2}
    assert sum(len(p) for p in all_pages(client, body["links"]["next"])) == 1


def test_dialogues_and_plans_are_paged_too(client, df, plf):
    dialogues = [df.dialogue().id for _ in range(3)]
    plans = [plf.plan().id for _ in range(3)]
    assert all_pages(client, "/api/v1/dialogues?limit=2") == [dialogues[:0:-1], dialogues[:1]]
    assert all_pages(client, "/api/v1/plans?limit=2") == [plans[:0:-1], plans[:1]]


def test_filters_of_the_proposal_list(client, make, pf):
    norrby, theme = make.community(), pf.theme()
    wanted = pf.proposal(community=norrby, theme_=theme, title="Belysning längs cykelvägen",
                         status="under_consideration")
    pf.proposal(community=norrby, title="Belysning i parken")
    whole = pf.proposal(theme_=theme, title="Något annat")

    def references(query: str) -> list[str]:
        return [p["reference"] for p in client.get(f"/api/v1/proposals?{query}").get_json()[
            "data"]]

    assert references(f"community={norrby.id}&theme={theme.id}") == [wanted.reference]
    assert references("status=under_consideration") == [wanted.reference]
    assert references("q=cykelvägen") == [wanted.reference]
    assert references("community=hela-kommunen") == [whole.reference]
    assert references("community=999999") == []
    assert references("status=&theme=") != []  # empty values are no filter


def _first_page_cursor(client, pf, url: str = "/api/v1/proposals?limit=1") -> str:
    pf.proposal()
    pf.proposal()
    return client.get(url).get_json()["links"]["next"].split("cursor=")[1]


@pytest.mark.parametrize("tamper", [
    lambda cursor: cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB"),
    lambda cursor: "x" + cursor,
    lambda cursor: cursor.split(".")[0],
    lambda cursor: "eyJrIjoicHJvcG9zYWxzOm5ld2VzdCIsInYiOm51bGwsImkiOjF9.forged",
    lambda cursor: "a" * 600,
])
def test_a_tampered_cursor_is_a_400(client, pf, tamper):
    cursor = _first_page_cursor(client, pf)
    response = client.get(f"/api/v1/proposals?limit=1&cursor={tamper(cursor)}")
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == "cursor"


def test_a_cursor_of_another_order_or_list_is_a_400(client, pf, df):
    cursor = _first_page_cursor(client, pf)
    assert client.get(f"/api/v1/proposals?sort=supports&cursor={cursor}").status_code == 400
    assert client.get(f"/api/v1/dialogues?cursor={cursor}").status_code == 400


@pytest.mark.parametrize("query, parameter", [
    ("limit=0", "limit"), ("limit=101", "limit"), ("limit=abc", "limit"), ("limit=-1", "limit"),
    ("limit=1e3", "limit"), ("limit=٣", "limit"),
    ("theme=x", "theme"), ("theme=99999999999999999999", "theme"),
    ("community=norrby", "community"),
    ("community=-1", "community"), ("status=hidden", "status"), ("status=submitted", "status"),
    ("sort=oldest", "sort"), ("q=" + "a" * 201, "q"), ("q=%00", "q"), ("q=a%0Ab", "q"),
    ("dialogue=0", "dialogue"), ("action=2147483648", "action"), ("limit=1&limit=2", "limit"),
    ("cursor=%00", "cursor"),
])
def test_bad_parameters_are_a_400_that_names_them(client, query, parameter):
    response = client.get(f"/api/v1/proposals?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_parameter"
    assert error["parameter"] == parameter
    assert error["status"] == 400
    assert parameter in error["message"]


@pytest.mark.parametrize("query, parameter", [
    ("status=gone", "status"), ("target_group=aliens", "target_group"),
    ("community=x", "community"), ("limit=500", "limit"), ("action=x", "action"),
])
def test_bad_dialogue_filters_are_a_400(client, query, parameter):
    response = client.get(f"/api/v1/dialogues?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == parameter


def test_errors_are_in_swedish_by_default_and_in_english_when_chosen(client):
    swedish = client.get("/api/v1/proposals?limit=0").get_json()["error"]["message"]
    assert "heltal" in swedish
    client.set_cookie("lang", "en")
    english = client.get("/api/v1/proposals?limit=0").get_json()["error"]["message"]
    assert english == "limit must be a whole number from 1 to 100."


@pytest.mark.parametrize("url", [
    "/api/v1/proposals/F-1999-0001", "/api/v1/proposals/%00", "/api/v1/proposals/" + "F" * 30,
    "/api/v1/proposals/<script>", "/api/v1/dialogues/999999", "/api/v1/dialogues/0",
    "/api/v1/dialogues/99999999999999999999", "/api/v1/dialogues/abc", "/api/v1/plans/999999",
    "/api/v1/plans/99999999999", "/api/v1/actions/999999", "/api/v1/actions/99999999999",
    "/api/v1/nothing-here", "/api/v2/proposals",
])
def test_unknown_items_are_a_404_json_error(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["code"] == "not_found"
    assert error["message"]


def test_other_methods_are_a_405_json_error(client):
    response = client.post("/api/v1/proposals")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
