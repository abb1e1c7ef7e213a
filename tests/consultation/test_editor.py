"""Moderators write the draft: the period, versions, sections, publishing; a
published version is frozen; every change is in the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.consultation.models import (
    Consultation,
    DraftSection,
    DraftVersion,
    SectionKind,
    VersionStatus,
)
from app.core.audit import AuditEntry
from app.extensions import db
from app.plans.models import Challenge, PlanStatus
from tests.consultation.helpers import count


def _audit() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def _versions(consultation_id: int) -> list[DraftVersion]:
    db.session.expire_all()
    return list(db.session.scalars(select(DraftVersion).where(
        DraftVersion.consultation_id == consultation_id).order_by(DraftVersion.number)))


def _draft_data(version: DraftVersion, **changes) -> dict:
    data = {"note": changes.pop("note", "")}
    for index, section in enumerate(db.session.scalars(select(DraftSection).where(
            DraftSection.version_id == version.id).order_by(DraftSection.position))):
        data[f"sections-{index}-section_id"] = str(section.id)
        data[f"sections-{index}-title"] = section.title
        data[f"sections-{index}-body"] = changes.get(section.title, section.body)
    return data


def test_a_moderator_starts_a_draft_writes_and_publishes_it(client, login_as, moderator, plf,
                                                            cf):
    plan = plf.plan(status=PlanStatus.CONSULTATION)
    for position, title in enumerate(["Levande landsbygd", "Mötesplatser"], start=1):
        db.session.add(Challenge(plan_id=plan.id, position=position, title=title))
    db.session.commit()
    client = login_as(moderator)

    assert client.post(f"/admin/styrdokument/{plan.id}/samrad", data={
        "starts_on": "2026-05-01", "ends_on": "2026-06-30"}).status_code == 302
    response = client.post(f"/admin/styrdokument/{plan.id}/samrad/ny-version")
    [version] = _versions(db.session.scalars(select(Consultation.id)).one())
    assert response.location.endswith(f"/admin/styrdokument/samrad/versioner/{version.id}")
    assert [s.title for s in cf.sections(version)] == ["Levande landsbygd", "Mötesplatser"]

    page = client.get(f"/admin/styrdokument/samrad/versioner/{version.id}")
    assert page.status_code == 200 and "Levande landsbygd" in page.get_data(as_text=True)
    assert client.post(f"/admin/styrdokument/samrad/versioner/{version.id}/avsnitt", data={
        "title": "Vision", "body": "Alla ska kunna bo kvar."}).status_code == 302
    data = _draft_data(version, **{"Levande landsbygd": "Byarna ska leva.\n\nFler jobb.",
                                   "note": "Första utkastet"})
    data["sections-2-title"] = "Vår vision"
    assert client.post(f"/admin/styrdokument/samrad/versioner/{version.id}",
                       data=data).status_code == 302
    assert client.post(f"/admin/styrdokument/samrad/versioner/{version.id}/publicera"
                       ).status_code == 302

    [version] = _versions(version.consultation_id)
    assert version.status == VersionStatus.PUBLISHED and version.note == "Första utkastet"
    assert [(s.title, s.body) for s in cf.sections(version)] == [
        ("Levande landsbygd", "Byarna ska leva.\n\nFler jobb."), ("Mötesplatser", ""),
        ("Vår vision", "Alla ska kunna bo kvar.")]
    assert _audit() == ["consultation.created", "consultation.period_set",
                        "consultation.version_started", "consultation.section_added",
                        "consultation.draft_edited", "consultation.version_published"]


def test_a_published_version_cannot_be_edited(client, login_as, moderator, cf):
    consultation = cf.consultation()
    version = cf.first_version(consultation)
    before = [(s.title, s.body) for s in cf.sections(version)]
    client = login_as(moderator)
    base = f"/admin/styrdokument/samrad/versioner/{version.id}"
    section = cf.sections(version)[0]

    page = client.get(base, follow_redirects=True).get_data(as_text=True)
    assert "Version 1 är publicerad och kan inte ändras" in page
    for url, data in [(base, _draft_data(version, Vision="Ändrat")),
                      (f"{base}/avsnitt", {"title": "Ny"}),
                      (f"{base}/avsnitt/{section.id}/flytta/down", {}),
                      (f"{base}/avsnitt/{section.id}/ta-bort", {}),
                      (f"{base}/kasta", {})]:
        response = client.post(url, data=data, follow_redirects=True)
        assert "kan inte ändras" in response.get_data(as_text=True), url
    db.session.expire_all()
    assert [(s.title, s.body) for s in cf.sections(version)] == before
    assert _audit() == []
    again = client.post(f"{base}/publicera", follow_redirects=True).get_data(as_text=True)
    assert "Version 1 är redan publicerad" in again


def test_a_revision_is_a_new_version_copied_from_the_last(client, login_as, moderator, cf):
    consultation = cf.consultation()
    first = cf.first_version(consultation)
    client = login_as(moderator)
    for _ in range(2):  # a double click starts one version
        client.post(f"/admin/styrdokument/{consultation.plan_id}/samrad/ny-version")
    versions = _versions(consultation.id)
    assert [(v.number, v.status) for v in versions] == [(1, "published"), (2, "draft")]
    old, new = cf.sections(first), cf.sections(versions[1])
    assert [(s.lineage, s.title, s.body) for s in old] == [
        (s.lineage, s.title, s.body) for s in new]
    assert {s.id for s in old}.isdisjoint({s.id for s in new})


def test_tampered_section_ids_save_nothing(client, login_as, moderator, cf):
    consultation = cf.consultation()
    draft = cf.version(consultation, published=False, copy_of=cf.first_version(consultation),
                       commit=True)
    data = _draft_data(draft, Vision="Ändrad vision")
    data["sections-1-section_id"] = str(cf.sections(cf.first_version(consultation))[1].id)
    response = login_as(moderator).post(f"/admin/styrdokument/samrad/versioner/{draft.id}",
                                        data=data)
    assert response.status_code == 400
    assert "inte hör till den här versionen" in response.get_data(as_text=True)
    db.session.expire_all()
    assert cf.sections(draft)[0].body != "Ändrad vision"
    bad = dict(data, **{"sections-1-section_id": "abc"})
    assert login_as(moderator).post(f"/admin/styrdokument/samrad/versioner/{draft.id}",
                                    data=bad).status_code == 400


@pytest.mark.parametrize("field, value, says", [
    ("sections-0-body", "x" * 20001, "högst 20 000 tecken"),
    ("sections-0-title", "", "Skriv avsnittets rubrik"),
    ("sections-0-title", "x" * 301, "högst 300 tecken"),
    ("note", "x" * 2001, "högst 2 000 tecken"),
])
def test_bad_draft_text_is_refused_whole(client, login_as, moderator, cf, field, value, says):
    consultation = cf.consultation(published=False)
    draft = cf.first_version(consultation)
    data = _draft_data(draft, **{cf.sections(draft)[1].title: "Ny text som inte sparas"})
    data[field] = value
    response = login_as(moderator).post(f"/admin/styrdokument/samrad/versioner/{draft.id}",
                                        data=data)
    assert response.status_code == 400
    assert says in response.get_data(as_text=True)
    db.session.expire_all()
    assert "Ny text som inte sparas" not in [s.body for s in cf.sections(draft)]


def test_hostile_html_in_the_draft_is_rendered_harmless(client, login_as, moderator, cf):
    consultation = cf.consultation(published=False)
    draft = cf.first_version(consultation)
    data = _draft_data(draft, Vision='<script>alert("x")</script> [klick](javascript:alert(1))')
    client = login_as(moderator)
    client.post(f"/admin/styrdokument/samrad/versioner/{draft.id}", data=data)
    client.post(f"/admin/styrdokument/samrad/versioner/{draft.id}/publicera")
    html = client.get(f"/styrdokument/{consultation.plan_id}/samrad").get_data(as_text=True)
    assert "<script>alert" not in html and 'href="javascript' not in html


def test_free_sections_move_and_go_but_challenge_sections_stay(client, login_as, moderator,
                                                               cf):
    consultation = cf.consultation(published=False, free_sections=("Vision", "Principer"))
    draft = cf.first_version(consultation)
    vision, principles, challenge, _other = cf.sections(draft)
    base = f"/admin/styrdokument/samrad/versioner/{draft.id}/avsnitt"
    client = login_as(moderator)

    client.post(f"{base}/{challenge.id}/flytta/up")
    client.post(f"{base}/{vision.id}/flytta/up")  # already first: nothing moves
    db.session.expire_all()
    assert [s.title for s in cf.sections(draft)][:3] == ["Vision", challenge.title, "Principer"]
    refused = client.post(f"{base}/{challenge.id}/ta-bort", follow_redirects=True)
    assert "kan inte tas bort här" in refused.get_data(as_text=True)
    client.post(f"{base}/{principles.id}/ta-bort")
    db.session.expire_all()
    assert [s.kind for s in cf.sections(draft)] == [SectionKind.FREE, SectionKind.CHALLENGE,
                                                    SectionKind.CHALLENGE]
    assert [s.position for s in cf.sections(draft)] == [1, 2, 3]
    assert client.post(f"{base}/{challenge.id}/flytta/sideways").status_code == 404
    other = cf.sections(cf.first_version(cf.consultation(published=False)))[0]
    client.post(f"{base}/{other.id}/ta-bort")
    assert db.session.get(DraftSection, other.id) is not None


def test_a_new_free_section_needs_a_title(client, login_as, moderator, cf):
    draft = cf.first_version(cf.consultation(published=False))
    response = login_as(moderator).post(
        f"/admin/styrdokument/samrad/versioner/{draft.id}/avsnitt",
        data={"title": " ", "body": "text"})
    assert response.status_code == 400
    assert "Skriv avsnittets rubrik" in response.get_data(as_text=True)
    assert count(DraftSection) == 3


def test_an_empty_draft_cannot_be_published(client, login_as, moderator, cf):
    draft = cf.first_version(cf.consultation(published=False))
    for section in cf.sections(draft):
        section.body = ""
    db.session.commit()
    response = login_as(moderator).post(
        f"/admin/styrdokument/samrad/versioner/{draft.id}/publicera", follow_redirects=True)
    assert "Skriv text i minst ett avsnitt" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(DraftVersion, draft.id).status == VersionStatus.DRAFT


def test_an_unpublished_version_can_be_thrown_away(client, login_as, moderator, cf):
    consultation = cf.consultation()
    draft = cf.version(consultation, published=False, copy_of=cf.first_version(consultation),
                       commit=True)
    login_as(moderator).post(f"/admin/styrdokument/samrad/versioner/{draft.id}/kasta")
    assert [v.number for v in _versions(consultation.id)] == [1]
    assert "consultation.draft_discarded" in _audit()


def test_challenges_added_later_get_a_section_when_saved(client, login_as, moderator, cf):
    consultation = cf.consultation(published=False)
    draft = cf.first_version(consultation)
    db.session.add(Challenge(plan_id=consultation.plan_id, position=9, title="Unga"))
    db.session.commit()
    client = login_as(moderator)
    page = client.get(f"/admin/styrdokument/samrad/versioner/{draft.id}").get_data(
        as_text=True)
    assert "läggs till när du sparar: Unga" in page
    client.post(f"/admin/styrdokument/samrad/versioner/{draft.id}", data=_draft_data(draft))
    db.session.expire_all()
    assert cf.sections(draft)[-1].title == "Unga"


@pytest.mark.parametrize("starts, ends, says", [
    ("2026-06-30", "2026-05-01", "Sista dagen kan inte vara före första dagen"),
    ("2026-01-01", "2027-06-01", "högst ett år"),
    ("", "2026-05-01", "Ange samrådets första dag"),
    ("1 maj", "2026-05-01", "Skriv datumet som 2026-03-31"),
])
def test_a_bad_period_is_refused(client, login_as, moderator, plf, starts, ends, says):
    plan = plf.plan(status=PlanStatus.CONSULTATION)
    response = login_as(moderator).post(f"/admin/styrdokument/{plan.id}/samrad",
                                        data={"starts_on": starts, "ends_on": ends})
    assert response.status_code == 400
    assert says in response.get_data(as_text=True)
    assert count(Consultation) == 0


def test_an_adopted_plan_s_draft_is_closed_for_revision(client, login_as, moderator, cf):
    consultation = cf.consultation(status=PlanStatus.ADOPTED)
    client = login_as(moderator)
    response = client.post(f"/admin/styrdokument/{consultation.plan_id}/samrad/ny-version",
                           follow_redirects=True)
    assert "utkastet kan inte längre ändras" in response.get_data(as_text=True)
    assert len(_versions(consultation.id)) == 1


def test_the_plan_editor_links_to_the_draft(client, login_as, moderator, cf):
    consultation = cf.consultation()
    html = login_as(moderator).get(
        f"/admin/styrdokument/{consultation.plan_id}/redigera").get_data(as_text=True)
    assert f"/admin/styrdokument/{consultation.plan_id}/samrad" in html
    assert "Version 1" in html


def test_an_unpublished_version_is_seen_by_editors_only(client, login_as, moderator, resident,
                                                       cf):
    consultation = cf.consultation()
    draft = cf.version(consultation, published=False, copy_of=cf.first_version(consultation),
                       commit=True)
    url = f"/styrdokument/{consultation.plan_id}/samrad/versioner/{draft.id}"
    assert login_as(resident).get(url).status_code == 404
    html = login_as(moderator).get(url).get_data(as_text=True)
    assert "Versionen är inte publicerad" in html
