"""The audit log: entries are written with the change, never rewritten, and
admins browse, filter and export them."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from app.core import audit
from app.core.audit import AuditEntry, AuditLogIsAppendOnly
from app.core.models import utcnow
from app.core.permissions import Role
from app.extensions import db
from app.proposals import services as proposal_services
from app.proposals.models import Decision, ProposalStatus

LOG = "/admin/logg"


def entries(action: str | None = None) -> list[AuditEntry]:
    db.session.expire_all()
    query = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(db.session.scalars(query))


def entry_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


# --- writing -----------------------------------------------------------------

def test_an_entry_is_written_in_the_callers_transaction(admin):
    audit.record("community.created", "community", 7, "Norrby", actor=admin,
                 reason="  Ny ort  ", details={"b": 2, "a": "å"})
    db.session.rollback()
    assert entry_count() == 0

    audit.record("community.created", "community", 7, "Norrby", actor=admin,
                 reason="  Ny ort  ", details={"b": 2, "a": "å"})
    db.session.commit()
    [entry] = entries()
    assert (entry.actor_id, entry.actor_role) == (admin.id, "admin")
    assert (entry.target_type, entry.target_id, entry.target_label) == (
        "community", "7", "Norrby")
    assert entry.reason == "Ny ort"
    assert entry.details_dict == {"a": "å", "b": 2}


def test_a_long_label_is_cut_to_fit():
    audit.record("theme.created", "theme", 1, "x" * 1000)
    db.session.commit()
    assert len(entries()[0].target_label) == audit.LABEL_MAX


def test_the_session_refuses_to_change_or_remove_an_entry(admin):
    entry = audit.record("theme.created", "theme", 1, "Parker", actor=admin)
    db.session.commit()

    entry.reason = "ändrat i efterhand"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()

    db.session.delete(entry)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert [e.reason for e in entries()] == [None]


@pytest.mark.parametrize("statement", [
    "UPDATE audit_entry SET reason = 'ändrat'",
    "DELETE FROM audit_entry",
])
def test_the_database_refuses_to_change_or_remove_an_entry(admin, statement):
    audit.record("theme.created", "theme", 1, "Parker", actor=admin)
    db.session.commit()
    with pytest.raises(DatabaseError):
        db.session.execute(text(statement))
    db.session.rollback()
    assert [(e.reason, e.target_label) for e in entries()] == [(None, "Parker")]


# --- what is recorded ----------------------------------------------------------

def test_admin_actions_on_accounts_are_recorded(login_as, admin, make):
    person = make.user(display_name="Bo Boende")
    client = login_as(admin)
    client.post(f"/admin/anvandare/{person.id}", data={"role": Role.OFFICIAL.value})
    client.post(f"/admin/anvandare/{person.id}/inaktivera")

    changed = entries("user.role_changed")
    assert len(changed) == 1
    assert changed[0].details_dict == {"from": "resident", "to": "official"}
    assert changed[0].actor_id == admin.id and changed[0].target_label == "Bo Boende"
    assert len(entries("user.deactivated")) == 1


def test_setting_the_same_role_again_records_nothing(login_as, admin, make):
    person = make.user()
    login_as(admin).post(f"/admin/anvandare/{person.id}", data={"role": "resident"})
    assert entries("user.role_changed") == []


def test_communities_settings_and_themes_are_recorded(login_as, admin):
    client = login_as(admin)
    client.post("/admin/lokalsamhallen/ny", data={"name": "Norrby", "slug": "",
                                                  "description": "", "parent": ""})
    client.post("/admin/teman", data={"name": "Badplatser"})
    client.post("/admin/forslag", data={"premoderation": "y", "support_threshold": "50",
                                        "support_window_days": "90", "report_threshold": "3"})
    actions = [entry.action for entry in entries()]
    assert actions == ["community.created", "theme.created",
                       "participation_settings.updated"]
    assert entries("participation_settings.updated")[0].details_dict["support_threshold"] == 50


def test_moderators_decisions_on_proposals_are_recorded_but_not_an_authors_withdrawal(
        pf, moderator, make):
    author = make.user()
    waiting = pf.proposal(author, status=ProposalStatus.SUBMITTED)
    proposal_services.refuse(waiting, moderator, "Innehåller personuppgifter.")
    answered = pf.proposal(author)
    proposal_services.transition(answered, ProposalStatus.ANSWERED, moderator,
                                 reason="Vi gör det.", decision=Decision.ACCEPTED)
    withdrawn = pf.proposal(author)
    proposal_services.withdraw(withdrawn, author)
    db.session.commit()

    [hidden] = entries("proposal.hidden")
    assert (hidden.target_id, hidden.reason) == (waiting.reference,
                                                 "Innehåller personuppgifter.")
    [answer] = entries("proposal.answered")
    assert answer.details_dict == {"from": "published", "to": "answered",
                                   "decision": "accepted"}
    assert all(entry.target_id != withdrawn.reference for entry in entries())


def test_organisation_verification_is_recorded(of, make, admin):
    from app.organisations import services as organisation_services

    organisation = of.organisation(make.user(), status="unverified")
    organisation_services.refuse(organisation, admin, "Okänt organisationsnummer.")
    db.session.commit()
    [refused] = entries("organisation.refused")
    assert refused.reason == "Okänt organisationsnummer."
    assert refused.actor_id == admin.id


def test_links_and_action_updates_are_recorded(pf, plf, moderator):
    from app.plans import links

    proposal = pf.proposal()
    action = plf.action()
    link = links.link_proposal(proposal, action, moderator, "Hör ihop.")
    links.unlink_proposal(link, moderator, "Fel åtgärd.")
    links.add_update(action, moderator, "Klart.", "done", 100)
    db.session.commit()
    assert [entry.action for entry in entries()] == [
        "proposal.linked", "proposal.unlinked", "action.updated"]
    assert entries("proposal.unlinked")[0].reason == "Fel åtgärd."


# --- browsing ------------------------------------------------------------------

@pytest.mark.parametrize(("role", "status"), [("resident", 403), ("official", 403),
                                              ("moderator", 403), ("admin", 200)])
def test_only_admins_see_the_log(make, login_as, role, status):
    client = login_as(make.user(role))
    assert client.get(LOG).status_code == status
    assert client.get(LOG + ".csv").status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(LOG)
    assert response.status_code == 302 and "/konto/logga-in" in response.location


def _seed(admin, moderator):
    audit.record("theme.created", "theme", 1, "Parker <script>x</script>", actor=admin)
    audit.record("proposal.hidden", "proposal", "F-2026-0001", "Bänkar", actor=moderator,
                 reason="Kränkande")
    old = audit.record("community.archived", "community", 3, "Gamla byn", actor=admin)
    old.created_at = utcnow() - timedelta(days=40)
    db.session.commit()


def test_the_log_lists_newest_first_with_names_and_escapes_text(login_as, admin, moderator):
    _seed(admin, moderator)
    page = login_as(admin).get(LOG).get_data(as_text=True)
    assert page.index("Bänkar") < page.index("Parker") < page.index("Gamla byn")
    assert moderator.display_name in page
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize(("query", "shown", "hidden"), [
    ("action=proposal.hidden", "Bänkar", "Parker"),
    ("target_type=community", "Gamla byn", "Bänkar"),
    ("q=kränk", "Bänkar", "Gamla byn"),
    ("q=F-2026", "Bänkar", "Parker"),
])
def test_filters(login_as, admin, moderator, query, shown, hidden):
    _seed(admin, moderator)
    page = login_as(admin).get(f"{LOG}?{query}").get_data(as_text=True)
    assert shown in page and hidden not in page


def test_filter_by_who_and_by_date(login_as, admin, moderator):
    _seed(admin, moderator)
    client = login_as(admin)
    by_moderator = client.get(f"{LOG}?actor={moderator.email}").get_data(as_text=True)
    assert "Bänkar" in by_moderator and "Parker" not in by_moderator
    since = (utcnow() - timedelta(days=10)).date().isoformat()
    recent = client.get(f"{LOG}?date_from={since}").get_data(as_text=True)
    assert "Bänkar" in recent and "Gamla byn" not in recent
    until = (utcnow() - timedelta(days=30)).date().isoformat()
    older = client.get(f"{LOG}?date_to={until}").get_data(as_text=True)
    assert "Gamla byn" in older and "Bänkar" not in older


@pytest.mark.parametrize("query", [
    "date_from=2026-05-01&date_to=2026-04-01",
    "date_from=igår",
    "action=proposal.exploded",
    "q=" + "x" * 101,
])
def test_bad_filters_get_a_clear_error_not_a_crash(login_as, admin, query):
    response = login_as(admin).get(f"{LOG}?{query}")
    assert response.status_code == 400
    assert 'class="error-summary' in response.get_data(as_text=True) or \
        "error" in response.get_data(as_text=True)


def test_the_export_has_the_filtered_entries_oldest_first_and_defuses_formulas(
        login_as, admin, moderator):
    _seed(admin, moderator)
    audit.record("proposal.hidden", "proposal", "F-2026-0002", "=HYPERLINK(\"x\")",
                 actor=moderator, reason="@SUM(A1)")
    db.session.commit()
    response = login_as(admin).get(f"{LOG}.csv?action=proposal.hidden")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Tid (UTC)"
    assert [row[6] for row in rows[1:]] == ["F-2026-0001", "F-2026-0002"]
    assert rows[1][1] == moderator.display_name and rows[1][3] == "Dolde ett förslag"
    assert rows[2][7] == "'=HYPERLINK(\"x\")" and rows[2][8] == "'@SUM(A1)"
    assert json.loads(rows[1][9] or "{}") == {}


def test_the_log_pages_its_entries(login_as, admin):
    for n in range(55):
        audit.record("theme.created", "theme", n, f"Tema {n:02d}", actor=admin)
    db.session.commit()
    client = login_as(admin)
    first = client.get(LOG).get_data(as_text=True)
    second = client.get(f"{LOG}?page=2").get_data(as_text=True)
    assert "Tema 54" in first and "Tema 00" not in first
    assert "Tema 00" in second and "Tema 54" not in second


def test_importing_and_replacing_a_plan_is_recorded(app):
    from pathlib import Path

    sample = Path(__file__).parent.parent / "plans" / "samples" / "handlingsplan-sjovik.txt"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["plans", "import", str(sample)]).exit_code == 0
    assert runner.invoke(args=["plans", "import", str(sample), "--replace"]).exit_code == 0
    imported, replaced = entries()
    assert (imported.action, replaced.action) == ("plan.imported", "plan.replaced")
    assert imported.actor_id is None  # from the shell
    assert imported.details_dict == {"registry_number": "KS 2025/88"}


def test_editing_a_plan_by_hand_is_recorded(plf, moderator):
    from app.plans import editing

    action = plf.action(text="Bygga en brygga")
    plan_id = db.session.scalar(text(
        "SELECT challenge.plan_id FROM challenge JOIN commitment "
        "ON commitment.challenge_id = challenge.id WHERE commitment.id = :id"),
        {"id": action.commitment_id})
    editing.delete_action(action)
    db.session.commit()
    [entry] = entries("plan.structure_changed")
    assert (entry.target_id, entry.target_label) == (str(plan_id), "Bygga en brygga")
    assert entry.details_dict == {"what": "action", "change": "deleted"}
