"""The public page of an adopted plan shows the whole road: the consultation
period, its versions, who took part, and the decision."""

from __future__ import annotations

import re

from app.adoption import queries
from app.consultation.models import ConsultationReport, SectionProposal
from app.core.models import utcnow
from app.extensions import db
from app.plans.models import Plan
from tests.adoption.helpers import adopt_url, closing_today, decision_data, long_date


def _participants(cf, of, gf, pf, make, consultation):
    """Five people, two organisations and three groups, plus what does not count."""
    first = cf.first_version(consultation)
    second = cf.version(consultation, copy_of=first, commit=True)
    one, two = cf.sections(first)[0], cf.sections(second)[1]
    anna, bo, cilla, dan, eva, fia, gus = (make.user() for _ in range(7))
    cf.comment(one, anna)
    cf.comment(two, anna)                                   # the same person twice
    cf.comment(two, bo, organisation=of.organisation(bo))   # a person for an organisation
    hidden = cf.comment(one, cilla)
    hidden.hidden_at = utcnow()                             # hidden: not counted
    club = of.organisation(dan)
    response = cf.response(consultation, club, dan)
    response.edited_by_id = eva.id                          # the one who changed it counts too
    group = gf.group(fia)
    tied = pf.proposal(fia)
    tied.group_id = group.id                                # a person for a group
    cf.comment(one, fia, group=gf.group(fia))               # a group's comment
    cf.response(consultation, None, fia, group=gf.group(fia))  # a group's response
    waiting = pf.proposal(gus, status="submitted")          # not public: not counted
    mine = pf.proposal(anna)
    for proposal in (tied, waiting, mine):
        db.session.add(SectionProposal(proposal_id=proposal.id, section_id=one.id))
    db.session.commit()
    return first, second


def test_participants_are_counted_once_each_by_the_page_s_definition(cf, of, gf, pf, make):
    consultation = closing_today(cf)
    _participants(cf, of, gf, pf, make, consultation)
    assert queries.participants(consultation) == queries.Participants(5, 2, 3)
    assert queries.participants(None) == queries.Participants()


def test_the_plan_page_shows_the_whole_road(client, login_as, moderator, cf, of, gf, pf, make):
    consultation = closing_today(cf)
    first, second = _participants(cf, of, gf, pf, make, consultation)
    login_as(moderator).post(adopt_url(consultation.plan_id), data=decision_data())
    client.get("/konto/logga-ut")
    with client.session_transaction() as session:
        session.clear()

    html = client.get(f"/styrdokument/{consultation.plan_id}").get_data(as_text=True)

    road = html[html.index('id="vagen"'):]
    assert "Från utkast till beslut" in road
    assert f"{long_date(consultation.starts_on)}</time> – " in road
    for version in (first, second):
        assert f"/styrdokument/{consultation.plan_id}/samrad/versioner/{version.id}" in road
    assert re.search(r"Version 2, publicerad [^<]+ – den antagna versionen", road)
    assert "5 personer" in road and "2 organisationer" in road
    assert "3 lokala utvecklingsgrupper" in road and "Dolda kommentarer" in road
    assert "<dd>Kommunfullmäktige</dd>" in road and "<dd>§ 45</dd>" in road
    assert "<dd>KS 2026/88</dd>" in road
    assert "Samrådsredogörelse" not in road  # not published yet
    assert "Läs utkastet och kommentera" not in html  # the open consultation's panel is gone


def test_plans_show_only_what_they_have(client, plf, cf):
    adopted_without = plf.plan()
    in_consultation = cf.consultation()
    plain = client.get(f"/styrdokument/{adopted_without.id}").get_data(as_text=True)
    open_one = client.get(f"/styrdokument/{in_consultation.plan_id}").get_data(as_text=True)
    assert 'id="vagen"' not in plain and "Antaget" not in plain.split("<article")[1][:2000]
    assert 'id="vagen"' not in open_one and "Läs utkastet och kommentera" in open_one
    assert db.session.get(Plan, in_consultation.plan_id).status == "consultation"


def test_the_road_links_the_published_consultation_report(client, login_as, moderator, cf,
                                                          make):
    consultation = closing_today(cf)
    cf.first_version(consultation)
    login_as(moderator).post(adopt_url(consultation.plan_id), data=decision_data())
    db.session.add(ConsultationReport(consultation_id=consultation.id,
                                      published_by_id=moderator.id))
    db.session.commit()
    client.get("/konto/logga-ut")

    road = client.get(f"/styrdokument/{consultation.plan_id}").get_data(as_text=True)
    road = road[road.index('id="vagen"'):]
    assert "<h3>Samrådsredogörelse</h3>" in road
    assert f'href="/styrdokument/{consultation.plan_id}/samrad/redogorelse"' in road
