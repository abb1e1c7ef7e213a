"""The draft page: the period and days left, its sections with their comment
counts, and why comments are closed outside the period."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.consultation.services import today
from app.extensions import db
from app.plans.models import PlanStatus
from tests.consultation.helpers import draft_url
from tests.proposals.helpers import assert_safe


def test_the_draft_shows_its_sections_period_and_comment_counts(client, cf):
    consultation = cf.consultation(days_before=3, days_after=11)
    vision, first, second = cf.sections(cf.first_version(consultation))
    cf.comment(first)
    cf.comment(first)
    cf.comment(second)

    html = client.get(draft_url(consultation)).get_data(as_text=True)

    assert "Vision" in html and first.title in html and second.title in html
    assert "11 dagar kvar" in html
    assert "Öppet för kommentarer" in html
    assert today().strftime("%Y") in html
    assert "2 kommentarer" in html and "1 kommentar" in html and "0 kommentarer" in html
    assert html.index("Vision") < html.index(first.title) < html.index(second.title)
    assert_safe(html)


def test_the_last_day_says_so(client, cf):
    consultation = cf.consultation(days_after=0)
    assert "Sista dagen idag" in client.get(draft_url(consultation)).get_data(as_text=True)


@pytest.mark.parametrize("before, after, status, says", [
    (-2, 10, PlanStatus.CONSULTATION, "Samrådet har inte börjat"),
    (20, -1, PlanStatus.CONSULTATION, "Samrådet avslutades"),
    (5, 5, PlanStatus.ADOPTED, "Styrdokumentet är antaget"),
    (5, 5, PlanStatus.EXPIRED, "Styrdokumentet har upphört"),
])
def test_outside_the_period_comments_are_closed_and_the_page_says_why(
        client, cf, login_as, resident, before, after, status, says):
    consultation = cf.consultation(days_before=before, days_after=after, status=status)
    section = cf.sections(cf.first_version(consultation))[1]
    login_as(resident)

    html = client.get(draft_url(consultation)).get_data(as_text=True)
    assert "Det går inte att kommentera." in html and says in html
    section_html = client.get(f"{draft_url(consultation)}/avsnitt/{section.id}").get_data(
        as_text=True)
    assert says in section_html
    assert 'name="body"' not in section_html


def test_a_draft_plan_s_consultation_is_hidden_from_everyone_but_editors(
        client, cf, login_as, resident, moderator):
    consultation = cf.consultation(status=PlanStatus.DRAFT)
    assert client.get(draft_url(consultation)).status_code == 404
    assert login_as(resident).get(draft_url(consultation)).status_code == 404
    assert login_as(moderator).get(draft_url(consultation)).status_code == 200


def test_a_plan_without_consultation_has_no_draft_page(client, plf):
    plan = plf.plan(status=PlanStatus.CONSULTATION)
    assert client.get(f"/styrdokument/{plan.id}/samrad").status_code == 404
    assert client.get("/styrdokument/999999/samrad").status_code == 404


def test_an_unpublished_draft_is_not_shown(client, cf):
    consultation = cf.consultation(published=False)
    html = client.get(draft_url(consultation)).get_data(as_text=True)
    assert "Utkastet är inte publicerat än" in html
    assert "Vision" not in html


def test_the_plan_page_points_to_the_consultation(client, cf):
    consultation = cf.consultation()
    html = client.get(f"/styrdokument/{consultation.plan_id}").get_data(as_text=True)
    assert "Läs utkastet och kommentera" in html
    assert draft_url(consultation) in html


def test_the_period_not_set_keeps_comments_closed(client, cf):
    consultation = cf.consultation()
    consultation.starts_on = consultation.ends_on = None
    db.session.commit()
    html = client.get(draft_url(consultation)).get_data(as_text=True)
    assert "Samrådstiden är inte bestämd än" in html


def test_the_section_page_lists_comments_from_every_version(client, cf):
    consultation = cf.consultation()
    first = cf.first_version(consultation)
    old_section = cf.sections(first)[1]
    cf.comment(old_section, body="Kommentar på version ett")
    second = cf.version(consultation, copy_of=first, commit=True)
    new_section = cf.sections(second)[1]
    cf.comment(new_section, body="Kommentar på version två")

    html = client.get(f"{draft_url(consultation)}/avsnitt/{new_section.id}").get_data(
        as_text=True)
    assert "Kommentar på version ett" in html and "Kommentar på version två" in html
    assert "på version 1" in html
    assert "2 kommentarer" in client.get(draft_url(consultation)).get_data(as_text=True)
    old_html = client.get(f"{draft_url(consultation)}/avsnitt/{old_section.id}").get_data(
        as_text=True)
    assert "Det finns en nyare version av avsnittet" in old_html
    assert 'name="body"' not in old_html


def test_sections_of_other_consultations_and_drafts_are_not_found(client, cf):
    consultation = cf.consultation()
    other = cf.consultation()
    foreign = cf.sections(cf.first_version(other))[0]
    draft = cf.version(consultation, published=False,
                       copy_of=cf.first_version(consultation), commit=True)
    unpublished = cf.sections(draft)[0]
    base = draft_url(consultation)
    assert client.get(f"{base}/avsnitt/{foreign.id}").status_code == 404
    assert client.get(f"{base}/avsnitt/{unpublished.id}").status_code == 404
    assert client.get(f"{base}/avsnitt/2147483647").status_code == 404
    assert client.get(f"{base}/avsnitt/2147483648").status_code == 404


def test_days_left_count_from_today_in_the_municipality(cf):
    from app.consultation.services import openness

    consultation = cf.consultation(days_after=3)
    plan = db.session.get(type(consultation).plan.property.mapper.class_, consultation.plan_id)
    published = cf.first_version(consultation)
    assert openness(plan, consultation, published).days_left == 3
    later = openness(plan, consultation, published, on=today() + timedelta(days=4))
    assert not later.is_open
