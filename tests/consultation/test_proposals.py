"""A proposal sent about a section: tied to it, shown on both pages; refused
when the consultation is closed."""

from __future__ import annotations

from sqlalchemy import select

from app.consultation.models import SectionProposal
from app.extensions import db
from app.plans.models import PlanStatus
from app.proposals.models import Proposal
from tests.consultation.helpers import count, section_url
from tests.proposals.helpers import key


def _form(community, theme, **overrides) -> dict:
    return {"title": "Bygdegården som mötesplats", "body": "Öppna bygdegården för alla.",
            "community": str(community.id), "theme": str(theme.id),
            "submission_key": key(), "action": "send", **overrides}


def test_a_proposal_about_a_section_is_tied_to_it(client, cf, pf, make, login_as, resident,
                                                  participation):
    participation(premoderation=False)
    consultation = cf.consultation()
    section = cf.sections(cf.first_version(consultation))[1]
    community, theme = make.community(), pf.theme()
    client = login_as(resident)

    form = client.get(f"/forslag/nytt?avsnitt={section.id}").get_data(as_text=True)
    assert "Ditt förslag lämnas om avsnittet" in form
    assert f"avsnitt={section.id}" in form
    data = _form(community, theme)
    for _ in range(2):  # a double submit makes one proposal and one tie
        assert client.post(f"/forslag/nytt?avsnitt={section.id}", data=data).status_code == 302

    proposal = db.session.scalars(select(Proposal)).one()
    tie = db.session.scalars(select(SectionProposal)).one()
    assert (tie.proposal_id, tie.section_id) == (proposal.id, section.id)
    page = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert "Lämnat under ett samråd" in page and section_url(consultation, section) in page
    section_page = client.get(section_url(consultation, section)).get_data(as_text=True)
    assert "Bygdegården som mötesplats" in section_page
    draft_page = client.get(f"/styrdokument/{consultation.plan_id}/samrad").get_data(
        as_text=True)
    assert "1 förslag" in draft_page


def test_a_waiting_proposal_is_not_listed_with_the_section(client, cf, pf, make, login_as,
                                                          resident):
    consultation = cf.consultation()
    section = cf.sections(cf.first_version(consultation))[1]
    login_as(resident).post(f"/forslag/nytt?avsnitt={section.id}",
                            data=_form(make.community(), pf.theme()))
    assert count(SectionProposal) == 1
    html = client.get(section_url(consultation, section)).get_data(as_text=True)
    assert "Inga förslag om det här avsnittet än" in html


def test_no_proposals_about_a_closed_consultation(client, cf, pf, make, login_as, resident):
    consultation = cf.consultation(status=PlanStatus.ADOPTED)
    section = cf.sections(cf.first_version(consultation))[1]
    client = login_as(resident)
    response = client.get(f"/forslag/nytt?avsnitt={section.id}")
    assert response.status_code == 302
    assert response.location.endswith(section_url(consultation, section))
    response = client.post(f"/forslag/nytt?avsnitt={section.id}",
                           data=_form(make.community(), pf.theme()), follow_redirects=True)
    assert "Styrdokumentet är antaget" in response.get_data(as_text=True)
    assert count(Proposal) == 0 and count(SectionProposal) == 0


def test_unknown_or_unpublished_sections_are_not_found(client, cf, login_as, resident):
    draft = cf.first_version(cf.consultation(published=False))
    client = login_as(resident)
    for value in ("999999", "abc", "1234567890", str(cf.sections(draft)[0].id)):
        assert client.get(f"/forslag/nytt?avsnitt={value}").status_code == 404, value
    hidden = cf.first_version(cf.consultation(status=PlanStatus.DRAFT))
    assert client.get(f"/forslag/nytt?avsnitt={cf.sections(hidden)[0].id}").status_code == 404
