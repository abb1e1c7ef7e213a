"""`flask demo load` puts a SLUS in consultation with two versions and comments."""

from __future__ import annotations

from sqlalchemy import select

from app.consultation.models import (
    Consultation,
    ConsultationResponse,
    DraftSection,
    DraftVersion,
    SectionComment,
)
from app.extensions import db
from app.plans.models import Plan, PlanKind, PlanStatus
from tests.plans.test_demo import load


def test_the_demo_has_a_slus_in_consultation(app, client):
    load(app)

    plan = db.session.scalars(select(Plan).where(Plan.kind == PlanKind.SLUS)).one()
    assert plan.status == PlanStatus.CONSULTATION
    # The demo also has an adopted strategy that went through a consultation
    # (app/demo/adoption.py): count this plan's consultation only.
    consultation = db.session.scalars(select(Consultation).where(
        Consultation.plan_id == plan.id)).one()
    versions = select(DraftVersion.id).where(DraftVersion.consultation_id == consultation.id)
    comments = select(SectionComment).join(DraftSection).where(
        DraftSection.version_id.in_(versions))
    assert [v.number for v in db.session.scalars(select(DraftVersion).where(
        DraftVersion.status == "published", DraftVersion.id.in_(versions)))] == [1, 2]
    assert len(db.session.scalars(comments).all()) == 5
    assert len(db.session.scalars(comments.where(
        SectionComment.organisation_id.is_not(None))).all()) == 1
    assert len(db.session.scalars(select(ConsultationResponse).where(
        ConsultationResponse.consultation_id == consultation.id)).all()) == 1
    html = client.get(f"/styrdokument/{plan.id}/samrad").get_data(as_text=True)
    assert "Vision" in html and "dagar kvar" in html and "Hedås Hembygdsförening" in html
    diff = client.get(f"/styrdokument/{plan.id}/samrad/jamfor").get_data(as_text=True)
    assert "Ett ungdomsråd ska ge unga inflytande" in diff and "Tillagt" in diff
