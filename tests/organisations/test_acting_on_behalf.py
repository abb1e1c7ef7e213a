"""Acting on behalf of an organisation: proposals, comments and the organisation's
own support, and every way of trying to speak for an organisation one may not."""

from __future__ import annotations

import re
import secrets

import pytest
from flask_babel import force_locale, gettext, ngettext
from sqlalchemy import select

from app.extensions import db
from app.proposals.models import (
    Comment,
    Follow,
    OrganisationSupport,
    Proposal,
    ProposalHistory,
    ProposalStatus,
    ReferenceCounter,
    Support,
)
from tests.organisations.helpers import assert_safe, reload, shown


def _key() -> str:
    return secrets.token_urlsafe(24)


def _proposal_form(theme, **overrides) -> dict:
    data = {"title": "Gemensam julmarknad", "body": "Vi vill ordna en julmarknad på torget.",
            "community": "hela-kommunen", "theme": str(theme.id), "submission_key": _key(),
            "action": "send"}
    data.update(overrides)
    return data


def _comment_form(**overrides) -> dict:
    data = {"body": "Vi hjälper gärna till med tält.", "submission_key": _key()}
    data.update(overrides)
    return data


def _via(name: str) -> str:
    with force_locale("sv"):
        return shown(gettext("via %(name)s", name=name))


def _split(residents: int, organisations: int) -> str:
    with force_locale("sv"):
        return shown(ngettext("%(num)s resident", "%(num)s residents", residents) + " · "
                     + ngettext("%(num)s organisation", "%(num)s organisations", organisations))


@pytest.fixture
def setup(of, make, pf, participation):
    """A verified business with a member, an unverified one, and someone else's."""
    participation(premoderation=False)
    member = make.user(display_name="Maja Medlem")
    business = of.organisation(member, name="Bageriet AB", kind="company")
    pending = of.organisation(member, name="Väntande förening", status="unverified")
    foreign = of.organisation(name="Främmande förening")
    return {"member": member, "business": business, "pending": pending, "foreign": foreign,
            "theme": pf.theme()}


def _snapshot(rows) -> tuple:
    return tuple(rows(model) for model in (Proposal, ProposalHistory, Follow, Comment, Support,
                                           OrganisationSupport, ReferenceCounter))


def test_the_form_offers_only_verified_organisations(setup, login_as):
    html = login_as(setup["member"]).get("/forslag/nytt").get_data(as_text=True)
    select_ = re.search(r'<select[^>]*name="acting_as"[^>]*>(.*?)</select>', html, re.S)
    assert select_ is not None
    offered = re.findall(r'<option value="([^"]*)"', select_.group(1))
    assert offered == ["", str(setup["business"].id)]


def test_people_without_organisations_see_no_choice(login_as, resident):
    html = login_as(resident).get("/forslag/nytt").get_data(as_text=True)
    assert 'name="acting_as"' not in html


def test_a_member_submits_a_proposal_for_the_organisation(setup, login_as, app):
    client = login_as(setup["member"])
    response = client.post("/forslag/nytt", data=_proposal_form(
        setup["theme"], acting_as=str(setup["business"].id)))
    assert response.status_code == 302

    proposal = db.session.scalars(select(Proposal)).one()
    assert proposal.organisation_id == setup["business"].id
    assert proposal.author_id == setup["member"].id
    html = app.test_client().get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert shown("Bageriet AB") in html
    assert _via("Maja Medlem") in html


def test_choosing_oneself_sends_a_personal_proposal(setup, login_as):
    client = login_as(setup["member"])
    assert client.post("/forslag/nytt", data=_proposal_form(
        setup["theme"], acting_as="")).status_code == 302
    assert db.session.scalars(select(Proposal)).one().organisation_id is None


