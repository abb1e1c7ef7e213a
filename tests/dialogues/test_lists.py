"""/dialoger filtered by community, status and target group; the community page
and the front page show dialogues and upcoming meetings; fixed query counts."""

from __future__ import annotations

import re

import pytest

from app.dialogues import services
from app.dialogues.models import dialogue_partner, dialogue_responsible
from app.extensions import db


def _titles(html: str) -> set[str]:
    return set(re.findall(r"(Lista-\w+)", html))


@pytest.fixture
def listed(make, df):
    north, south = make.community("Norrby", slug="norrby"), make.community("Söderby",
                                                                           slug="soderby")
    df.dialogue(title="Lista-norr", community=north, status="open",
                target_groups=("residents", "young"))
    df.dialogue(title="Lista-soder", community=south, status="planned",
                target_groups=("entrepreneurs",))
    df.dialogue(title="Lista-hela", status="feedback_published",
                target_groups=("residents",))
    return north, south


def test_the_list_shows_every_dialogue(client, listed):
    response = client.get("/dialoger")
    assert response.status_code == 200
    assert _titles(response.get_data(as_text=True)) == {"Lista-norr", "Lista-soder",
                                                        "Lista-hela"}


@pytest.mark.parametrize(("query", "expected"), [
    ("status=open", {"Lista-norr"}),
    ("status=planned", {"Lista-soder"}),
    ("status=feedback_published", {"Lista-hela"}),
    ("status=closed", set()),
    ("target_group=residents", {"Lista-norr", "Lista-hela"}),
    ("target_group=entrepreneurs", {"Lista-soder"}),
    ("target_group=young&status=open", {"Lista-norr"}),
    ("community=hela-kommunen", {"Lista-hela"}),
    # Unknown values are ignored rather than failing.
    ("status=hacked", {"Lista-norr", "Lista-soder", "Lista-hela"}),
    ("target_group=aliens", {"Lista-norr", "Lista-soder", "Lista-hela"}),
    ("community=99999999999999999999", {"Lista-norr", "Lista-soder", "Lista-hela"}),
])
def test_the_list_filters(client, listed, query, expected):
    response = client.get(f"/dialoger?{query}")
    assert response.status_code == 200
    assert _titles(response.get_data(as_text=True)) == expected


def test_the_list_filters_by_community(client, listed):
    north, south = listed
    assert _titles(client.get(f"/dialoger?community={north.id}").get_data(as_text=True)) \
        == {"Lista-norr"}
    assert _titles(client.get(f"/dialoger?community={south.id}").get_data(as_text=True)) \
        == {"Lista-soder"}


def test_the_community_page_shows_its_dialogues_and_meetings(client, df, listed):
    north, _south = listed
    dialogue = df.dialogue(title="Lista-norrtva", community=north, status="planned")
    df.meeting(dialogue, title="Norrmötet")

    response = client.get("/lokalsamhallen/norrby")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _titles(html) == {"Lista-norr", "Lista-norrtva"}
    assert "Norrmötet" in html
    assert "kalender.ics?lokalsamhalle=norrby" in html


def test_the_front_page_shows_open_dialogues_and_upcoming_meetings(client, df, listed):
    planned = df.dialogue(title="Lista-planerad", status="planned")
    df.meeting(planned, title="Kommande-möte")
    finished = df.dialogue(title="Lista-klar", status="closed")
    df.meeting(finished, title="Stängt-möte")

    html = client.get("/").get_data(as_text=True)

    assert "Lista-norr" in html
    assert "Lista-soder" not in html and "Lista-hela" not in html and "Lista-klar" not in html
    assert "Kommande-möte" in html and "Stängt-möte" not in html


def test_hostile_text_is_escaped_in_lists(client, make, df):
    df.dialogue(title="<script>alert('list')</script>", status="open")
    html = client.get("/dialoger").get_data(as_text=True)
    assert "<script>alert('list')</script>" not in html
    html = client.get("/").get_data(as_text=True)
    assert "<script>alert('list')</script>" not in html


def _populate(make, df, of, pf, size: int) -> int:
    dialogue_id = 0
    for n in range(size):
        community = make.community()
        dialogue = df.dialogue(community=community, status="open",
                               target_groups=("residents", "young"))
        dialogue_id = dialogue_id or dialogue.id
        partner = of.organisation()
        dialogue.partners = [partner]
        dialogue.responsible = [make.user("moderator")]
        db.session.commit()
        for _ in range(2):
            meeting = df.meeting(dialogue)
            meeting.organisations_present = [partner]
            services.register(meeting, make.user())
            db.session.commit()
        past = df.meeting(dialogue, days_ahead=-3)
        past.attendees = n
        past.organisations_present = [partner]
        db.session.commit()
        proposal = pf.proposal(community=community, commit=False)
        proposal.dialogue_id = dialogue.id
        proposal.source_meeting_id = past.id if n % 2 else None
        db.session.commit()
    return dialogue_id


