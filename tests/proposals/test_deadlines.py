"""The response deadline (svarstid): when the clock starts, the setting on
/admin/forslag, what the proposal page says, and the overdue list
/moderering/forsenade."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.core.models import utcnow
from app.extensions import db
from app.proposals import services
from app.proposals.deadlines import recompute_deadlines
from app.proposals.models import ProposalStatus
from app.site.models import MunicipalitySettings
from app.site.services import get_settings, update_participation_settings
from tests.proposals.case_helpers import audit_count, awaiting
from tests.proposals.helpers import key, reload

S = ProposalStatus


def _settings(days=90, basis="published", premoderation=False, threshold=100) -> None:
    update_participation_settings(premoderation, threshold, 60, answer_days=days,
                                  answer_clock_basis=basis)
    db.session.commit()


def test_the_defaults_are_90_days_from_publication(app_context):
    settings = get_settings()
    assert (settings.answer_days, settings.answer_clock_basis) == (90, "published")


def test_the_clock_starts_at_publication(app_context, resident, pf):
    _settings(days=30)
    proposal = services.submit_proposal(resident, "Fler bänkar i parken", "Text om bänkar.",
                                        None, pf.theme().id, submission_key=key())
    db.session.commit()
    proposal = reload(proposal)
    assert proposal.answer_clock_started_at == proposal.published_at
    assert proposal.answer_due_at == proposal.published_at + timedelta(days=30)


def test_a_reviewed_proposal_gets_its_deadline_when_approved(app_context, moderator, pf):
    _settings(days=45, premoderation=True)
    proposal = pf.proposal(status=S.SUBMITTED)
    assert proposal.answer_due_at is None
    services.approve(proposal, moderator)
    db.session.commit()
    proposal = reload(proposal)
    assert proposal.answer_due_at == proposal.published_at + timedelta(days=45)


def test_hiding_and_restoring_keeps_the_deadline(app_context, moderator, pf):
    _settings()
    proposal = pf.proposal(status=S.SUBMITTED)
    services.approve(proposal, moderator)
    db.session.commit()
    due = reload(proposal).answer_due_at
    services.refuse(reload(proposal), moderator, "Granskas.")
    services.restore(reload(proposal), moderator)
    db.session.commit()
    assert reload(proposal).answer_due_at == due


def test_with_the_threshold_basis_the_clock_starts_at_the_threshold(app_context, make, pf):
    _settings(days=60, basis="threshold", threshold=2)
    proposal = pf.proposal()
    services.support(proposal, make.user())
    db.session.commit()
    assert reload(proposal).answer_due_at is None
    services.support(reload(proposal), make.user())
    db.session.commit()
    proposal = reload(proposal)
    assert proposal.status == S.UNDER_CONSIDERATION
    assert proposal.answer_clock_started_at == proposal.threshold_reached_at
    assert proposal.answer_due_at == proposal.threshold_reached_at + timedelta(days=60)


def test_with_the_threshold_basis_publication_starts_no_clock(app_context, moderator, pf):
    _settings(basis="threshold", premoderation=True)
    proposal = pf.proposal(status=S.SUBMITTED)
    services.approve(proposal, moderator)
    db.session.commit()
    assert reload(proposal).answer_due_at is None


# --- the setting and recomputing -------------------------------------------------------------

def _post_settings(client, days="90", basis="published"):
    data = {"support_threshold": "100", "support_window_days": "60", "report_threshold": "3",
            "premoderation": "y"}
    if days is not None:
        data["answer_days"] = days
    if basis is not None:
        data["answer_clock_basis"] = basis
    return client.post("/admin/forslag", data=data)


def test_the_settings_page_shows_the_deadline_fields(login_as, admin):
    html = login_as(admin).get("/admin/forslag").get_data(as_text=True)
    assert 'name="answer_days"' in html and 'value="90"' in html
    assert 'name="answer_clock_basis"' in html and "när förslaget når stödgränsen" in html


def test_changing_the_days_recomputes_open_proposals_only(login_as, admin, pf):
    published = pf.proposal()
    considered = pf.proposal(status=S.UNDER_CONSIDERATION)
    answered = pf.proposal(status=S.ANSWERED)
    hidden = pf.proposal(status=S.HIDDEN)
    old_due = utcnow() - timedelta(days=3)
    for proposal in (published, considered, answered, hidden):
        proposal.answer_clock_started_at = proposal.published_at
        proposal.answer_due_at = old_due
    hidden.published_at = utcnow()
    db.session.commit()
    assert _post_settings(login_as(admin), days="10").status_code == 302
    for proposal in (published, considered):
        proposal = reload(proposal)
        assert proposal.answer_due_at == proposal.published_at + timedelta(days=10)
    assert reload(answered).answer_due_at == old_due
    assert reload(hidden).answer_due_at == old_due
    assert audit_count("participation_settings.updated") == 1


def test_changing_the_basis_to_the_threshold_recomputes_from_it(login_as, admin, pf):
    below = pf.proposal()
    reached = pf.proposal(status=S.UNDER_CONSIDERATION)
    reached.threshold_reached_at = reached.published_at + timedelta(days=5, hours=3)
    db.session.commit()
    assert _post_settings(login_as(admin), days="20", basis="threshold").status_code == 302
    below, reached = reload(below), reload(reached)
    assert (below.answer_clock_started_at, below.answer_due_at) == (None, None)
    assert reached.answer_clock_started_at == reached.threshold_reached_at
    assert reached.answer_due_at == reached.threshold_reached_at + timedelta(days=20)
    settings = db.session.get(MunicipalitySettings, 1)
    assert (settings.answer_days, settings.answer_clock_basis) == (20, "threshold")


def test_recomputing_is_exact_to_the_microsecond(app_context, pf):
    proposal = pf.proposal()
    proposal.published_at = proposal.published_at.replace(microsecond=123456)
    db.session.commit()
    _settings(days=7)
    recompute_deadlines()
    db.session.commit()
    proposal = reload(proposal)
    assert proposal.answer_due_at == proposal.published_at + timedelta(days=7)


@pytest.mark.parametrize("days, basis", [
    ("0", "published"), ("3651", "published"), ("abc", "published"), ("", "published"),
    ("1.5", "published"), ("90", "tomorrow"), ("90", ""), ("99999999999999999999", "published"),
])
def test_bad_settings_are_refused(login_as, admin, days, basis):
    response = _post_settings(login_as(admin), days=days, basis=basis)
    assert response.status_code == 400
    assert db.session.get(MunicipalitySettings, 1) is None


def test_a_form_without_the_deadline_fields_keeps_them(login_as, admin):
    _settings(days=33, basis="threshold")
    assert _post_settings(login_as(admin), days=None, basis=None).status_code == 302
    db.session.expire_all()
    settings = db.session.get(MunicipalitySettings, 1)
    assert (settings.answer_days, settings.answer_clock_basis) == (33, "threshold")


@pytest.mark.parametrize("role", ["moderator", "official", "resident"])
def test_only_admins_change_the_deadline(login_as, make, role):
    assert _post_settings(login_as(make.user(role)), days="5").status_code == 403


# --- the proposal page ------------------------------------------------------------------------

def test_the_page_says_when_the_municipality_answers(client, pf):
    proposal = awaiting(pf, due_in_days=20)
    html = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert "Kommunen svarar senast" in html
    assert "försenat" not in html.lower()


def test_the_page_says_in_words_that_the_answer_is_late(client, pf):
    proposal = awaiting(pf, due_in_days=-4)
    html = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert "Svaret är försenat sedan" in html
    assert '<span class="badge badge-warn">Försenat</span>' in html


def test_an_answered_proposal_shows_no_deadline(client, pf):
    proposal = awaiting(pf, due_in_days=-4, status=S.ANSWERED)
    html = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert "Kommunen svarar senast" not in html and "Svaret är försenat" not in html


# --- the overdue list ---------------------------------------------------------------------------

def test_moderators_see_late_proposals_oldest_deadline_first(login_as, moderator, official,
                                                             pf):
    newer = awaiting(pf, due_in_days=-2, official=official, unit="Kulturförvaltningen",
                     title="Nyare försenat")
    older = awaiting(pf, due_in_days=-10, title="Äldre försenat", status=S.PUBLISHED)
    awaiting(pf, due_in_days=5, title="Inte försenat")
    awaiting(pf, due_in_days=-20, title="Besvarat sent", status=S.ANSWERED)
    awaiting(pf, due_in_days=-20, title="Dolt försenat", status=S.HIDDEN)
    awaiting(pf, due_in_days=-20, title="Tillbakadraget", status=S.WITHDRAWN)
    html = login_as(moderator).get("/moderering/forsenade").get_data(as_text=True)
    assert html.index("Äldre försenat") < html.index("Nyare försenat")
    for absent in ("Inte försenat", "Besvarat sent", "Dolt försenat", "Tillbakadraget"):
        assert absent not in html
    assert "2 förslag är försenade." in html
    assert official.display_name in html and "Kulturförvaltningen" in html
    assert "Inte tilldelat" in html
    assert "10 dagar försenat" in html
    assert f"/forslag/{older.reference}/tilldela" in html and newer.reference in html


def test_the_overdue_list_is_empty_when_nothing_is_late(login_as, moderator, pf):
    awaiting(pf, due_in_days=3)
    html = login_as(moderator).get("/moderering/forsenade").get_data(as_text=True)
    assert "Inget svar är försenat." in html


def test_the_overdue_list_pages(login_as, moderator, pf):
    for n in range(52):
        awaiting(pf, due_in_days=-(n + 1), title=f"Sent nummer {n:02d}", commit=False)
    db.session.commit()
    client = login_as(moderator)
    first = client.get("/moderering/forsenade").get_data(as_text=True)
    assert "Sent nummer 51" in first and "Sent nummer 00" not in first
    assert "Sida 1 av 2" in first
    second = client.get("/moderering/forsenade?page=2").get_data(as_text=True)
    assert "Sent nummer 00" in second and "Sent nummer 01" in second
    for page in ("99", "0", "abc", "9" * 30):
        assert client.get(f"/moderering/forsenade?page={page}").status_code == 200


@pytest.mark.parametrize("role, expected", [("resident", 403), ("official", 403),
                                            ("admin", 200)])
def test_who_sees_the_overdue_list(login_as, make, role, expected):
    assert login_as(make.user(role)).get("/moderering/forsenade").status_code == expected


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/moderering/forsenade")
    assert response.status_code == 302 and "/konto/logga-in" in response.headers["Location"]


def test_the_overdue_list_does_not_grow_in_queries(login_as, moderator, make, pf,
                                                   count_queries):
    client = login_as(moderator)
    counts = []
    for size in (2, 40):
        for n in range(size - (2 if counts else 0)):
            awaiting(pf, due_in_days=-(n + 1), official=make.user("official", commit=False)
                     if n % 2 else None, community=make.community(commit=False), commit=False)
        db.session.commit()
        client.get("/moderering/forsenade")
        with count_queries() as counter:
            assert client.get("/moderering/forsenade").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 6


def test_the_overdue_query_uses_the_deadline_index(app_context):
    """The list filters on (status, answer_due_at), which an index serves."""
    from sqlalchemy import text

    if db.engine.dialect.name != "sqlite":
        pytest.skip("the plan is checked on SQLite")
    plan = db.session.execute(text(
        "EXPLAIN QUERY PLAN SELECT id FROM proposal WHERE status IN "
        "('published', 'under_consideration') AND answer_due_at < '2027-01-01' "
        "ORDER BY answer_due_at")).all()
    assert any("ix_proposal_status_due" in row[-1] for row in plan)