@pytest.mark.parametrize("target", ["foreign", "pending", "unknown", "text", "huge", "zero"])
def test_a_tampered_acting_as_is_403_and_saves_nothing(setup, login_as, rows, pf, target):
    value = {"foreign": str(setup["foreign"].id), "pending": str(setup["pending"].id),
             "unknown": "999999", "text": "abc", "huge": "999999999999",
             "zero": "0"}[target]
    proposal = pf.proposal()
    before = _snapshot(rows)
    client = login_as(setup["member"])

    assert client.post("/forslag/nytt", data=_proposal_form(
        setup["theme"], acting_as=value)).status_code == 403
    assert client.post("/forslag/nytt", data=_proposal_form(
        setup["theme"], acting_as=value, action="preview")).status_code == 403
    assert client.post(f"/forslag/{proposal.reference}/kommentarer",
                       data=_comment_form(acting_as=value)).status_code == 403
    assert client.post(f"/forslag/{proposal.reference}/stod",
                       data={"organisation": value}).status_code == 403
    assert client.post(f"/forslag/{proposal.reference}/ta-tillbaka-stod",
                       data={"organisation": value}).status_code == 403

    assert _snapshot(rows) == before
    fresh = reload(proposal)
    assert (fresh.support_count, fresh.organisation_support_count, fresh.comment_count) == \
        (0, 0, 0)


def test_former_members_can_no_longer_act(setup, of, make, login_as, rows, pf):
    proposal = pf.proposal()
    leaver = make.user()
    membership = of.member(setup["business"], leaver)
    db.session.delete(membership)
    db.session.commit()
    client = login_as(leaver)
    assert client.post(f"/forslag/{proposal.reference}/stod",
                       data={"organisation": str(setup["business"].id)}).status_code == 403
    assert rows(OrganisationSupport) == 0


def test_a_comment_for_the_organisation_shows_its_name_and_the_member(setup, login_as, app,
                                                                      pf):
    proposal = pf.proposal()
    response = login_as(setup["member"]).post(
        f"/forslag/{proposal.reference}/kommentarer",
        data=_comment_form(acting_as=str(setup["business"].id)))
    assert response.status_code == 302
    comment = db.session.scalars(select(Comment)).one()
    assert comment.organisation_id == setup["business"].id
    assert comment.author_id == setup["member"].id
    html = app.test_client().get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert shown("Bageriet AB") in html and _via("Maja Medlem") in html
    assert_safe(html)


def test_an_organisation_supports_once_apart_from_its_members(setup, of, make, login_as, pf,
                                                              rows, app):
    proposal = pf.proposal()
    colleague = make.user()
    of.member(setup["business"], colleague)
    business = str(setup["business"].id)

    client = login_as(setup["member"])
    assert client.post(f"/forslag/{proposal.reference}/stod",
                       data={"organisation": business}).status_code == 302
    # The member's own support is separate.
    assert client.post(f"/forslag/{proposal.reference}/stod").status_code == 302
    # A colleague supporting for the organisation again changes nothing.
    assert login_as(colleague).post(f"/forslag/{proposal.reference}/stod",
                                    data={"organisation": business}).status_code == 302

    assert rows(OrganisationSupport) == 1
    assert rows(Support) == 1
    support = db.session.scalars(select(OrganisationSupport)).one()
    assert (support.organisation_id, support.user_id) == (setup["business"].id,
                                                          setup["member"].id)
    fresh = reload(proposal)
    assert (fresh.support_count, fresh.organisation_support_count) == (1, 1)
    for url in (f"/forslag/{proposal.reference}", "/forslag"):
        assert _split(1, 1) in app.test_client().get(url).get_data(as_text=True), url

    # Any member may withdraw the organisation's support; the personal one stays.
    assert login_as(colleague).post(f"/forslag/{proposal.reference}/ta-tillbaka-stod",
                                    data={"organisation": business}).status_code == 302
    assert rows(OrganisationSupport) == 0 and rows(Support) == 1
    fresh = reload(proposal)
    assert (fresh.support_count, fresh.organisation_support_count) == (1, 0)
    assert _split(1, 0) in app.test_client().get(
        f"/forslag/{proposal.reference}").get_data(as_text=True)


