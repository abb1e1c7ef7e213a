"""Recording the political decision: the plan becomes adopted, the newest
published version becomes the adopted one, participants are told; bad input,
double submits and plans already decided are refused without a trace."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.adoption import services
from app.consultation.models import DraftVersion
from app.consultation.services import today
from app.core.audit import AuditEntry
from app.core.mail import OutboxMessage
from app.core.notifications import Notification
from app.extensions import db
from app.plans import lifecycle
from app.plans.models import Plan, PlanStatus
from tests.adoption.helpers import adopt_url, audit_count, closing_today, decision_data
from tests.proposals.helpers import is_postgres, reload, run_in_parallel


def _versions(consultation) -> list[DraftVersion]:
    db.session.expire_all()
    return list(db.session.scalars(select(DraftVersion).where(
        DraftVersion.consultation_id == consultation.id).order_by(DraftVersion.number)))


def _notifications() -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(select(Notification).where(
        Notification.kind == "plan_adopted").order_by(Notification.user_id)))


@pytest.fixture
def in_consultation(cf, make):
    """A plan whose consultation ends today, with two published versions and
    two residents who commented."""
    consultation = closing_today(cf)
    first = cf.first_version(consultation)
    cf.version(consultation, copy_of=first, commit=True)
    anna, erik = make.user(display_name="Anna"), make.user(display_name="Erik")
    sections = cf.sections(first)
    cf.comment(sections[0], anna)
    cf.comment(sections[1], erik)
    cf.comment(sections[1], anna)
    return consultation, anna, erik


def test_a_moderator_records_the_decision_and_the_plan_is_adopted(
        client, login_as, moderator, in_consultation, outbox):
    consultation, anna, erik = in_consultation
    client = login_as(moderator)
    page = client.get(adopt_url(consultation.plan_id))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Version 2" in html and "blir den antagna versionen" in html
    assert "2 personer som deltog i samrådet får en avisering" in html

    response = client.post(adopt_url(consultation.plan_id), data=decision_data())

    assert response.status_code == 302
    assert response.location.endswith(f"/styrdokument/{consultation.plan_id}#vagen")
    plan = reload(db.session.get(Plan, consultation.plan_id))
    assert plan.status == PlanStatus.ADOPTED
    assert (plan.decision_body, plan.decision_date, plan.decision_paragraph,
            plan.decision_registry_number, plan.decision_text) == (
        "Kommunfullmäktige", today(), "§ 45", "KS 2026/88",
        "Antogs med två ändringar efter samrådet.")
    first, second = _versions(consultation)
    assert first.adopted_at is None and second.adopted_at is not None
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "plan.adopted")).one()
    assert entry.actor_id == moderator.id and entry.target_id == str(plan.id)
    assert '"version": 2' in entry.details and '"from": "consultation"' in entry.details
    told = _notifications()
    assert sorted(n.user_id for n in told) == sorted([anna.id, erik.id])
    assert all(n.category == "my_proposals" and n.url.endswith(f"/styrdokument/{plan.id}#vagen")
               for n in told)
    assert [m.recipient for m in outbox(anna.email)] == [anna.email]
    assert "Kommunfullmäktige" in outbox(anna.email)[0].body
    shown = client.get(response.location).get_data(as_text=True)
    assert "är antaget" in shown and "Version 2 av utkastet är den antagna versionen" in shown
    assert "2 deltagare i samrådet får en avisering" in shown


def test_a_draft_without_a_consultation_is_adopted_and_nobody_is_told(client, login_as, admin,
                                                                     plf, rows):
    plan = plf.plan(status=PlanStatus.DRAFT, registry_number="KS 2019/4")
    client = login_as(admin)
    assert 'value="KS 2019/4"' in client.get(adopt_url(plan)).get_data(as_text=True)

    response = client.post(adopt_url(plan), data=decision_data(
        decision_date="2019-02-11", decision_text=""))

    assert response.status_code == 302
    plan = reload(plan)
    assert (plan.status, plan.decision_date, plan.decision_text) == (
        PlanStatus.ADOPTED, date(2019, 2, 11), None)
    assert rows(Notification) == 0 and rows(OutboxMessage) == 0
    page = client.get(f"/styrdokument/{plan.id}").get_data(as_text=True)
    assert "Kommunfullmäktige, 11 februari 2019, § 45 (diarienummer KS 2026/88)" in page
    assert 'id="vagen"' not in page  # no consultation: no road, only the decision


TOO_LONG = "x" * 201


@pytest.mark.parametrize(("changes", "field", "says"), [
    ({"decision_body": ""}, "decision_body", "Skriv vilket organ som fattade beslutet"),
    ({"decision_body": "   "}, "decision_body", "Skriv vilket organ som fattade beslutet"),
    ({"decision_body": TOO_LONG}, "decision_body", "högst 200 tecken"),
    ({"decision_date": ""}, "decision_date", "Ange beslutets datum"),
    ({"decision_date": "15/3 2026"}, "decision_date", "2026-03-31"),
    ({"decision_date": "2026-02-30"}, "decision_date", "2026-03-31"),
    ({"decision_date": "1989-12-31"}, "decision_date", "före 1990"),
    ({"decision_date": 1}, "decision_date", "kan inte ligga i framtiden"),
    ({"decision_date": -1}, "decision_date", "innan samrådet slutade"),
    ({"decision_paragraph": ""}, "decision_paragraph", "Skriv paragrafen i protokollet"),
    ({"decision_paragraph": "§" * 51}, "decision_paragraph", "högst 50 tecken"),
    ({"decision_registry_number": ""}, "decision_registry_number", "Skriv beslutets diarienummer"),
    ({"decision_registry_number": "K" * 51}, "decision_registry_number", "högst 50 tecken"),
    ({"decision_text": "x" * 5001}, "decision_text", "högst 5000 tecken"),
])
def test_bad_input_is_refused_next_to_the_field_and_nothing_changes(
        client, login_as, moderator, in_consultation, changes, field, says, rows):
    consultation, *_people = in_consultation
    if isinstance(changes.get("decision_date"), int):  # days from today
        changes = {"decision_date": (today() + timedelta(days=changes["decision_date"]))
                   .isoformat()}
    response = login_as(moderator).post(adopt_url(consultation.plan_id),
                                        data=decision_data(**changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in html and says in html
    assert reload(db.session.get(Plan, consultation.plan_id)).status == PlanStatus.CONSULTATION
    assert all(v.adopted_at is None for v in _versions(consultation))
    assert audit_count("plan.adopted") == 0 and rows(Notification) == 0


def test_the_same_form_sent_twice_adopts_once(client, login_as, moderator, in_consultation):
    consultation, *_people = in_consultation
    client = login_as(moderator)
    first = client.post(adopt_url(consultation.plan_id), data=decision_data())
    second = client.post(adopt_url(consultation.plan_id), data=decision_data())

    assert first.status_code == second.status_code == 302
    assert "Beslutet är registrerat" in client.get(second.location).get_data(as_text=True)
    assert audit_count("plan.adopted") == 1
    assert len(_notifications()) == 2


def test_adopting_at_the_same_moment_twice_adopts_once(app, in_consultation, moderator):
    consultation, *_people = in_consultation
    plan_id, moderator_id = consultation.plan_id, moderator.id

    def adopt():
        plan = db.session.get(Plan, plan_id)
        try:
            services.adopt(plan, lifecycle.Decision("Kommunfullmäktige", today(), "§ 45",
                                                    "KS 2026/88"),
                           db.session.get(type(moderator), moderator_id))
        except services.AlreadyDecided:
            db.session.rollback()
            return "refused"
        db.session.commit()
        return "adopted"

    results = run_in_parallel(app, [adopt, adopt])

    assert sorted(results) == ["adopted", "refused"]
    assert audit_count("plan.adopted") == 1
    assert len(_notifications()) == 2
    assert is_postgres() or len(results) == 2


@pytest.mark.parametrize(("status", "says"), [
    (PlanStatus.ADOPTED, "Styrdokumentet är redan antaget"),
    (PlanStatus.EXPIRED, "Styrdokumentet har upphört"),
])
def test_a_decided_plan_cannot_be_adopted_again(client, login_as, moderator, plf, status, says):
    plan = plf.plan(status=status)
    client = login_as(moderator)
    page = client.get(adopt_url(plan)).get_data(as_text=True)
    assert "Registrera beslutet och anta styrdokumentet" not in page  # no form

    response = client.post(adopt_url(plan), data=decision_data())

    assert response.status_code == 400
    assert says in response.get_data(as_text=True)
    plan = reload(plan)
    assert plan.status == status and plan.decision_body is None
    assert audit_count("plan.adopted") == 0


def test_a_version_being_written_blocks_the_adoption(client, login_as, moderator, cf,
                                                     in_consultation):
    consultation, *_people = in_consultation
    cf.version(consultation, published=False, copy_of=cf.first_version(consultation),
               commit=True)
    client = login_as(moderator)
    assert "Version 3 av utkastet är inte publicerad" in client.get(
        adopt_url(consultation.plan_id)).get_data(as_text=True)

    response = client.post(adopt_url(consultation.plan_id), data=decision_data())

    assert response.status_code == 400
    assert "Publicera den eller kasta den" in response.get_data(as_text=True)
    assert reload(db.session.get(Plan, consultation.plan_id)).status == PlanStatus.CONSULTATION


@pytest.mark.parametrize("plan_id", ["999999", "2147483648", "0"])
def test_unknown_plans_are_not_found(client, login_as, moderator, plan_id):
    client = login_as(moderator)
    assert client.get(adopt_url(plan_id)).status_code == 404
    assert client.post(adopt_url(plan_id), data=decision_data()).status_code == 404


@pytest.mark.parametrize("role", ["resident", "official"])
def test_only_moderators_and_admins_record_decisions(client, login_as, make, in_consultation,
                                                    role):
    consultation, *_people = in_consultation
    client = login_as(make.user(role))
    assert client.get(adopt_url(consultation.plan_id)).status_code == 403
    assert client.post(adopt_url(consultation.plan_id), data=decision_data()).status_code == 403
    assert audit_count("plan.adopted") == 0


def test_anonymous_visitors_are_sent_to_sign_in(app, in_consultation):
    consultation, *_people = in_consultation
    response = app.test_client().post(adopt_url(consultation.plan_id), data=decision_data())
    assert response.status_code == 302 and "/konto/logga-in" in response.location


def test_the_editor_links_to_the_decision_form_until_the_plan_is_adopted(
        client, login_as, moderator, in_consultation):
    consultation, *_people = in_consultation
    client = login_as(moderator)
    editor = f"/admin/styrdokument/{consultation.plan_id}/redigera"
    assert adopt_url(consultation.plan_id) in client.get(editor).get_data(as_text=True)
    client.post(adopt_url(consultation.plan_id), data=decision_data())
    html = client.get(editor).get_data(as_text=True)
    assert adopt_url(consultation.plan_id) not in html
    assert "Kommunfullmäktige, " in html and "KS 2026/88" in html


def test_the_adopted_plan_s_actions_can_be_linked_to_proposals(client, login_as, moderator, pf,
                                                               plf):
    plan = plf.plan(status=PlanStatus.CONSULTATION)
    action = plf.action(plf.commitment(plan), text="Öppna bygdegården i Hedås")
    proposal = pf.proposal(status="under_consideration")
    client = login_as(moderator)
    answer_page = f"/forslag/{proposal.reference}/besvara"
    assert "Öppna bygdegården i Hedås" not in client.get(answer_page).get_data(as_text=True)

    client.post(adopt_url(plan), data=decision_data(decision_text=""))

    assert "Öppna bygdegården i Hedås" in client.get(answer_page).get_data(as_text=True)
    response = client.post(answer_page, data={
        "decision": "accepted", "motivation": "Vi gör det.",
        "links-0-action": str(action.id), "links-0-motivation": "Det är samma sak."})
    assert response.status_code == 302
    assert "Öppna bygdegården i Hedås" in client.get(
        f"/forslag/{proposal.reference}").get_data(as_text=True)