def _queries(count_queries, client, url: str) -> int:
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count


@pytest.mark.parametrize("who", ["anonymous", "resident", "moderator"])
def test_the_list_and_dialogue_pages_have_a_fixed_number_of_queries(
        client, make, df, of, pf, login_as, count_queries, who):
    if who != "anonymous":
        login_as(make.user(who))

    first = _populate(make, df, of, pf, 2)
    small = {url: _queries(count_queries, client, url)
             for url in ("/dialoger", f"/dialoger/{first}", "/")}
    _populate(make, df, of, pf, 6)
    large = {url: _queries(count_queries, client, url)
             for url in ("/dialoger", f"/dialoger/{first}", "/")}

    assert large == small


def _grow(make, df, of, pf, dialogue, viewer, size: int) -> None:
    for _ in range(size):
        partner = of.organisation()
        db.session.execute(dialogue_partner.insert().values(dialogue_id=dialogue.id,
                                                            organisation_id=partner.id))
        db.session.execute(dialogue_responsible.insert().values(
            dialogue_id=dialogue.id, user_id=make.user("moderator").id))
        db.session.commit()
        meeting = df.meeting(dialogue)
        services.register(meeting, viewer or make.user())
        past = df.meeting(dialogue, days_ahead=-2)
        past.attendees = 3
        past.organisations_present = [partner]
        proposal = pf.proposal(commit=False)
        proposal.dialogue_id = dialogue.id
        proposal.source_meeting_id = past.id
        db.session.commit()


@pytest.mark.parametrize("who", ["anonymous", "resident", "moderator"])
def test_a_dialogue_page_has_a_fixed_number_of_queries_however_much_it_holds(
        client, make, df, of, pf, login_as, count_queries, who):
    viewer = None if who == "anonymous" else make.user(who)
    if viewer is not None:
        login_as(viewer)
    dialogue = df.dialogue(status="feedback_published")
    dialogue.feedback_heard, dialogue.feedback_next = "Hört", "Sedan"
    dialogue.feedback_published_at = dialogue.created_at
    db.session.commit()
    url = f"/dialoger/{dialogue.id}"

    _grow(make, df, of, pf, dialogue, viewer, 1)
    small = _queries(count_queries, client, url)
    _grow(make, df, of, pf, dialogue, viewer, 4)
    large = _queries(count_queries, client, url)

    assert large == small


def test_front_and_community_pages_show_the_newest_six_dialogues(client, make, df):
    """With hundreds of dialogues the pages stay light; /dialoger has them all."""
    north = make.community("Norrby", slug="norrby")
    for n in range(8):
        df.dialogue(title=f"Lista-d{n}", community=north, status="open")

    front = client.get("/").get_data(as_text=True)
    community = client.get("/lokalsamhallen/norrby").get_data(as_text=True)

    newest = {f"Lista-d{n}" for n in range(2, 8)}
    assert _titles(front) == newest
    assert _titles(community) == newest
    assert f'href="/dialoger?community={north.id}"' in community
    assert _titles(client.get(f"/dialoger?community={north.id}").get_data(as_text=True)) == \
        {f"Lista-d{n}" for n in range(8)}


def test_the_list_comes_in_pages_of_twenty_and_keeps_the_filter(client, make, df):
    north = make.community("Norrby", slug="norrby")
    for n in range(23):
        df.dialogue(title=f"Lista-n{n:02d}", community=north, status="open")
    df.dialogue(title="Lista-annan", status="open")

    first = client.get(f"/dialoger?community={north.id}").get_data(as_text=True)
    assert len(_titles(first)) == 20
    assert "23 inflytandedialoger" in first
    assert "Sida 1 av 2" in first
    assert f'href="/dialoger?community={north.id}&amp;page=2"' in first

    second = client.get(f"/dialoger?community={north.id}&page=2").get_data(as_text=True)
    assert len(_titles(second)) == 3
    assert _titles(first).isdisjoint(_titles(second))
    assert "Lista-annan" not in first + second


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99", "9999999999", ""])
def test_a_page_number_out_of_range_or_not_a_number_shows_a_page(client, make, df, page):
    for n in range(3):
        df.dialogue(title=f"Lista-p{n}", status="open")
    response = client.get(f"/dialoger?page={page}")
    assert response.status_code == 200
    assert _titles(response.get_data(as_text=True)) == {"Lista-p0", "Lista-p1", "Lista-p2"}