def test_an_organisation_cannot_support_its_own_proposal(setup, login_as, rows, pf):
    proposal = pf.proposal(setup["member"])
    proposal.organisation_id = setup["business"].id
    db.session.commit()
    client = login_as(setup["member"])
    assert client.post(f"/forslag/{proposal.reference}/stod",
                      data={"organisation": str(setup["business"].id)}).status_code == 302
    assert rows(OrganisationSupport) == 0
    assert reload(proposal).organisation_support_count == 0


def test_closed_proposals_cannot_get_organisation_supports(setup, login_as, rows, pf):
    proposal = pf.proposal(status=ProposalStatus.ANSWERED)
    response = login_as(setup["member"]).post(
        f"/forslag/{proposal.reference}/stod", data={"organisation": str(setup["business"].id)})
    assert response.status_code == 302
    assert rows(OrganisationSupport) == 0


def _support_three_ways(setup, of, make, login_as, proposal):
    """One resident and two organisations support the proposal."""
    login_as(make.user()).post(f"/forslag/{proposal.reference}/stod")
    login_as(setup["member"]).post(f"/forslag/{proposal.reference}/stod",
                                   data={"organisation": str(setup["business"].id)})
    other_admin = make.user()
    association = of.organisation(other_admin, kind="association")
    login_as(other_admin).post(f"/forslag/{proposal.reference}/stod",
                               data={"organisation": str(association.id)})


def test_by_default_only_residents_count_toward_the_threshold(setup, of, make, login_as, pf,
                                                              participation):
    participation(premoderation=False, threshold=2)
    proposal = pf.proposal()
    _support_three_ways(setup, of, make, login_as, proposal)
    fresh = reload(proposal)
    assert (fresh.support_count, fresh.organisation_support_count) == (1, 2)
    assert fresh.threshold_reached_at is None
    assert fresh.status == ProposalStatus.PUBLISHED


def test_the_municipality_can_let_organisations_count(setup, of, make, login_as, pf, admin,
                                                      participation):
    participation(premoderation=False, threshold=100)
    response = login_as(admin).post("/admin/forslag", data={
        "premoderation": "", "support_threshold": "2", "support_window_days": "60",
        "report_threshold": "3",
        "threshold_counts_organisations": "y"})
    assert response.status_code == 302
    proposal = pf.proposal()
    _support_three_ways(setup, of, make, login_as, proposal)
    fresh = reload(proposal)
    assert fresh.threshold_reached_at is not None
    assert fresh.status == ProposalStatus.UNDER_CONSIDERATION

    # Turning it off again goes back to residents only.
    assert login_as(admin).post("/admin/forslag", data={
        "premoderation": "", "support_threshold": "2", "support_window_days": "60",
        "report_threshold": "3"}
    ).status_code == 302
    later = pf.proposal()
    _support_three_ways(setup, of, make, login_as, later)
    assert reload(later).threshold_reached_at is None


def test_an_organisations_support_alone_reaches_the_threshold_when_it_counts(
        setup, login_as, pf, participation):
    participation(premoderation=False, threshold=1, counts_organisations=True)
    proposal = pf.proposal()
    login_as(setup["member"]).post(f"/forslag/{proposal.reference}/stod",
                                   data={"organisation": str(setup["business"].id)})
    assert reload(proposal).status == ProposalStatus.UNDER_CONSIDERATION


def test_the_setting_is_admin_only(make, login_as, participation):
    participation()
    response = login_as(make.user()).post("/admin/forslag", data={
        "support_threshold": "1", "support_window_days": "60",
        "report_threshold": "3",
        "threshold_counts_organisations": "y"})
    assert response.status_code == 403
    from app.site.services import get_settings
    db.session.expire_all()
    assert get_settings().threshold_counts_organisations is False
