"""Reporting proposals, comments and organisation profiles; the threshold that
hides an item; the moderators' queue, decisions and hourly summary."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.core.audit import AuditEntry
from app.core.models import utcnow
from app.extensions import db
from app.moderation import services
from app.moderation.models import Report, ReportTarget
from app.organisations.models import Organisation
from app.proposals.models import Comment, Proposal, ProposalStatus

QUEUE = "/moderering/anmalningar"


def report_url(kind: str, item_id: int) -> str:
    return f"/anmal/{kind}/{item_id}"


def count_reports() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Report))


def fresh(model, item_id):
    db.session.expire_all()
    return db.session.get(model, item_id)


@pytest.fixture
def threshold(participation):
    def set_threshold(value: int) -> None:
        from app.site.services import update_participation_settings

        participation(premoderation=False)
        update_participation_settings(False, 100, 60, report_threshold=value)
        db.session.commit()
    return set_threshold


# --- reporting -----------------------------------------------------------------

def test_a_resident_reports_a_proposal_once(login_as, make, pf, resident):
    proposal = pf.proposal(make.user())
    client = login_as(resident)

    page = client.get(report_url("forslag", proposal.id))
    assert page.status_code == 200 and "Anmäl" in page.get_data(as_text=True)
    response = client.post(report_url("forslag", proposal.id),
                           data={"reason": "spam", "text": "Reklam <b>för</b> bilar"})
    assert response.status_code == 302
    assert response.location.endswith(f"/forslag/{proposal.reference}")
    [row] = db.session.scalars(select(Report)).all()
    assert (row.target_type, row.target_id, row.reporter_id, row.reason, row.text) == (
        "proposal", proposal.id, resident.id, "spam", "Reklam <b>för</b> bilar")

    again = client.post(report_url("forslag", proposal.id), data={"reason": "other"})
    assert again.status_code == 400
    assert "redan anmält" in again.get_data(as_text=True)
    assert count_reports() == 1
    assert "redan anmält" in client.get(report_url("forslag", proposal.id)).get_data(
        as_text=True)


def test_comments_and_organisation_profiles_can_be_reported(login_as, make, pf, of,
                                                           resident):
    comment = pf.comment(pf.proposal(make.user()), make.user())
    organisation = of.organisation(make.user())
    client = login_as(resident)
    assert client.post(report_url("kommentar", comment.id),
                       data={"reason": "offensive"}).status_code == 302
    assert client.post(report_url("organisation", organisation.id),
                       data={"reason": "personal_data"}).status_code == 302
    kinds = sorted(db.session.scalars(select(Report.target_type)))
    assert kinds == ["comment", "organisation"]


def test_ones_own_content_cannot_be_reported(login_as, pf, of, resident):
    proposal = pf.proposal(resident)
    comment = pf.comment(proposal, resident)
    organisation = of.organisation(resident)
    client = login_as(resident)
    for kind, item_id in (("forslag", proposal.id), ("kommentar", comment.id),
                          ("organisation", organisation.id)):
        response = client.post(report_url(kind, item_id), data={"reason": "spam"})
        assert response.status_code == 400
        assert "ditt eget" in response.get_data(as_text=True)
    assert count_reports() == 0


@pytest.mark.parametrize(("data", "message"), [
    ({"reason": ""}, "Välj varför du anmäler"),
    ({"reason": "because"}, 'aria-invalid="true"'),
    ({"reason": "spam", "text": "x" * 1001}, "högst 1"),
])
def test_bad_reports_get_a_clear_error(login_as, make, pf, resident, data, message):
    proposal = pf.proposal(make.user())
    response = login_as(resident).post(report_url("forslag", proposal.id), data=data)
    assert response.status_code == 400
    assert count_reports() == 0
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/anmal/forslag/999999", "/anmal/kommentar/0",
                                 "/anmal/organisation/99999999999", "/anmal/tema/1",
                                 "/anmal/forslag/abc"])
def test_unknown_items_are_404(login_as, resident, url):
    assert login_as(resident).get(url).status_code == 404


def test_hidden_or_unpublished_proposals_cannot_be_reported(login_as, make, pf, resident):
    for status in (ProposalStatus.SUBMITTED, ProposalStatus.HIDDEN):
        proposal = pf.proposal(make.user(), status=status)
        assert login_as(resident).get(report_url("forslag", proposal.id)).status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in(client, make, pf):
    proposal = pf.proposal(make.user())
    response = client.get(report_url("forslag", proposal.id))
    assert response.status_code == 302 and "/konto/logga-in" in response.location


def test_report_links_show_to_others_but_not_to_the_author(login_as, make, pf, resident):
    author = make.user()
    proposal = pf.proposal(author)
    comment = pf.comment(proposal, make.user())
    page = login_as(resident).get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert report_url("forslag", proposal.id) in page
    assert report_url("kommentar", comment.id) in page
    own = login_as(author).get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert report_url("forslag", proposal.id) not in own


# --- the threshold ---------------------------------------------------------------

def test_reports_from_enough_people_hide_a_comment_and_tell_its_author(
        make, pf, threshold, outbox):
    threshold(2)
    author = make.user()
    comment = pf.comment(pf.proposal(make.user()), author, body="Elakt skrivet")
    item = services.load_item("comment", comment.id)
    reporter = make.user()
    services.report(item, reporter, "offensive", "")
    db.session.commit()
    # The same person cannot push it over the threshold by reporting twice.
    with pytest.raises(services.ModerationError):
        services.report(item, reporter, "offensive", "")
    db.session.rollback()
    assert not fresh(Comment, comment.id).is_hidden

    services.report(services.load_item("comment", comment.id), make.user(), "spam", "")
    db.session.commit()

    hidden = fresh(Comment, comment.id)
    assert hidden.is_hidden and "flera har anmält" in hidden.hidden_reason
    [message] = outbox(author.email)
    assert "Elakt skrivet" in message.body
    [entry] = db.session.scalars(select(AuditEntry).where(
        AuditEntry.target_type == "comment")).all()
    assert (entry.action, entry.actor_id) == ("comment.hidden", None)


def test_a_proposal_over_the_threshold_is_hidden_with_history(make, pf, threshold):
    threshold(1)
    proposal = pf.proposal(make.user())
    services.report(services.load_item("proposal", proposal.id), make.user(), "spam", "")
    db.session.commit()
    after = fresh(Proposal, proposal.id)
    assert after.status == ProposalStatus.HIDDEN and after.moderation_reason


def test_a_hidden_comment_shows_the_reason_instead_of_the_text(client, login_as, make, pf,
                                                              moderator):
    proposal = pf.proposal(make.user())
    comment = pf.comment(proposal, make.user(), body="Hemligt innehåll")
    services.hide(services.load_item("comment", comment.id), moderator, "Innehöll ett namn.")
    db.session.commit()
    public = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert "Hemligt innehåll" not in public and "Innehöll ett namn." in public
    assert "Dolt av moderator" in public
    staff = login_as(moderator).get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert "Hemligt innehåll" in staff


def test_a_hidden_organisation_leaves_the_directory_and_its_page_says_why(
        client, make, of, moderator):
    organisation = of.organisation(make.user(), name="Skräppostföreningen")
    services.hide(services.load_item("organisation", organisation.id), moderator,
                  "Falska uppgifter.")
    db.session.commit()
    assert "Skräppostföreningen" not in client.get("/organisationer").get_data(as_text=True)
    page = client.get(f"/organisationer/{organisation.id}").get_data(as_text=True)
    assert "Falska uppgifter." in page


# --- the moderators' decisions -----------------------------------------------------

@pytest.mark.parametrize("role,status", [("resident", 403), ("official", 403),
                                         ("moderator", 200), ("admin", 200)])
def test_only_moderators_see_the_queue(make, login_as, role, status):
    assert login_as(make.user(role)).get(QUEUE).status_code == status


def test_the_queue_lists_reported_items_oldest_first_with_reasons(login_as, make, pf, of,
                                                                  moderator):
    old = pf.proposal(make.user(), title="Gammalt förslag")
    new = pf.proposal(make.user(), title="Nytt förslag")
    organisation = of.organisation(make.user(), name="Föreningen <i>X</i>")
    first = services.report(services.load_item("proposal", old.id), make.user(), "spam",
                            "Reklam")
    first.created_at = utcnow() - timedelta(days=2)
    services.report(services.load_item("proposal", new.id), make.user(), "other", "")
    services.report(services.load_item("organisation", organisation.id), make.user(),
                    "personal_data", "")
    db.session.commit()
    client = login_as(moderator)

    page = client.get(QUEUE).get_data(as_text=True)
    assert page.index("Gammalt förslag") < page.index("Nytt förslag")
    assert "Reklam" in page and "Föreningen &lt;i&gt;X&lt;/i&gt;" in page
    only_organisations = client.get(f"{QUEUE}?kind=organisation").get_data(as_text=True)
    assert "Gammalt förslag" not in only_organisations and "Föreningen" in only_organisations
    assert client.get(f"{QUEUE}?kind=planet").status_code == 400
    assert f'{QUEUE}">' in client.get("/moderering").get_data(as_text=True)
    assert "(3)" in client.get("/moderering").get_data(as_text=True)


def test_hiding_needs_a_reason_and_resolves_the_reports(login_as, make, pf, moderator,
                                                         outbox):
    author = make.user()
    proposal = pf.proposal(author)
    services.report(services.load_item("proposal", proposal.id), make.user(), "spam", "")
    db.session.commit()
    client = login_as(moderator)

    empty = client.post(f"/moderering/forslag/{proposal.id}/dolj", data={"reason": "  "})
    assert empty.status_code == 400 and fresh(Proposal, proposal.id).status == "published"

    done = client.post(f"/moderering/forslag/{proposal.id}/dolj",
                       data={"reason": "Reklam för en firma."})
    assert done.status_code == 302
    after = fresh(Proposal, proposal.id)
    assert (after.status, after.moderation_reason) == ("hidden", "Reklam för en firma.")
    assert db.session.scalars(select(Report.resolution)).all() == ["hidden"]
    assert any("Reklam för en firma." in m.body for m in outbox(author.email))
    assert "Inget anmält" in client.get(QUEUE).get_data(as_text=True)


def test_restoring_shows_the_item_again_with_its_earlier_status(make, pf, moderator,
                                                                threshold):
    threshold(1)
    proposal = pf.proposal(make.user(), status=ProposalStatus.UNDER_CONSIDERATION)
    published_at = proposal.published_at
    services.report(services.load_item("proposal", proposal.id), make.user(), "spam", "")
    db.session.commit()
    assert fresh(Proposal, proposal.id).status == "hidden"

    services.restore(services.load_item("proposal", proposal.id), moderator)
    db.session.commit()
    after = fresh(Proposal, proposal.id)
    assert after.status == ProposalStatus.UNDER_CONSIDERATION
    assert after.published_at == published_at and after.moderation_reason is None
    assert db.session.scalars(select(Report.resolution)).all() == ["dismissed"]


def test_dismissing_closes_the_reports_and_shows_what_the_threshold_hid(
        login_as, make, pf, moderator, threshold):
    threshold(1)
    comment = pf.comment(pf.proposal(make.user()), make.user())
    services.report(services.load_item("comment", comment.id), make.user(), "spam", "")
    db.session.commit()
    assert fresh(Comment, comment.id).is_hidden

    response = login_as(moderator).post(f"/moderering/kommentar/{comment.id}/avfarda")
    assert response.status_code == 302
    assert not fresh(Comment, comment.id).is_hidden
    assert db.session.scalar(select(func.count()).select_from(Report).where(
        Report.resolved_at.is_(None))) == 0


def test_dismissing_with_nothing_open_says_so(login_as, make, pf, moderator):
    proposal = pf.proposal(make.user())
    client = login_as(moderator)
    response = client.post(f"/moderering/forslag/{proposal.id}/avfarda",
                           follow_redirects=True)
    assert "Det finns inga öppna anmälningar" in response.get_data(as_text=True)


def test_residents_cannot_take_moderator_decisions(login_as, make, pf, resident):
    proposal = pf.proposal(make.user())
    client = login_as(resident)
    assert client.get(f"/moderering/forslag/{proposal.id}/dolj").status_code == 403
    assert client.post(f"/moderering/forslag/{proposal.id}/dolj",
                       data={"reason": "x"}).status_code == 403
    assert client.post(f"/moderering/forslag/{proposal.id}/aterstall").status_code == 403
    assert fresh(Proposal, proposal.id).status == "published"


def test_an_organisation_hidden_and_restored(make, of, moderator):
    organisation = of.organisation(make.user())
    item = services.load_item(ReportTarget.ORGANISATION, organisation.id)
    services.hide(item, moderator, "Fel.")
    db.session.commit()
    assert fresh(Organisation, organisation.id).is_hidden
    services.restore(services.load_item("organisation", organisation.id), moderator)
    db.session.commit()
    assert not fresh(Organisation, organisation.id).is_hidden
    actions = [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["organisation.hidden", "organisation.restored"]


# --- the hourly summary ------------------------------------------------------------

def test_moderators_get_at_most_one_summary_an_hour(app, make, pf, moderator, outbox):
    admin = make.user("admin")
    services.report(services.load_item("proposal", pf.proposal(make.user()).id),
                    make.user(), "spam", "")
    db.session.commit()
    runner = app.test_cli_runner()

    assert "2" in runner.invoke(args=["moderation", "send-summary"]).output
    assert len(outbox(moderator.email)) == 1 and len(outbox(admin.email)) == 1
    # More reports within the hour: no new message yet.
    services.report(services.load_item("proposal", pf.proposal(make.user()).id),
                    make.user(), "spam", "")
    db.session.commit()
    runner.invoke(args=["moderation", "send-summary"])
    assert len(outbox(moderator.email)) == 1

    sent = services.send_summary(now=utcnow() + timedelta(hours=1, minutes=1))
    db.session.commit()
    assert sent == 2 and len(outbox(moderator.email)) == 2
    # Nothing new since: nothing sent, however long it has been.
    assert services.send_summary(now=utcnow() + timedelta(hours=5)) == 0
