"""When its period ends an adopted plan becomes expired (`flask plans expire`,
from cron), and stays readable; a moderator can also end it early."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.core.audit import AuditEntry
from app.core.i18n import local_now
from app.extensions import db
from app.plans import lifecycle
from app.plans.models import Plan, PlanStatus
from tests.adoption.helpers import audit_count
from tests.plans.test_editing import plan_data


def _plan(plf, *, last_year, status=PlanStatus.ADOPTED, title=None) -> Plan:
    plan = plf.plan(status=status, title=title)
    plan.first_year = None if last_year is None else last_year - 2
    plan.last_year = last_year
    db.session.commit()
    return plan


def _statuses(*plans) -> list[str]:
    db.session.expire_all()
    return [db.session.get(Plan, plan.id).status for plan in plans]


def test_the_command_expires_adopted_plans_whose_last_year_is_over(app, plf):
    year = local_now().year
    ended = _plan(plf, last_year=year - 1, title="Folkhälsoplan")
    running = _plan(plf, last_year=year)
    no_period = _plan(plf, last_year=None)
    old_draft = _plan(plf, last_year=year - 3, status=PlanStatus.DRAFT)
    old_consultation = _plan(plf, last_year=year - 3, status=PlanStatus.CONSULTATION)
    already = _plan(plf, last_year=year - 5, status=PlanStatus.EXPIRED)

    first = app.test_cli_runner().invoke(args=["plans", "expire"])

    assert first.exit_code == 0, first.output
    assert f"Upphört: Folkhälsoplan ({ended.registry_number}), sista år {year - 1}." \
        in first.output
    assert _statuses(ended, running, no_period, old_draft, old_consultation, already) == [
        "expired", "adopted", "adopted", "draft", "consultation", "expired"]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "plan.expired")).one()
    assert entry.target_id == str(ended.id) and entry.actor_id is None

    second = app.test_cli_runner().invoke(args=["plans", "expire"])

    assert second.exit_code == 0
    assert second.output.strip() == "Inget styrdokument upphörde."
    assert audit_count("plan.expired") == 1


def test_expiring_is_safe_to_run_twice_at_once(app, plf):
    from tests.proposals.helpers import run_in_parallel

    plans = [_plan(plf, last_year=2001) for _ in range(3)]

    def expire():
        changed = lifecycle.expire_ended(2030)
        db.session.commit()
        return len(changed)

    assert sum(run_in_parallel(app, [expire, expire])) == 3
    assert _statuses(*plans) == ["expired"] * 3
    assert audit_count("plan.expired") == 3


def test_an_expired_plan_stays_readable_and_is_marked(client, plf, cf):
    action = plf.action(plf.commitment(_plan(plf, last_year=2020)))
    consultation = cf.consultation(status=PlanStatus.ADOPTED)
    plan = db.session.get(Plan, consultation.plan_id)
    lifecycle.expire_ended(2100)
    db.session.commit()

    page = client.get(f"/styrdokument/{plan.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Upphört" in html and "Styrdokumentet gäller inte längre" in html
    assert 'id="vagen"' in html
    action_page = client.get(f"/atgarder/{action.id}").get_data(as_text=True)
    assert "Styrdokumentet som åtgärden hör till gäller inte längre" in action_page
    assert client.get(f"/styrdokument/{plan.id}/samrad").status_code == 200
    listing = client.get("/styrdokument").get_data(as_text=True)
    assert plan.title.split(" ")[0] in listing


def test_a_moderator_ends_a_plan_early_and_can_take_it_back(client, login_as, moderator, plf):
    plan = _plan(plf, last_year=2100)
    client = login_as(moderator)
    url = f"/admin/styrdokument/{plan.id}/redigera"
    data = plan_data(registry_number=plan.registry_number, first_year="2098",
                     last_year="2100", decision_body="Kommunfullmäktige",
                     decision_date="2025-05-05", decision_paragraph="§ 3",
                     decision_registry_number="KS 2025/1")

    assert client.post(url, data={**data, "status": "expired"}).status_code == 302
    assert _statuses(plan) == ["expired"]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "plan.expired")).one()
    assert '"early": true' in entry.details and entry.actor_id == moderator.id
    assert db.session.get(Plan, plan.id).decision_date == date(2025, 5, 5)

    assert client.post(url, data={**data, "status": "adopted"}).status_code == 302
    assert _statuses(plan) == ["adopted"]


@pytest.mark.parametrize(("changes", "field", "says"), [
    ({"decision_date": "2999-01-01"}, "decision_date", "kan inte ligga i framtiden"),
    ({"decision_date": "igår"}, "decision_date", "2026-03-31"),
    ({"decision_body": "x" * 201}, "decision_body", "högst 200 tecken"),
    ({"decision_registry_number": "x" * 51}, "decision_registry_number", "högst 50 tecken"),
    ({"decision_text": "x" * 5001}, "decision_text", "högst 5000 tecken"),
])
def test_a_wrong_correction_of_the_decision_is_refused(client, login_as, moderator, plf,
                                                       changes, field, says):
    plan = plf.plan()
    response = login_as(moderator).post(
        f"/admin/styrdokument/{plan.id}/redigera",
        data=plan_data(registry_number=plan.registry_number, status="adopted", **changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in html and says in html
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).decision_body is None
