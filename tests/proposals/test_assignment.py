"""Assigning a proposal under consideration to an official and/or a unit
(/forslag/<ref>/tilldela), and the official's list /konto/att-besvara."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.proposals.models import HistoryEvent, ProposalStatus
from tests.proposals.case_helpers import audit_count, awaiting, history_events
from tests.proposals.helpers import assert_safe, reload

S = ProposalStatus
UNIT = "Samhällsbyggnadsförvaltningen"


def _assign(client, proposal, official="", unit=""):
    return client.post(f"/forslag/{proposal.reference}/tilldela",
                       data={"official": str(official), "unit": unit})


def test_a_moderator_assigns_to_an_official_and_a_unit(login_as, moderator, official, pf,
                                                       outbox):
    proposal = awaiting(pf)
    response = _assign(login_as(moderator), proposal, official.id, f"  {UNIT} ")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#handlaggning")
    proposal = reload(proposal)
    assert (proposal.assigned_to_id, proposal.assigned_unit) == (official.id, UNIT)
    [entry] = history_events(proposal, HistoryEvent.ASSIGNED)
    assert (entry.actor_id, entry.assignee_id, entry.reason) == (moderator.id, official.id, UNIT)
    assert entry.from_status == entry.to_status == S.UNDER_CONSIDERATION
    assert audit_count("proposal.assigned") == 1
    [mail] = outbox(official.email)
    assert proposal.reference in mail.subject and mail.kind == "proposal_assigned"
    assert f"/forslag/{proposal.reference}/besvara" in mail.body
    assert "/konto/att-besvara" in mail.body


def test_the_assignment_page_lists_active_officials_only(login_as, moderator, official, make,
                                                        pf):
    make.user("official", display_name="Inaktiv Tjänsteperson", active=False)
    make.user("resident", display_name="Vanlig Invånare")
    html = login_as(moderator).get(
        f"/forslag/{awaiting(pf).reference}/tilldela").get_data(as_text=True)
    assert f'<option value="{official.id}">{official.display_name}</option>' in html
    assert "Inaktiv Tjänsteperson" not in html and "Vanlig Invånare" not in html


def test_a_unit_alone_is_enough_and_nobody_is_emailed(login_as, moderator, pf, outbox):
    proposal = awaiting(pf)
    assert _assign(login_as(moderator), proposal, "", UNIT).status_code == 302
    assert (reload(proposal).assigned_to_id, reload(proposal).assigned_unit) == (None, UNIT)
    assert outbox() == []
    # The unit is public on the proposal page.
    assert f"Bereds av: {UNIT}" in login_as(moderator).get(
        f"/forslag/{proposal.reference}").get_data(as_text=True)


def test_reassigning_emails_the_new_official_and_keeps_the_history(login_as, moderator,
                                                                   official, make, pf, outbox):
    other = make.user("official")
    proposal = awaiting(pf, official=official, unit=UNIT)
    assert _assign(login_as(moderator), proposal, other.id, UNIT).status_code == 302
    assert reload(proposal).assigned_to_id == other.id
    assert len(outbox(other.email)) == 1 and outbox(official.email) == []
    # Changing only the unit keeps the official, who is not e-mailed again.
    assert _assign(login_as(moderator), proposal, other.id, "Kulturförvaltningen").status_code \
        == 302
    assert len(outbox(other.email)) == 1
    assert [e.reason for e in history_events(proposal, HistoryEvent.ASSIGNED)] == [
        UNIT, "Kulturförvaltningen"]
    assert audit_count("proposal.assigned") == 2


def test_the_same_assignment_sent_twice_is_recorded_once(login_as, moderator, official, pf,
                                                         outbox):
    proposal = awaiting(pf)
    client = login_as(moderator)
    assert _assign(client, proposal, official.id, UNIT).status_code == 302
    assert _assign(client, proposal, official.id, UNIT).status_code == 302
    assert len(history_events(proposal, HistoryEvent.ASSIGNED)) == 1
    assert audit_count("proposal.assigned") == 1
    assert len(outbox(official.email)) == 1


def test_unassigning_clears_it_and_is_recorded(login_as, moderator, official, pf):
    proposal = awaiting(pf, official=official, unit=UNIT)
    client = login_as(moderator)
    response = client.post(f"/forslag/{proposal.reference}/tilldela/ta-bort")
    assert response.status_code == 302
    assert (reload(proposal).assigned_to_id, reload(proposal).assigned_unit) == (None, None)
    assert len(history_events(proposal, HistoryEvent.UNASSIGNED)) == 1
    assert audit_count("proposal.unassigned") == 1
    # Again: nothing more to remove, nothing recorded.
    assert client.post(f"/forslag/{proposal.reference}/tilldela/ta-bort").status_code == 302
    assert len(history_events(proposal, HistoryEvent.UNASSIGNED)) == 1


@pytest.mark.parametrize("role", ["resident", "moderator", "admin"])
def test_assigning_to_someone_who_is_not_an_official_is_refused(login_as, moderator, make, pf,
                                                                outbox, role):
    proposal = awaiting(pf)
    person = make.user(role, display_name="Inte Tjänsteperson")
    response = _assign(login_as(moderator), proposal, person.id, UNIT)
    assert response.status_code == 400
    assert "Inte Tjänsteperson är inte en aktiv tjänsteperson" in response.get_data(as_text=True)
    assert reload(proposal).assigned_to_id is None
    assert history_events(proposal, HistoryEvent.ASSIGNED) == []
    assert audit_count("proposal.assigned") == 0 and outbox() == []


def test_a_deactivated_official_is_refused(login_as, moderator, make, pf):
    person = make.user("official", active=False)
    response = _assign(login_as(moderator), awaiting(pf), person.id)
    assert response.status_code == 400


@pytest.mark.parametrize("value", ["999999", "0", "abc", "-1", "99999999999999999999", "1 OR 1"])
def test_unknown_officials_are_refused_with_a_clear_message(login_as, moderator, pf, value):
    proposal = awaiting(pf)
    response = _assign(login_as(moderator), proposal, value)
    assert response.status_code == 400
    assert "Välj en tjänsteperson i listan." in response.get_data(as_text=True)
    assert reload(proposal).assigned_to_id is None


def test_neither_an_official_nor_a_unit_is_refused(login_as, moderator, pf):
    response = _assign(login_as(moderator), awaiting(pf), "", "   ")
    assert response.status_code == 400
    assert "Välj en tjänsteperson, skriv en enhet eller båda." in response.get_data(as_text=True)


def test_a_too_long_unit_is_refused(login_as, moderator, official, pf):
    proposal = awaiting(pf)
    assert _assign(login_as(moderator), proposal, official.id, "x" * 121).status_code == 400
    assert reload(proposal).assigned_unit is None


def test_hostile_html_in_the_unit_is_shown_as_text(login_as, moderator, pf):
    proposal = awaiting(pf)
    _assign(login_as(moderator), proposal, "", "<script>alert('x')</script>enhet")
    html = login_as(moderator).get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert_safe(html)
    assert "&lt;script&gt;alert(" in html


@pytest.mark.parametrize("status", [S.PUBLISHED, S.ANSWERED, S.WITHDRAWN])
def test_only_proposals_under_consideration_can_be_assigned(login_as, moderator, official, pf,
                                                           status):
    proposal = awaiting(pf, status=status)
    client = login_as(moderator)
    assert "Bara ett förslag under beredning kan tilldelas" in client.get(
        f"/forslag/{proposal.reference}/tilldela").get_data(as_text=True)
    assert _assign(client, proposal, official.id, UNIT).status_code == 400
    assert reload(proposal).assigned_to_id is None


@pytest.mark.parametrize("role, expected", [("resident", 403), ("official", 403),
                                            ("admin", 302)])
def test_only_moderators_and_admins_assign(login_as, make, official, pf, role, expected):
    proposal = awaiting(pf)
    client = login_as(make.user(role))
    assert _assign(client, proposal, official.id, UNIT).status_code == expected
    assert client.post(f"/forslag/{proposal.reference}/tilldela/ta-bort").status_code in (
        expected, 302)
    if expected == 403:
        assert reload(proposal).assigned_to_id is None


def test_anonymous_visitors_are_sent_to_sign_in(client, official, pf):
    proposal = awaiting(pf)
    response = _assign(client, proposal, official.id)
    assert response.status_code == 302 and "/konto/logga-in" in response.headers["Location"]
    assert reload(proposal).assigned_to_id is None


def test_unknown_references_are_404(login_as, moderator, official):
    client = login_as(moderator)
    assert client.get("/forslag/F-2026-9999/tilldela").status_code == 404
    assert client.post("/forslag/F-2026-9999/tilldela", data={"official": official.id}
                       ).status_code == 404
    assert client.post("/forslag/F-2026-9999/tilldela/ta-bort").status_code == 404
    assert client.get("/forslag/" + "x" * 300 + "/tilldela").status_code == 404


def test_the_public_history_names_the_unit_but_not_the_official(client, login_as, moderator,
                                                                official, pf):
    proposal = awaiting(pf)
    _assign(login_as(moderator), proposal, official.id, UNIT)
    client.get("/")  # a fresh anonymous request
    with client.session_transaction() as session:
        session.clear()
    html = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert "Lämnat för svar" in html and UNIT in html
    assert official.display_name not in html
    staff_html = login_as(moderator).get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert official.display_name in staff_html


# --- "Mina förslag att besvara" -----------------------------------------------------------

def test_the_official_sees_assigned_unanswered_proposals_deadline_first(login_as, official,
                                                                        make, pf):
    later = awaiting(pf, official=official, due_in_days=40, title="Senare förslaget")
    late = awaiting(pf, official=official, due_in_days=-3, title="Försenade förslaget")
    soon = awaiting(pf, official=official, due_in_days=5, title="Snart förslaget")
    awaiting(pf, official=official, status=S.ANSWERED, title="Besvarade förslaget")
    awaiting(pf, official=make.user("official"), title="Någon annans förslag")
    awaiting(pf, official=official, due_in_days=None, title="Förslaget utan svarstid")
    html = login_as(official).get("/konto/att-besvara").get_data(as_text=True)
    positions = [html.index(p.title.split(" <")[0]) for p in (late, soon, later)]
    assert positions == sorted(positions)
    assert html.index("Förslaget utan svarstid") > positions[-1]
    assert "Besvarade förslaget" not in html and "Någon annans förslag" not in html
    # Overdue is said in words, not only by colour.
    assert "Försenat" in html and "3 dagar försenat" in html
    assert f"/forslag/{late.reference}/besvara" in html


def test_an_official_without_assignments_is_told_so(login_as, official):
    html = login_as(official).get("/konto/att-besvara").get_data(as_text=True)
    assert "Du har inga förslag att besvara just nu." in html


@pytest.mark.parametrize("role, expected", [("resident", 403), ("moderator", 200),
                                            ("admin", 200), ("official", 200)])
def test_who_reaches_the_list(login_as, make, role, expected):
    assert login_as(make.user(role)).get("/konto/att-besvara").status_code == expected


def test_anonymous_visitors_cannot_see_the_list(client):
    response = client.get("/konto/att-besvara")
    assert response.status_code == 302 and "/konto/logga-in" in response.headers["Location"]


def test_the_list_does_not_grow_in_queries(login_as, official, make, pf, count_queries):
    client = login_as(official)
    counts = []
    for size in (2, 25):
        for n in range(size - (2 if counts else 0)):
            awaiting(pf, official=official, due_in_days=n - 3, community=make.community(),
                     commit=False)
        db.session.commit()
        client.get("/konto/att-besvara")
        with count_queries() as counter:
            assert client.get("/konto/att-besvara").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 6
