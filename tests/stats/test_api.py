"""GET /api/v1/stats: the page's figures as JSON, for the same period parameters."""

from __future__ import annotations

import pytest

from tests.stats.fixtures import QUERY, build
from tests.stats.test_figures import EXPECTED


@pytest.fixture
def world(make, pf, of, df, plf):
    return build(make, pf, of, df, plf)


def _as_expected(group: dict) -> dict:
    """The API's group in the shape of EXPECTED."""
    dialogues, answers, actions = group["dialogues"], group["answers"], group["actions"]
    return dict(
        proposals=group["proposals"]["by_status"],
        resident_supports=group["supports"]["from_people"],
        organisation_supports=group["supports"]["from_organisations"],
        comments=group["comments"],
        participants={key: value for key, value in group["participants"].items()
                      if key != "total"},
        meetings=(dialogues["dialogues_with_meetings"], dialogues["meetings_held"],
                  dialogues["attendance"], dialogues["meetings_with_attendance"]),
        public=actions["published_proposals"], linked=actions["linked_to_actions"],
        actions_done=actions["actions_done"],
        answered=(answers["answered"], answers["within_deadline"]))


def test_the_api_gives_the_hand_counted_figures(client, world):
    response = client.get(f"/api/v1/stats?{QUERY}")
    assert response.status_code == 200
    data = response.get_json()
    assert data["period"] == {"start": "2026-01-01", "end": "2026-06-30", "year": None}
    got = {row["community"]["name"]: _as_expected(row) for row in data["communities"]}
    got["whole"] = _as_expected(data["whole_municipality"])
    got["total"] = _as_expected(data["total"])
    assert got == EXPECTED
    total = data["total"]
    assert total["proposals"]["sent_in"] == 6
    assert total["supports"]["total"] == 6
    assert total["participants"]["total"] == 7
    assert total["actions"]["share_linked"] == 0.5
    norrby = next(row for row in data["communities"] if row["community"]["name"] == "Norrby")
    assert norrby["answers"]["median_days"] == 10
    assert norrby["answers"]["share_within_deadline"] == 1
    assert norrby["actions"]["share_linked"] == 0.3333
    assert [row["community"]["name"] for row in data["communities"] if row["few_heard"]] == [
        "Östby"]
    assert data["few_heard"] == {"median_participants": 2, "below": 1}
    assert [row["archived"] for row in data["communities"]] == [False] * 4 + [True]
    assert data["html_url"].endswith(f"/statistik?{QUERY}")


def test_a_year_and_the_default_period(client, world):
    data = client.get("/api/v1/stats?year=2026").get_json()
    assert data["period"] == {"start": "2026-01-01", "end": "2026-12-31", "year": 2026}
    assert data["html_url"].endswith("/statistik?year=2026")
    default = client.get("/api/v1/stats").get_json()
    assert default["period"]["year"] is None


def test_the_page_and_the_api_agree(client, world):
    """The page's total row and the API's total, for the same parameters."""
    html = client.get(f"/statistik?{QUERY}").get_data(as_text=True)
    data = client.get(f"/api/v1/stats?{QUERY}").get_json()
    from tests.stats.test_page import row_of, tables

    row = row_of(tables(html)["Deltagare per lokalsamhälle"], "Hela kommunen, totalt")
    participants = data["total"]["participants"]
    assert row[1:] == [str(participants[key]) for key in (
        "residents", "businesses", "associations", "other_organisations", "total")]


@pytest.mark.parametrize("query, parameter", [
    ("start=abc", "start"), ("end=2026-02-30", "end"), ("start=1999-12-31", "start"),
    ("start=2026-06-01&end=2026-01-01", "start"), ("year=99", "year"),
    ("year=2026&end=2026-03-01", "year"), ("year=2026&year=2025", "year"),
    ("start=2026-01-01%00", "start"), ("start=" + "1" * 3000, "start"),
])
def test_a_bad_period_is_a_400_naming_the_parameter(client, query, parameter):
    response = client.get(f"/api/v1/stats?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_parameter" and error["parameter"] == parameter
    assert error["message"]
