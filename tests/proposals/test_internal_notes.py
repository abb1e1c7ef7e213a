"""Internal notes on a proposal: written and read by moderators, officials and
admins only; never on public pages, feeds, lists or the author's view; part
of the writer's own-data export."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.proposals.models import ProposalNote, ProposalStatus
from tests.proposals.case_helpers import awaiting
from tests.proposals.helpers import assert_safe, key

S = ProposalStatus
SECRET = "Ring förvaltningen om budgeten innan svaret"


def _note(client, proposal, body=SECRET, submission_key=None):
    return client.post(f"/forslag/{proposal.reference}/anteckningar",
                       data={"body": body, "submission_key": submission_key or key()})


def _count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(ProposalNote))


@pytest.mark.parametrize("role", ["moderator", "official", "admin"])
def test_staff_add_notes_and_see_them_with_author_and_time(login_as, make, pf, role):
    writer = make.user(role, display_name="Anna Anteckning")
    proposal = awaiting(pf)
    client = login_as(writer)
    response = _note(client, proposal, "Första **anteckningen**.")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#anteckningar")
    note = db.session.scalars(select(ProposalNote)).one()
    assert (note.proposal_id, note.author_id, note.body) == (
        proposal.id, writer.id, "Första **anteckningen**.")
    html = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert "Interna anteckningar" in html and "Anna Anteckning" in html
    assert "Första <strong>anteckningen</strong>." in html
    assert f'datetime="{note.created_at.isoformat()}"' in html


def test_notes_are_listed_oldest_first(login_as, moderator, official, pf):
    proposal = awaiting(pf)
    _note(login_as(moderator), proposal, "Anteckning ett")
    _note(login_as(official), proposal, "Anteckning två")
    html = login_as(moderator).get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert html.index("Anteckning ett") < html.index("Anteckning två")


def test_residents_cannot_write_notes(login_as, resident, pf):
    proposal = awaiting(pf)
    assert _note(login_as(resident), proposal).status_code == 403
    assert _count() == 0


def test_anonymous_visitors_cannot_write_notes(client, pf):
    response = _note(client, awaiting(pf))
    assert response.status_code == 302 and "/konto/logga-in" in response.headers["Location"]
    assert _count() == 0


def test_notes_never_reach_public_pages_feeds_or_the_author(client, login_as, moderator, make,
                                                            pf):
    author = make.user()
    community = make.community("Norrby", slug="norrby")
    proposal = awaiting(pf, author=author, community=community)
    _note(login_as(moderator), proposal)
    pages = [f"/forslag/{proposal.reference}", "/forslag", "/forslag.atom",
             "/lokalsamhallen/norrby", "/lokalsamhallen/norrby/forslag.atom",
             "/forslag?q=budgeten", "/statistik"]
    for viewer in (None, author, make.user()):
        with client.session_transaction() as session:
            session.clear()
        if viewer is not None:
            login_as(viewer)
        for url in pages + ["/konto/mina-forslag"] * (viewer is not None):
            html = client.get(url).get_data(as_text=True)
            assert SECRET not in html, (viewer, url)
            assert "Interna anteckningar" not in html
    # The author's own-data export does not carry others' notes about the proposal.
    with client.session_transaction() as session:
        session.clear()
    assert SECRET not in login_as(author).get("/konto/mina-uppgifter.json").get_data(
        as_text=True)


def test_the_writer_finds_their_notes_in_their_own_data(login_as, official, pf):
    proposal = awaiting(pf)
    client = login_as(official)
    _note(client, proposal)
    data = json.loads(client.get("/konto/mina-uppgifter.json").get_data(as_text=True))
    [note] = data["internal_notes"]
    assert (note["proposal"], note["body"]) == (proposal.reference, SECRET)
    assert note["created_at"]


@pytest.mark.parametrize("body, message", [
    ("", "Skriv anteckningen innan du sparar den."),
    ("  \n\t ", "Skriv anteckningen innan du sparar den."),
    ("x" * 5001, "Skriv högst 5000 tecken."),
])
def test_empty_or_too_long_notes_are_refused(login_as, moderator, pf, body, message):
    proposal = awaiting(pf)
    response = _note(login_as(moderator), proposal, body)
    assert response.status_code == 400
    html = response.get_data(as_text=True).replace("\u00a0", "")
    assert message in html
    assert "Anteckningen sparades inte" in html
    assert _count() == 0


@pytest.mark.parametrize("submission_key", ["", "short", "x" * 65, "<script>alert(1)</script>"])
def test_a_bad_submission_key_is_refused(login_as, moderator, pf, submission_key):
    proposal = awaiting(pf)
    response = login_as(moderator).post(f"/forslag/{proposal.reference}/anteckningar",
                                        data={"body": SECRET, "submission_key": submission_key})
    assert response.status_code == 400
    assert _count() == 0


def test_hostile_html_in_a_note_is_made_harmless(login_as, moderator, pf):
    proposal = awaiting(pf)
    _note(login_as(moderator), proposal, "<script>alert('x')</script><img src=x onerror=alert(1)>")
    html = login_as(moderator).get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert_safe(html)


def test_a_double_submit_adds_one_note(login_as, moderator, pf):
    proposal = awaiting(pf)
    client = login_as(moderator)
    same = key()
    assert _note(client, proposal, submission_key=same).status_code == 302
    assert _note(client, proposal, submission_key=same).status_code == 302
    assert _count() == 1


def test_someone_elses_key_is_refused(login_as, moderator, official, pf):
    proposal = awaiting(pf)
    same = key()
    _note(login_as(moderator), proposal, submission_key=same)
    response = _note(login_as(official), proposal, "Annan text", submission_key=same)
    assert response.status_code == 400
    assert _count() == 1


def test_unknown_references_are_404(login_as, moderator):
    assert _note(login_as(moderator), type("P", (), {"reference": "F-2026-9999"})
                 ).status_code == 404
    assert login_as(moderator).post("/forslag/" + "x" * 300 + "/anteckningar",
                                    data={"body": "x"}).status_code == 404


def test_officials_cannot_note_proposals_hidden_from_them(login_as, official, moderator, pf):
    proposal = awaiting(pf, status=S.SUBMITTED)
    assert _note(login_as(official), proposal).status_code == 404
    assert _note(login_as(moderator), proposal).status_code == 302


def test_notes_cannot_be_edited_or_deleted(app):
    rules = [rule.rule for rule in app.url_map.iter_rules() if "anteckning" in rule.rule]
    assert rules == ["/forslag/<reference>/anteckningar"]


def test_the_proposal_page_does_not_grow_with_notes(login_as, moderator, pf, count_queries):
    proposal = awaiting(pf)
    client = login_as(moderator)
    url = f"/forslag/{proposal.reference}"
    counts = []
    for total in (1, 12):
        for n in range(total - (1 if counts else 0)):
            _note(client, proposal, f"Anteckning {n}")
        client.get(url)
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
