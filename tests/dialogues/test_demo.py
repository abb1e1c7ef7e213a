"""`flask demo load` brings three dialogues in different statuses."""

from __future__ import annotations

from sqlalchemy import func, select

from app.core.models import utcnow
from app.dialogues.models import Dialogue, Meeting, Registration
from app.extensions import db
from app.proposals.models import Proposal
from tests.support.demo import load_demo


def test_demo_data_has_dialogues_in_different_statuses(app, client):
    result = load_demo(app)
    assert result.exit_code == 0, result.output

    dialogues = db.session.scalars(select(Dialogue).order_by(Dialogue.id)).all()
    assert len(dialogues) == 3
    assert len({d.status for d in dialogues}) == 3
    by_status = {d.status: d for d in dialogues}

    finished = by_status["feedback_published"]
    assert finished.feedback_heard and finished.feedback_next
    past = db.session.scalars(select(Meeting).where(Meeting.dialogue_id == finished.id,
                                                    Meeting.starts_at < utcnow())).all()
    assert past and any(m.attendees and m.summary for m in past)
    answered = db.session.scalars(select(Proposal).where(
        Proposal.dialogue_id == finished.id, Proposal.status == "answered")).all()
    assert answered

    opened = by_status["open"]
    upcoming = db.session.scalars(select(Meeting).where(Meeting.dialogue_id == opened.id,
                                                        Meeting.starts_at > utcnow())).all()
    assert upcoming
    assert db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.meeting_id.in_([m.id for m in upcoming]))) >= 1

    for dialogue in dialogues:
        assert client.get(f"/dialoger/{dialogue.id}").status_code == 200
    assert client.get("/dialoger").status_code == 200
    assert client.get("/dialoger/kalender.ics").status_code == 200
