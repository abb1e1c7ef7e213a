"""Commenting on a section: as oneself or for an organisation, only on the
current version and only while the consultation runs; bad input refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.consultation.models import SectionComment
from app.extensions import db
from app.plans.models import PlanStatus
from tests.consultation.helpers import count, section_url
from tests.moderation.test_blocks import set_block
from tests.proposals.helpers import assert_safe, key


def _post(client, consultation, section, body="Bra att bygden får ett eget mål.", **extra):
    return client.post(f"{section_url(consultation, section)}/kommentarer",
                       data={"body": body, "submission_key": key(), **extra})


@pytest.fixture
def open_draft(cf):
    consultation = cf.consultation()
    return consultation, cf.sections(cf.first_version(consultation))[1]


def test_a_resident_comments_on_a_section(client, login_as, resident, open_draft):
    consultation, section = open_draft
    response = _post(login_as(resident), consultation, section,
                     body="Ja **tack** <script>alert(1)</script>")

    assert response.status_code == 302
    comment = db.session.scalars(select(SectionComment)).one()
    assert (comment.section_id, comment.author_id, comment.organisation_id) == (
        section.id, resident.id, None)
    assert response.location.endswith(f"#kommentar-{comment.id}")
    html = client.get(section_url(consultation, section)).get_data(as_text=True)
    assert "Ja <strong>tack</strong>" in html and resident.display_name in html
    assert "1 kommentar" in html
    assert_safe(html)


def test_a_member_comments_for_the_organisation(client, login_as, resident, of, open_draft):
    consultation, section = open_draft
    club = of.organisation(resident, name="Hembygdsföreningen")

    assert _post(login_as(resident), consultation, section,
                 acting_as=str(club.id)).status_code == 302
    assert db.session.scalars(select(SectionComment)).one().organisation_id == club.id
    html = client.get(section_url(consultation, section)).get_data(as_text=True)
    assert "Hembygdsföreningen" in html


def test_acting_for_someone_else_s_organisation_is_refused(client, login_as, resident, of,
                                                           open_draft):
    consultation, section = open_draft
    other = of.organisation()
    assert _post(login_as(resident), consultation, section,
                 acting_as=str(other.id)).status_code == 403
    assert count() == 0


@pytest.mark.parametrize("before, after, status", [
    (-1, 10, PlanStatus.CONSULTATION), (30, -1, PlanStatus.CONSULTATION),
    (5, 5, PlanStatus.ADOPTED), (5, 5, PlanStatus.EXPIRED)])
def test_comments_outside_the_period_are_refused(client, cf, login_as, resident, before, after,
                                                 status):
    consultation = cf.consultation(days_before=before, days_after=after, status=status)
    section = cf.sections(cf.first_version(consultation))[0]
    response = _post(login_as(resident), consultation, section)
    assert response.status_code == 400
    assert "Det går inte att kommentera." in response.get_data(as_text=True)
    assert count() == 0


def test_a_section_of_an_older_version_takes_no_comments(client, cf, login_as, resident):
    consultation = cf.consultation()
    first = cf.first_version(consultation)
    cf.version(consultation, copy_of=first, commit=True)
    old = cf.sections(first)[0]
    response = _post(login_as(resident), consultation, old)
    assert response.status_code == 400
    assert "Kommentera den senaste versionen" in response.get_data(as_text=True)
    assert count() == 0


def test_tampered_section_ids_are_not_found(client, cf, login_as, resident, open_draft):
    consultation, _section = open_draft
    foreign = cf.sections(cf.first_version(cf.consultation()))[0]
    client = login_as(resident)
    assert _post(client, consultation, foreign).status_code == 404
    assert client.post(f"/styrdokument/{consultation.plan_id}/samrad/avsnitt/99999999/"
                       "kommentarer", data={"body": "x", "submission_key": key()}
                       ).status_code == 404
    assert count() == 0


@pytest.mark.parametrize("body, says", [
    ("", "Skriv en kommentar"), ("   ", "Skriv en kommentar"),
    ("x" * 5001, "högst 5 000 tecken"),
    ("Ring mig på 070-123 45 67", "telefonnummer"),
])
def test_bad_comments_are_refused_with_a_reason(client, login_as, resident, open_draft, body,
                                                says):
    consultation, section = open_draft
    response = _post(login_as(resident), consultation, section, body=body)
    assert response.status_code == 400
    assert says in response.get_data(as_text=True)
    assert count() == 0


def test_sending_the_same_form_twice_adds_one_comment(client, login_as, resident, open_draft):
    consultation, section = open_draft
    client = login_as(resident)
    same = key()
    for _ in range(2):
        assert _post(client, consultation, section, submission_key=same).status_code == 302
    assert count() == 1


def test_a_key_taken_by_someone_else_is_refused(client, login_as, make, resident, open_draft):
    consultation, section = open_draft
    taken = key()
    _post(login_as(make.user()), consultation, section, submission_key=taken)
    response = _post(login_as(resident), consultation, section, submission_key=taken)
    assert response.status_code == 400
    assert count() == 1


def test_blocked_and_anonymous_people_cannot_comment(client, login_as, resident, open_draft):
    consultation, section = open_draft
    assert _post(client, consultation, section).status_code == 302  # to sign in
    set_block(resident)
    assert _post(login_as(resident), consultation, section).status_code == 403
    assert count() == 0


def test_the_page_counts_only_shown_comments(client, cf, open_draft):
    consultation, section = open_draft
    from app.core.models import utcnow

    hidden = cf.comment(section)
    cf.comment(section)
    hidden.hidden_at, hidden.hidden_reason = utcnow(), "Personangrepp"
    db.session.commit()
    html = client.get(f"/styrdokument/{consultation.plan_id}/samrad").get_data(as_text=True)
    assert "1 kommentar" in html
    section_html = client.get(section_url(consultation, section)).get_data(as_text=True)
    assert "Dolt av moderator" in section_html and "Personangrepp" in section_html
    assert "1 kommentar" in section_html


def test_comments_are_paged(client, cf, open_draft):
    consultation, section = open_draft
    for n in range(23):
        cf.comment(section, body=f"Kommentar nummer {n:02d}", commit=False)
    db.session.commit()
    first = client.get(section_url(consultation, section)).get_data(as_text=True)
    assert "Kommentar nummer 00" in first and "Kommentar nummer 22" not in first
    second = client.get(section_url(consultation, section) + "?sida=2").get_data(as_text=True)
    assert "Kommentar nummer 22" in second
