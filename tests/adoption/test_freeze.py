"""Once a plan is adopted its consultation is frozen: every way of writing to
it is refused (comments, responses, proposals about sections, the period,
versions and their sections), also for an expired plan, and the editor
cannot move the plan back into consultation to get around it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.consultation import services as consultation_services
from app.consultation.models import (
    ConsultationResponse,
    DraftSection,
    DraftVersion,
    SectionComment,
    SectionProposal,
)
from app.consultation.services import ConsultationError, today
from app.extensions import db
from app.plans.models import Plan, PlanStatus
from app.proposals.models import Proposal
from tests.adoption.helpers import adopt_url, closing_today, decision_data
from tests.consultation.helpers import count, draft_url, section_url
from tests.plans.test_editing import plan_data
from tests.proposals.helpers import key


@pytest.fixture
def adopted(client, login_as, moderator, cf, of, make):
    """A consultation that was open (its last day is today) with a member of a
    verified organisation, then adopted through the form."""
    consultation = closing_today(cf)
    section = cf.sections(cf.first_version(consultation))[1]
    member = make.user()
    club = of.organisation(member, name="Byalaget")
    assert consultation_services.openness(
        db.session.get(Plan, consultation.plan_id), consultation,
        cf.first_version(consultation)).is_open
    assert login_as(moderator).post(adopt_url(consultation.plan_id),
                                    data=decision_data()).status_code == 302
    return consultation, section, member, club


def test_comments_responses_and_proposals_are_refused(client, login_as, adopted, make, pf):
    consultation, section, member, club = adopted
    client = login_as(member)

    comment = client.post(f"{section_url(consultation, section)}/kommentarer",
                          data={"body": "Sent omsider.", "submission_key": key()})
    response = client.post(f"{draft_url(consultation)}/yttrande",
                           data={"organisation": str(club.id), "body": "Vårt yttrande."})
    proposal = client.post(f"/forslag/nytt?avsnitt={section.id}", follow_redirects=True, data={
        "title": "Bygdegården som mötesplats", "body": "Öppna bygdegården för alla.",
        "community": str(make.community().id), "theme": str(pf.theme().id),
        "submission_key": key(), "action": "send"})

    assert comment.status_code == 400 and response.status_code == 400
    for refused in (comment, response, proposal):
        assert "Styrdokumentet antogs av Kommunfullmäktige" in refused.get_data(as_text=True)
    assert count(SectionComment) == 0 and count(ConsultationResponse) == 0
    assert count(Proposal) == 0 and count(SectionProposal) == 0


def test_the_consultation_page_says_it_is_closed_and_adopted(client, adopted):
    consultation, section, *_rest = adopted
    for url in (draft_url(consultation), section_url(consultation, section)):
        html = client.get(url).get_data(as_text=True)
        assert "Det går inte att kommentera." in html
        assert "Styrdokumentet antogs av Kommunfullmäktige den" in html
        assert "den antagna versionen" in html
        assert 'class="comment-form"' not in html


def test_the_moderators_cannot_change_the_period_or_the_versions(client, login_as, moderator,
                                                                  adopted):
    consultation, *_rest = adopted
    client = login_as(moderator)
    period = client.post(f"/admin/styrdokument/{consultation.plan_id}/samrad", data={
        "starts_on": today().isoformat(), "ends_on": (today() + timedelta(days=30)).isoformat()})
    new_version = client.post(f"/admin/styrdokument/{consultation.plan_id}/samrad/ny-version",
                              follow_redirects=True)

    assert period.status_code == 400
    assert "samrådet är slut och kan inte ändras" in period.get_data(as_text=True)
    assert "utkastet kan inte längre ändras" in new_version.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalars(select(DraftVersion.number)).all() == [1]
    assert db.session.get(type(consultation), consultation.id).ends_on == today()


@pytest.mark.parametrize("status", [PlanStatus.ADOPTED, PlanStatus.EXPIRED])
def test_every_write_to_a_version_is_refused_once_decided(cf, moderator, status):
    """Also a version left unpublished (from before adoption was recorded
    through the form, e.g. a plan imported as adopted)."""
    consultation = cf.consultation(status=status)
    plan = db.session.get(Plan, consultation.plan_id)
    published = cf.first_version(consultation)
    draft = cf.version(consultation, published=False, copy_of=published, commit=True)
    section = cf.sections(draft)[0]
    writes = {
        "period": lambda: consultation_services.set_period(plan, today(), today()),
        "new version": lambda: consultation_services.new_version(plan, moderator),
        "save": lambda: consultation_services.save_sections(
            draft, [consultation_services.SectionText(section.id, "Ny", "Ny text")], ""),
        "add section": lambda: consultation_services.add_section(draft, "Principer", "Text"),
        "move": lambda: consultation_services.move_section(draft, section.id, "down"),
        "delete": lambda: consultation_services.delete_section(draft, section.id),
        "publish": lambda: consultation_services.publish_version(draft, moderator),
        "discard": lambda: consultation_services.discard_draft(draft),
        "comment": lambda: consultation_services.add_comment(
            plan, cf.sections(published)[0], moderator, "Text"),
    }
    says = "antaget" if status == PlanStatus.ADOPTED else "upphört"
    for name, write in writes.items():
        with pytest.raises(ConsultationError) as refused:
            write()
        assert says in str(refused.value), name
        db.session.rollback()
    db.session.expire_all()
    assert db.session.get(DraftVersion, draft.id).status == "draft"
    assert [s.title for s in cf.sections(draft)] == [s.title for s in cf.sections(published)]
    assert count(SectionComment) == 0
    assert db.session.scalar(select(DraftSection.title).where(
        DraftSection.id == section.id)) == section.title


@pytest.mark.parametrize("status", ["consultation", "draft"])
def test_the_editor_cannot_move_an_adopted_plan_back_into_consultation(
        client, login_as, moderator, adopted, status):
    consultation, *_rest = adopted
    plan = db.session.get(Plan, consultation.plan_id)
    response = login_as(moderator).post(
        f"/admin/styrdokument/{plan.id}/redigera",
        data=plan_data(registry_number=plan.registry_number, status=status))
    assert response.status_code == 400
    assert "kan inte bli utkast eller gå på samråd igen" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).status == PlanStatus.ADOPTED


@pytest.mark.parametrize(("status", "says"), [
    ("adopted", "Ett styrdokument antas genom att du registrerar beslutet"),
    ("expired", "Bara ett antaget styrdokument kan upphöra"),
])
def test_the_editor_cannot_adopt_or_expire_a_plan(client, login_as, moderator, cf, status, says):
    consultation = cf.consultation()
    plan = db.session.get(Plan, consultation.plan_id)
    client = login_as(moderator)
    edited = client.post(f"/admin/styrdokument/{plan.id}/redigera",
                         data=plan_data(registry_number=plan.registry_number, status=status))
    created = client.post("/admin/styrdokument/nytt",
                          data=plan_data(registry_number="KS 2026/999", status=status))
    for response in (edited, created):
        assert response.status_code == 400
        assert says in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).status == PlanStatus.CONSULTATION
    assert db.session.scalars(select(Plan.id)).all() == [plan.id]


def test_the_editor_offers_the_statuses_that_fit(client, login_as, moderator, cf, plf):
    consultation = cf.consultation()
    client = login_as(moderator)
    before = client.get(f"/admin/styrdokument/{consultation.plan_id}/redigera").get_data(
        as_text=True)
    new = client.get("/admin/styrdokument/nytt").get_data(as_text=True)
    after = client.get(f"/admin/styrdokument/{plf.plan().id}/redigera").get_data(as_text=True)
    for html in (before, new):
        assert 'value="consultation"' in html and 'value="adopted"' not in html
        assert 'name="decision_body"' not in html
    assert 'value="expired"' in after and 'value="draft"' not in after
    assert 'name="decision_body"' in after and 'name="decision_registry_number"' in after
