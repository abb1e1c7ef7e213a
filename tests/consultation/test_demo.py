"""`flask demo load` puts a SLUS in consultation with two versions and comments."""

from __future__ import annotations

from sqlalchemy import select

from app.consultation.models import ConsultationResponse, DraftVersion, SectionComment
from app.extensions import db
from app.plans.models import Plan, PlanKind, PlanStatus
from tests.plans.test_demo import count, load


def test_the_demo_has_a_slus_in_consultation(app, client):
    load(app)

    plan = db.session.scalars(select(Plan).where(Plan.kind == PlanKind.SLUS)).one()
    assert plan.status == PlanStatus.CONSULTATION
    assert [v.number for v in db.session.scalars(select(DraftVersion).where(
        DraftVersion.status == "published"))] == [1, 2]
    assert count(SectionComment) == 5
    assert len(db.session.scalars(select(SectionComment).where(
        SectionComment.organisation_id.is_not(None))).all()) == 1
    assert count(ConsultationResponse) == 1
    html = client.get(f"/styrdokument/{plan.id}/samrad").get_data(as_text=True)
    assert "Vision" in html and "dagar kvar" in html and "Hedås Hembygdsförening" in html
    diff = client.get(f"/styrdokument/{plan.id}/samrad/jamfor").get_data(as_text=True)
    assert "Ett ungdomsråd ska ge unga inflytande" in diff and "Tillagt" in diff
