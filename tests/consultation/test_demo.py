"""`flask demo load` puts a SLUS in consultation with two versions and comments
(some handled), and a culture plan whose consultation has ended with every
comment and response handled and the consultation report published."""

from __future__ import annotations

from sqlalchemy import select

from app.consultation.models import (
    Consultation,
    ConsultationReport,
    ConsultationResponse,
    DraftSection,
    DraftVersion,
    InputHandling,
    SectionComment,
)
from app.core.mail import OutboxMessage
from app.extensions import db
from app.plans.models import Plan, PlanKind, PlanStatus
from tests.plans.test_demo import count, load


def _of(plan, model):
    return db.session.scalars(
        select(model).join(DraftSection, DraftSection.id == model.section_id)
        .join(DraftVersion, DraftVersion.id == DraftSection.version_id)
        .join(Consultation, Consultation.id == DraftVersion.consultation_id)
        .where(Consultation.plan_id == plan.id)).all()


def test_the_demo_has_a_slus_in_consultation(app, client):
    load(app)

    plan = db.session.scalars(select(Plan).where(Plan.kind == PlanKind.SLUS)).one()
    assert plan.status == PlanStatus.CONSULTATION
    comments = _of(plan, SectionComment)
    assert len(comments) == 5
    assert len([c for c in comments if c.organisation_id is not None]) == 1
    handled = db.session.scalars(select(InputHandling).where(
        InputHandling.comment_id.in_([c.id for c in comments]))).all()
    assert len(handled) == 2  # some handled while the consultation runs
    assert len(db.session.scalars(select(ConsultationResponse).join(Consultation).where(
        Consultation.plan_id == plan.id)).all()) == 1
    assert client.get(f"/styrdokument/{plan.id}/samrad/redogorelse").status_code == 404
    html = client.get(f"/styrdokument/{plan.id}/samrad").get_data(as_text=True)
    assert "Vision" in html and "dagar kvar" in html and "Hedås Hembygdsförening" in html
    diff = client.get(f"/styrdokument/{plan.id}/samrad/jamfor").get_data(as_text=True)
    assert "Ett ungdomsråd ska ge unga inflytande" in diff and "Tillagt" in diff


def test_the_demo_has_a_published_consultation_report(app, client):
    load(app)

    plan = db.session.scalars(select(Plan).where(Plan.registry_number == "KS 2025/204")).one()
    comments = _of(plan, SectionComment)
    assert len(comments) == 6
    assert any(c.group_id for c in comments) and any(c.organisation_id for c in comments)
    assert any(c.is_hidden for c in comments)
    assert count(ConsultationReport) == 1
    assert count(InputHandling) == 6 + 2 + 2  # the culture plan's, and two of the SLUS's
    assert not db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "consultation_report_published")).all()
    page = client.get(f"/styrdokument/{plan.id}/samrad").get_data(as_text=True)
    assert "Läs samrådsredogörelsen" in page
    report = client.get(f"/styrdokument/{plan.id}/samrad/redogorelse").get_data(as_text=True)
    assert "Norrby bygderåd" in report and "Delvis inarbetad" in report
    assert "Version 2: Kultur nära alla" in report
