"""`flask demo load` has a plan that went the whole road to adoption, and an expired one."""

from __future__ import annotations

from sqlalchemy import select

from app.consultation.models import DraftVersion
from app.core.mail import OutboxMessage
from app.core.notifications import Notification
from app.extensions import db
from app.plans.models import Plan, PlanKind, PlanStatus
from tests.plans.test_demo import count, load


def test_the_demo_has_an_adopted_strategy_and_an_expired_plan(app, client):
    load(app)

    strategy = db.session.scalars(select(Plan).where(
        Plan.kind == PlanKind.STRATEGY, Plan.title.startswith("Kulturstrategi"))).one()
    assert strategy.status == PlanStatus.ADOPTED
    assert strategy.decision_paragraph == "§ 142"
    adopted = db.session.scalars(select(DraftVersion).where(
        DraftVersion.adopted_at.is_not(None))).one()
    assert adopted.number == 2
    assert count(Notification) >= 3 and db.session.scalar(select(Notification.kind).where(
        Notification.kind == "plan_adopted").limit(1)) == "plan_adopted"
    assert not db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "plan_adopted")).all()
    html = client.get(f"/styrdokument/{strategy.id}").get_data(as_text=True)
    assert "Från utkast till beslut" in html and "3 personer" in html
    assert "1 organisation" in html and "§ 142" in html

    expired = db.session.scalars(select(Plan).where(Plan.status == PlanStatus.EXPIRED)).one()
    assert expired.title.startswith("Folkhälsoplan")
    page = client.get(f"/styrdokument/{expired.id}").get_data(as_text=True)
    assert "Upphört" in page and "gäller inte längre" in page
