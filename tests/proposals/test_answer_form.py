"""The answer form (/forslag/<ref>/besvara): decision, motivation and links to
actions of adopted plans in one step, for moderators, admins and the assigned
official."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.core.mail import OutboxMessage
from app.extensions import db
from app.plans import links
from app.plans.models import PlanStatus, ProposalActionLink
from app.proposals.models import HistoryEvent, ProposalStatus
from tests.proposals.case_helpers import audit_count, awaiting, history_events
from tests.proposals.helpers import assert_safe, reload

S = ProposalStatus
UNIT = "Samhällsbyggnadsförvaltningen"


def _url(proposal) -> str:
    return f"/forslag/{proposal.reference}/besvara"


def _form(decision="partly_accepted", motivation="Vi bygger **en** bänk i år.", rows=()):
    data = {"decision": decision, "motivation": motivation}
    for index, (action, text) in enumerate(rows):
        data[f"links-{index}-action"] = str(action.id if hasattr(action, "id") else action)
        data[f"links-{index}-motivation"] = text
    return data


def _link_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(ProposalActionLink))


def _nothing_written(proposal, status=S.UNDER_CONSIDERATION) -> None:
    proposal = reload(proposal)
    assert proposal.status == status
    assert proposal.answer is None and proposal.decision is None
    assert _link_count() == 0
    assert audit_count("proposal.answered") == 0 and audit_count("proposal.linked") == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


@pytest.fixture
def adopted(plf):
    """Two actions of an adopted plan."""
    commitment = plf.commitment(plf.plan(title="Landsbygdsplanen"))
    return (plf.action(commitment, text="Bygg fler bänkar"),
            plf.action(commitment, text="Rusta parkerna"))


def test_a_moderator_answers_with_links_in_one_step(login_as, moderator, make, pf, adopted,
                                                    outbox):
    author = make.user()
    follower = make.user()
    proposal = awaiting(pf, author=author, unit=UNIT)
    pf.follow(proposal, follower)
    first, second = adopted
    response = login_as(moderator).post(_url(proposal), data=_form(rows=[
        (first, "Bänkarna ingår i åtgärden."), (second, "Parkerna rustas samtidigt.")]))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/forslag/{proposal.reference}#svar")
    proposal = reload(proposal)
    assert (proposal.status, proposal.decision, proposal.answered_by_id) == (
        S.ANSWERED, "partly_accepted", moderator.id)
    assert (proposal.answered_by_role, proposal.answer_unit) == ("moderator", UNIT)
    assert proposal.answer == "Vi bygger **en** bänk i år."
    rows = db.session.scalars(select(ProposalActionLink).order_by(ProposalActionLink.id)).all()
    assert [(r.action_id, r.motivation) for r in rows] == [
        (first.id, "Bänkarna ingår i åtgärden."), (second.id, "Parkerna rustas samtidigt.")]
    assert len(history_events(proposal, HistoryEvent.LINKED)) == 2
    assert audit_count("proposal.answered") == 1 and audit_count("proposal.linked") == 2
    # One status e-mail each (the existing notification), no separate link e-mails.
    assert [m.kind for m in outbox(author.email)] == ["proposal_status_changed"]
    assert [m.kind for m in outbox(follower.email)] == ["proposal_status_changed"]
    assert "Vi bygger" in outbox(follower.email)[0].body
    assert outbox(moderator.email) == []


def test_the_page_shows_the_answer_who_gave_it_and_when(client, login_as, official, pf):
    proposal = awaiting(pf, official=official, unit=UNIT)
    assert login_as(official).post(_url(proposal), data=_form(
        decision="accepted", motivation="Vi gör **så**.\n\n<script>alert('x')</script>")
    ).status_code == 302
    with client.session_transaction() as session:
        session.clear()
    html = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert "Kommunens svar" in html and "Beslut: Accepterat" in html
    assert "Vi gör <strong>så</strong>." in html
    assert f"Besvarat av {official.display_name}, tjänsteperson, {UNIT} den " in html
    assert_safe(html)


def test_the_assigned_official_may_answer(login_as, official, pf, adopted):
    proposal = awaiting(pf, official=official)
    client = login_as(official)
    html = client.get(_url(proposal)).get_data(as_text=True)
    assert "Besvara förslaget" in html and "Bygg fler bänkar" in html
    assert "<optgroup" in html and "Landsbygdsplanen" in html
    assert client.post(_url(proposal), data=_form(rows=[(adopted[0], "Passar.")])
                       ).status_code == 302
    assert reload(proposal).answered_by_role == "official"
    assert _link_count() == 1


def test_another_official_may_not(login_as, official, make, pf, adopted):
    proposal = awaiting(pf, official=official)
    client = login_as(make.user("official"))
    assert client.get(_url(proposal)).status_code == 403
    assert client.post(_url(proposal), data=_form(rows=[(adopted[0], "x")])).status_code == 403
    _nothing_written(proposal)


def test_an_unassigned_proposal_cannot_be_answered_by_an_official(login_as, official, pf):
    proposal = awaiting(pf, unit=UNIT)
    assert login_as(official).post(_url(proposal), data=_form()).status_code == 403
    _nothing_written(proposal)


@pytest.mark.parametrize("role, expected", [("resident", 403), ("admin", 302),
                                            ("moderator", 302)])
def test_who_may_answer(login_as, make, pf, role, expected):
    proposal = awaiting(pf)
    assert login_as(make.user(role)).post(_url(proposal), data=_form()).status_code == expected


def test_anonymous_visitors_are_sent_to_sign_in(client, pf):
    proposal = awaiting(pf)
    for response in (client.get(_url(proposal)), client.post(_url(proposal), data=_form())):
        assert response.status_code == 302
        assert "/konto/logga-in" in response.headers["Location"]
    _nothing_written(proposal)


def test_a_published_proposal_can_be_answered_directly(login_as, moderator, pf):
    proposal = awaiting(pf, status=S.PUBLISHED)
    assert login_as(moderator).post(_url(proposal), data=_form()).status_code == 302
    assert reload(proposal).status == S.ANSWERED


@pytest.mark.parametrize("motivation, message", [
    ("", "Skriv svarets motivering."), ("   \n ", "Skriv svarets motivering."),
    ("x" * 5001, "Skriv högst 5000 tecken."),
])
def test_a_missing_or_too_long_motivation_writes_nothing(login_as, moderator, pf, adopted,
                                                         motivation, message):
    proposal = awaiting(pf)
    response = login_as(moderator).post(_url(proposal), data=_form(
        motivation=motivation, rows=[(adopted[0], "Bra koppling.")]))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True).replace("\u00a0", "")
    _nothing_written(proposal)


@pytest.mark.parametrize("decision", ["", "maybe", "<script>", "x" * 500])
def test_a_missing_or_unknown_decision_writes_nothing(login_as, moderator, pf, decision):
    proposal = awaiting(pf)
    response = login_as(moderator).post(_url(proposal), data=_form(decision=decision))
    assert response.status_code == 400
    assert "Välj ett beslut" in response.get_data(as_text=True)
    _nothing_written(proposal)


@pytest.mark.parametrize("action_id", ["999999", "abc", "0", "-3", "99999999999999999999"])
def test_an_unknown_action_writes_nothing(login_as, moderator, pf, adopted, action_id):
    proposal = awaiting(pf)
    response = login_as(moderator).post(_url(proposal), data=_form(rows=[
        (adopted[0], "Den här är bra."), (action_id, "Den här finns inte.")]))
    assert response.status_code == 400
    assert "Välj en åtgärd i listan." in response.get_data(as_text=True)
    _nothing_written(proposal)


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.CONSULTATION,
                                    PlanStatus.EXPIRED])
def test_an_action_of_a_plan_that_is_not_adopted_writes_nothing(login_as, moderator, pf, plf,
                                                                adopted, status):
    draft = plf.action(plf.commitment(plf.plan(status=status)), text="Utkaståtgärd")
    proposal = awaiting(pf)
    client = login_as(moderator)
    assert "Utkaståtgärd" not in client.get(_url(proposal)).get_data(as_text=True)
    response = client.post(_url(proposal), data=_form(rows=[
        (adopted[0], "Bra."), (draft, "Från ett utkast.")]))
    assert response.status_code == 400
    assert "Bara åtgärder i antagna styrdokument" in response.get_data(as_text=True)
    _nothing_written(proposal)


def test_a_row_needs_both_an_action_and_a_motivation(login_as, moderator, pf, adopted):
    proposal = awaiting(pf)
    client = login_as(moderator)
    response = client.post(_url(proposal), data=_form(rows=[(adopted[0], "")]))
    assert response.status_code == 400
    assert "Skriv en motivering. Den visas öppet tillsammans med kopplingen." in response.get_data(
        as_text=True)
    response = client.post(_url(proposal), data=_form(rows=[("", "Motivering utan åtgärd")]))
    assert response.status_code == 400
    assert "Välj en åtgärd, eller töm motiveringen" in response.get_data(as_text=True)
    _nothing_written(proposal)


def test_the_same_action_twice_writes_nothing(login_as, moderator, pf, adopted):
    proposal = awaiting(pf)
    response = login_as(moderator).post(_url(proposal), data=_form(rows=[
        (adopted[0], "En gång."), (adopted[0], "Två gånger.")]))
    assert response.status_code == 400
    assert "Välj varje åtgärd en gång." in response.get_data(as_text=True)
    _nothing_written(proposal)


def test_a_too_long_link_motivation_writes_nothing(login_as, moderator, pf, adopted):
    proposal = awaiting(pf)
    response = login_as(moderator).post(_url(proposal), data=_form(rows=[
        (adopted[0], "x" * 2001)]))
    assert response.status_code == 400
    _nothing_written(proposal)


def test_a_link_refused_after_the_answer_leaves_nothing_written(login_as, moderator, pf,
                                                                adopted, monkeypatch):
    """All or nothing: the status change is rolled back with the refused link."""
    proposal = awaiting(pf)
    real = links.link_proposal
    calls = []

    def failing_second(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise links.LinkError("Kopplingen nekades.", field="motivation")
        return real(*args, **kwargs)

    monkeypatch.setattr(links, "link_proposal", failing_second)
    response = login_as(moderator).post(_url(proposal), data=_form(rows=[
        (adopted[0], "Första."), (adopted[1], "Andra.")]))
    assert response.status_code == 400
    assert "Kopplingen nekades." in response.get_data(as_text=True)
    _nothing_written(proposal)
    assert history_events(proposal, HistoryEvent.LINKED) == []


def test_a_double_submit_answers_and_links_once(login_as, moderator, make, pf, adopted, outbox):
    author = make.user()
    proposal = awaiting(pf, author=author)
    client = login_as(moderator)
    data = _form(rows=[(adopted[0], "Passar bra.")])
    assert client.post(_url(proposal), data=data).status_code == 302
    second = client.post(_url(proposal), data=data)
    assert second.status_code == 302
    assert _link_count() == 1
    answered = [e for e in history_events(proposal, HistoryEvent.STATUS)
                if e.to_status == S.ANSWERED]
    assert len(answered) == 1
    assert audit_count("proposal.answered") == 1
    assert len(outbox(author.email)) == 1


def test_a_different_answer_to_an_answered_proposal_is_refused(login_as, moderator, pf):
    proposal = awaiting(pf)
    client = login_as(moderator)
    assert client.post(_url(proposal), data=_form()).status_code == 302
    html = client.get(_url(proposal)).get_data(as_text=True)
    assert "Förslaget är redan besvarat." in html and "<textarea" not in html
    response = client.post(_url(proposal), data=_form(decision="rejected",
                                                      motivation="Nej ändå."))
    assert response.status_code == 400
    assert reload(proposal).decision == "partly_accepted"


def test_unknown_references_are_404(login_as, moderator):
    client = login_as(moderator)
    assert client.get("/forslag/F-2026-9999/besvara").status_code == 404
    assert client.post("/forslag/F-2026-9999/besvara", data=_form()).status_code == 404
    assert client.get("/forslag/" + "x" * 300 + "/besvara").status_code == 404


def test_a_hidden_proposal_is_404_for_its_assigned_official(login_as, official, pf):
    proposal = awaiting(pf, official=official, status=S.HIDDEN)
    assert login_as(official).get(_url(proposal)).status_code == 404


def test_already_linked_actions_are_not_offered_again(login_as, moderator, pf, plf, adopted):
    proposal = awaiting(pf)
    plf.proposal_link(proposal, adopted[0])
    html = login_as(moderator).get(_url(proposal)).get_data(as_text=True)
    assert f'<option value="{adopted[0].id}"' not in html
    assert f'<option value="{adopted[1].id}"' in html
    assert "Redan kopplade åtgärder" in html


def test_the_answer_link_shows_only_for_those_who_may_answer(login_as, official, make, pf):
    proposal = awaiting(pf, official=official)
    assert _url(proposal) in login_as(official).get(
        f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert _url(proposal) not in login_as(make.user("official")).get(
        f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert _url(proposal) not in login_as(make.user()).get(
        f"/forslag/{proposal.reference}").get_data(as_text=True)
