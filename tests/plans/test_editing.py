"""Writing a steering document by hand: the list, the plan's details, its structure
of challenges → quotes → actions, deleting, and who may do it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from app.extensions import db
from app.plans import editing
from app.plans.models import (
    Action,
    ActionStatus,
    Challenge,
    Commitment,
    Plan,
    PlanStatus,
    ProposalActionLink,
)
from app.plans.services import PlanError
from app.proposals.models import Proposal
from tests.factories import HOSTILE
from tests.proposals.helpers import is_postgres, run_in_parallel

LOGIN_PATH = "/konto/logga-in"
DELETE = {"confirm": "yes"}


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def reload(model, row_id: int):
    db.session.expire_all()
    return db.session.get(model, row_id)


def plan_data(**changes) -> dict:
    data = {"title": "Handlingsplan för levande landsbygd", "kind": "action_plan",
            "registry_number": "KS 2026/10", "owner": "Kommunstyrelsen",
            "first_year": "2026", "last_year": "2028", "status": "consultation",
            "parent_id": "", "introduction": "Planen visar vad vi gör."}
    data.update(changes)
    return data


def action_data(**changes) -> dict:
    data = {"text": "Öppna bygdegårdarna på kvällstid.", "responsible": "Kultur och fritid",
            "follow_up_report": "Verksamhetsberättelse", "follow_up_year": "2027",
            "status": "ongoing", "progress": "40", "starts_on": "2026-03-01",
            "ends_on": "2026-12-31"}
    data.update(changes)
    return data


def positions(model, **where) -> list[tuple[int, int]]:
    db.session.expire_all()
    column, value = next(iter(where.items()))
    return [tuple(row) for row in db.session.execute(
        select(model.id, model.position).where(getattr(model, column) == value)
        .order_by(model.position))]


# The plan's details


def test_a_moderator_creates_a_plan_with_all_its_details(client, login_as, moderator, plf):
    strategy = plf.plan(title="Översiktsplan", registry_number="KS 2020/1")
    login_as(moderator)

    response = client.post("/admin/styrdokument/nytt",
                           data=plan_data(parent_id=str(strategy.id)))

    plan = db.session.scalars(select(Plan).where(Plan.registry_number == "KS 2026/10")).one()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/styrdokument/{plan.id}/redigera"
    assert (plan.title, plan.kind, plan.owner, plan.status) == (
        "Handlingsplan för levande landsbygd", "action_plan", "Kommunstyrelsen", "consultation")
    assert (plan.first_year, plan.last_year, plan.parent_id) == (2026, 2028, strategy.id)
    assert plan.introduction == "Planen visar vad vi gör."

    page = client.get(f"/styrdokument/{plan.id}").get_data(as_text=True)
    assert f'href="/styrdokument/{strategy.id}"' in page
    assert "Kommunstyrelsen" in page
    assert "<p>Planen visar vad vi gör.</p>" in page


def test_the_edit_page_shows_the_details_and_saves_changes(client, login_as, admin, plf):
    plan = plf.plan(registry_number="KS 2026/5", status=PlanStatus.DRAFT)
    login_as(admin)
    page = client.get(f"/admin/styrdokument/{plan.id}/redigera")
    assert page.status_code == 200
    assert 'value="KS 2026/5"' in page.get_data(as_text=True)

    response = client.post(f"/admin/styrdokument/{plan.id}/redigera",
                           data=plan_data(registry_number="KS 2026/5", title="Nytt namn",
                                          first_year="2027", last_year="",
                                          status="consultation"))
    assert response.status_code == 302
    plan = reload(Plan, plan.id)
    assert (plan.title, plan.first_year, plan.last_year, plan.status) == (
        "Nytt namn", 2027, 2027, "consultation")


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"title": ""}, "title", "Skriv styrdokumentets rubrik."),
    ({"title": "   "}, "title", "Skriv styrdokumentets rubrik."),
    ({"title": "x" * 301}, "title", "högst 300 tecken"),
    ({"registry_number": ""}, "registry_number", "Skriv diarienumret"),
    ({"registry_number": "x" * 51}, "registry_number", "högst 50 tecken"),
    ({"owner": "x" * 201}, "owner", "högst 200 tecken"),
    ({"kind": "poem"}, "kind", None),
    ({"status": "secret"}, "status", None),
    ({"first_year": "abc"}, "first_year", "fyra siffror"),
    ({"first_year": "1700"}, "first_year", "från 1990 till 2100"),
    ({"last_year": "20000"}, "last_year", "från 1990 till 2100"),
    ({"first_year": "2028", "last_year": "2026"}, "last_year", "kan inte vara före"),
    ({"first_year": "", "last_year": "2026"}, "first_year", "första året också"),
    ({"parent_id": "999999"}, "parent_id", "Välj ett styrdokument i listan"),
    ({"parent_id": "abc"}, "parent_id", "Välj ett styrdokument i listan"),
])
def test_bad_plan_details_are_refused_next_to_the_field(client, login_as, moderator, changes,
                                                        field, message):
    login_as(moderator)
    response = client.post("/admin/styrdokument/nytt", data=plan_data(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in page
    if message:
        assert message in page
    assert count(Plan) == 0


def test_a_duplicate_registry_number_is_refused_in_plain_swedish(client, login_as, moderator,
                                                                 plf):
    plf.plan(registry_number="KS 2026/10")
    other = plf.plan(registry_number="KS 2026/11")
    login_as(moderator)

    created = client.post("/admin/styrdokument/nytt", data=plan_data())
    edited = client.post(f"/admin/styrdokument/{other.id}/redigera",
                         data=plan_data(status="adopted"))

    for response in (created, edited):
        assert response.status_code == 400
        assert ("Ett annat styrdokument har redan diarienumret KS 2026/10"
                in response.get_data(as_text=True))
    assert count(Plan) == 2
    assert reload(Plan, other.id).registry_number == "KS 2026/11"


def test_sending_the_new_plan_form_twice_creates_one_plan(client, login_as, moderator):
    login_as(moderator)
    first = client.post("/admin/styrdokument/nytt", data=plan_data())
    second = client.post("/admin/styrdokument/nytt", data=plan_data())
    assert first.status_code == 302
    assert second.status_code == 400
    assert count(Plan) == 1


def test_concurrent_double_submits_create_one_plan(app, app_context):
    def create():
        try:
            plan = editing.create_plan(editing.PlanDetails(title="Plan",
                                                           registry_number="KS 2026/99"))
            db.session.commit()
            return plan.id
        except PlanError as error:
            db.session.rollback()
            return error.field

    results = run_in_parallel(app, [create, create])

    assert sorted(results, key=str).count("registry_number") == 1
    assert count(Plan) == 1
    if is_postgres():
        assert any(isinstance(result, int) for result in results)


def test_a_plan_cannot_be_its_own_parent_or_part_of_a_plan_under_it(client, login_as,
                                                                   moderator, plf):
    top = plf.plan()
    middle = plf.plan()
    bottom = plf.plan()
    middle.parent_id, bottom.parent_id = top.id, middle.id
    db.session.commit()
    login_as(moderator)

    for parent in (top, bottom):
        response = client.post(f"/admin/styrdokument/{top.id}/redigera", data=plan_data(
            registry_number=top.registry_number, parent_id=str(parent.id), status="adopted"))
        assert response.status_code == 400
        assert "kan inte vara en del av sig själv" in response.get_data(as_text=True)
    assert reload(Plan, top.id).parent_id is None

    with pytest.raises(PlanError) as raised:
        editing.update_plan(reload(Plan, middle.id), editing.PlanDetails(
            title="Mitten", registry_number="KS 1", parent_id=bottom.id,
            status=PlanStatus.ADOPTED))
    assert raised.value.field == "parent_id"
    db.session.rollback()


def test_the_parent_list_offers_every_other_plan(client, login_as, moderator, plf):
    plan = plf.plan(title="Den här")
    other = plf.plan(title="Den andra")
    login_as(moderator)
    page = client.get(f"/admin/styrdokument/{plan.id}/redigera").get_data(as_text=True)
    assert f'<option value="{other.id}">' in page
    assert f'<option value="{plan.id}">' not in page


def test_hostile_html_is_shown_as_text_everywhere(client, login_as, moderator, plf):
    plan = plf.plan(title=f"Plan {HOSTILE}")
    commitment = plf.commitment(plan)
    action = plf.action(commitment)
    plan.decision_text = HOSTILE
    plan.decision_body = HOSTILE
    db.session.commit()
    login_as(moderator)
    for url in ("/admin/styrdokument", f"/admin/styrdokument/{plan.id}/redigera",
                f"/styrdokument/{plan.id}", f"/admin/styrdokument/atgarder/{action.id}/redigera",
                f"/admin/styrdokument/{plan.id}/ta-bort",
                f"/admin/styrdokument/utmaningar/{commitment.challenge_id}/redigera",
                f"/admin/styrdokument/citat/{commitment.id}/redigera"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>" not in page, url
        assert str(escape("<script>")) in page, url


def test_the_admin_list_shows_every_plan_with_its_number_of_actions(client, login_as,
                                                                    moderator, plf):
    plan = plf.plan(title="Med åtgärder", registry_number="KS 2026/77")
    commitment = plf.commitment(plan)
    plf.action(commitment)
    plf.action(commitment)
    draft = plf.plan(title="Ett utkast", status=PlanStatus.DRAFT)
    login_as(moderator)

    page = client.get("/admin/styrdokument").get_data(as_text=True)

    assert "KS 2026/77" in page and "2026–2028" in page
    assert "2 åtgärder" in page and "0 åtgärder" in page
    assert f'href="/admin/styrdokument/{plan.id}/redigera"' in page
    assert f'href="/admin/styrdokument/{draft.id}/redigera"' in page
    assert 'href="/admin/styrdokument/nytt"' in page
    assert 'href="/admin/styrdokument/importera"' in page


def test_the_tools_link_to_the_admin_list(client, login_as, moderator, admin):
    login_as(moderator)
    assert 'href="/admin/styrdokument"' in client.get("/styrdokument").get_data(as_text=True)
    assert 'href="/admin/styrdokument"' in client.get("/moderering").get_data(as_text=True)
    login_as(admin)
    assert 'href="/admin/styrdokument"' in client.get("/admin").get_data(as_text=True)


# Deleting a plan


def test_deleting_a_plan_asks_first_and_takes_its_actions_and_links(client, login_as,
                                                                   moderator, plf, pf):
    plan = plf.plan()
    child = plf.plan()
    child.parent_id = plan.id
    action = plf.action(plf.commitment(plan))
    proposal = pf.proposal()
    plf.proposal_link(proposal, action)
    kept = plf.action()
    plan_id, action_id, child_id, kept_id = plan.id, action.id, child.id, kept.id
    login_as(moderator)

    page = client.get(f"/admin/styrdokument/{plan_id}/ta-bort")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "1 koppling mellan ett förslag och dess åtgärder" in text
    assert count(Plan) == 3

    response = client.post(f"/admin/styrdokument/{plan_id}/ta-bort", data=DELETE)

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/styrdokument"
    assert reload(Plan, plan_id) is None
    assert reload(Action, action_id) is None
    assert count(ProposalActionLink) == 0
    assert count(Proposal) == 1
    assert reload(Plan, child_id).parent_id is None
    assert reload(Action, kept_id) is not None
    assert client.get(f"/styrdokument/{plan_id}").status_code == 404


def test_a_post_without_the_confirmation_deletes_nothing(client, login_as, moderator, plf):
    action = plf.action()
    commitment = reload(Commitment, action.commitment_id)
    plan_id = db.session.scalar(select(Plan.id))
    login_as(moderator)
    for url in (f"/admin/styrdokument/{plan_id}/ta-bort",
                f"/admin/styrdokument/utmaningar/{commitment.challenge_id}/ta-bort",
                f"/admin/styrdokument/citat/{commitment.id}/ta-bort",
                f"/admin/styrdokument/atgarder/{action.id}/ta-bort"):
        assert client.post(url, data={}).status_code == 400, url
        assert client.post(url, data={"confirm": "no"}).status_code == 400, url
    assert count(Plan) == count(Challenge) == count(Commitment) == count(Action) == 1


# The structure


def test_challenges_are_added_edited_moved_and_deleted_in_order(client, login_as, moderator,
                                                                plf):
    plan = plf.plan()
    login_as(moderator)
    for title in ("Första", "Andra", "Tredje"):
        response = client.post(f"/admin/styrdokument/{plan.id}/utmaningar/ny",
                               data={"title": title, "description": "Varför"})
        assert response.status_code == 302
    ids = [row_id for row_id, _ in positions(Challenge, plan_id=plan.id)]
    first, second, third = ids
    assert response.headers["Location"] == \
        f"/admin/styrdokument/{plan.id}/redigera#utmaning-{third}"

    assert client.post(f"/admin/styrdokument/utmaningar/{third}/flytta/up").status_code == 302
    assert positions(Challenge, plan_id=plan.id) == [(first, 1), (third, 2), (second, 3)]
    client.post(f"/admin/styrdokument/utmaningar/{first}/flytta/up")  # already first
    client.post(f"/admin/styrdokument/utmaningar/{second}/flytta/down")  # already last
    assert positions(Challenge, plan_id=plan.id) == [(first, 1), (third, 2), (second, 3)]
    assert client.post(f"/admin/styrdokument/utmaningar/{first}/flytta/sideways"
                       ).status_code == 404

    response = client.post(f"/admin/styrdokument/utmaningar/{third}/redigera",
                           data={"title": "Ny rubrik", "description": ""})
    assert response.status_code == 302
    assert reload(Challenge, third).title == "Ny rubrik"

    assert client.get(f"/admin/styrdokument/utmaningar/{first}/ta-bort").status_code == 200
    response = client.post(f"/admin/styrdokument/utmaningar/{first}/ta-bort", data=DELETE)
    assert response.status_code == 302
    assert positions(Challenge, plan_id=plan.id) == [(third, 1), (second, 2)]


def test_quotes_and_actions_keep_contiguous_positions(client, login_as, moderator, plf):
    commitment = plf.commitment()
    challenge_id = commitment.challenge_id
    login_as(moderator)
    for quote in ("Två", "Tre"):
        assert client.post(f"/admin/styrdokument/utmaningar/{challenge_id}/citat/nytt",
                           data={"quote": quote}).status_code == 302
    quotes = [row_id for row_id, _ in positions(Commitment, challenge_id=challenge_id)]
    assert quotes[0] == commitment.id
    client.post(f"/admin/styrdokument/citat/{quotes[2]}/flytta/up")
    assert [p for _, p in positions(Commitment, challenge_id=challenge_id)] == [1, 2, 3]
    assert positions(Commitment, challenge_id=challenge_id)[1][0] == quotes[2]
    client.post(f"/admin/styrdokument/citat/{quotes[1]}/ta-bort", data=DELETE)
    assert positions(Commitment, challenge_id=challenge_id) == [(quotes[0], 1),
                                                                (quotes[2], 2)]

    for text in ("A", "B", "C"):
        assert client.post(f"/admin/styrdokument/citat/{commitment.id}/atgarder/ny",
                           data=action_data(text=text)).status_code == 302
    actions = [row_id for row_id, _ in positions(Action, commitment_id=commitment.id)]
    client.post(f"/admin/styrdokument/atgarder/{actions[0]}/flytta/down")
    assert positions(Action, commitment_id=commitment.id) == [
        (actions[1], 1), (actions[0], 2), (actions[2], 3)]
    assert client.get(f"/admin/styrdokument/atgarder/{actions[1]}/ta-bort").status_code == 200
    client.post(f"/admin/styrdokument/atgarder/{actions[1]}/ta-bort", data=DELETE)
    assert positions(Action, commitment_id=commitment.id) == [(actions[0], 1), (actions[2], 2)]

    response = client.post(f"/admin/styrdokument/citat/{commitment.id}/redigera",
                           data={"quote": "”Ny formulering.”"})
    assert response.status_code == 302
    assert reload(Commitment, commitment.id).quote == "”Ny formulering.”"


def test_sending_an_add_form_twice_adds_once(client, login_as, moderator, plf):
    commitment = plf.commitment()
    challenge = reload(Challenge, commitment.challenge_id)
    login_as(moderator)
    for _ in range(2):
        client.post(f"/admin/styrdokument/{challenge.plan_id}/utmaningar/ny",
                    data={"title": "Ny utmaning"})
        client.post(f"/admin/styrdokument/utmaningar/{challenge.id}/citat/nytt",
                    data={"quote": "Nytt citat"})
        client.post(f"/admin/styrdokument/citat/{commitment.id}/atgarder/ny",
                    data=action_data())
    assert (count(Challenge), count(Commitment), count(Action)) == (2, 2, 1)


def test_deleting_a_challenge_takes_its_quotes_and_actions(client, login_as, moderator, plf):
    action = plf.action()
    commitment = reload(Commitment, action.commitment_id)
    login_as(moderator)
    page = client.get(f"/admin/styrdokument/utmaningar/{commitment.challenge_id}/ta-bort")
    assert "1 åtgärd under den tas bort" in page.get_data(as_text=True)
    client.post(f"/admin/styrdokument/utmaningar/{commitment.challenge_id}/ta-bort",
                data=DELETE)
    assert count(Challenge) == count(Commitment) == count(Action) == 0


def test_the_edit_page_shows_the_structure_like_the_document(client, login_as, moderator, plf):
    plan = plf.plan()
    commitment = plf.commitment(plan)
    action = plf.action(commitment, text="Bygg en brygga")
    empty = plf.commitment(plan)
    login_as(moderator)
    page = client.get(f"/admin/styrdokument/{plan.id}/redigera").get_data(as_text=True)
    assert f'id="utmaning-{commitment.challenge_id}"' in page
    assert f'id="citat-{commitment.id}"' in page
    assert f'id="atgard-{action.id}"' in page
    assert "Bygg en brygga" in page
    assert f'href="/admin/styrdokument/citat/{empty.id}/atgarder/ny"' in page
    assert f'href="/admin/styrdokument/{plan.id}/utmaningar/ny"' in page


def test_the_edit_page_issues_the_same_queries_however_large_the_plan(
        client, login_as, moderator, plf, count_queries):
    small = plf.plan()
    plf.action(plf.commitment(small))
    large = plf.plan()
    for _ in range(4):
        commitment = plf.commitment(large)
        for _ in range(3):
            plf.action(commitment)
    login_as(moderator)
    counts = []
    for plan in (small, large):
        client.get(f"/admin/styrdokument/{plan.id}/redigera")
        with count_queries() as counter:
            assert client.get(f"/admin/styrdokument/{plan.id}/redigera").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 12


@pytest.mark.parametrize(("url", "data", "field"), [
    ("/admin/styrdokument/{plan}/utmaningar/ny", {"title": ""}, "title"),
    ("/admin/styrdokument/{plan}/utmaningar/ny", {"title": "x" * 301}, "title"),
    ("/admin/styrdokument/{plan}/utmaningar/ny", {"title": "Ok", "description": "x" * 5001},
     "description"),
    ("/admin/styrdokument/utmaningar/{challenge}/redigera", {"title": " "}, "title"),
    ("/admin/styrdokument/utmaningar/{challenge}/citat/nytt", {"quote": ""}, "quote"),
    ("/admin/styrdokument/citat/{commitment}/redigera", {"quote": "x" * 5001}, "quote"),
])
def test_bad_structure_input_is_refused_and_nothing_changes(client, login_as, moderator, plf,
                                                            url, data, field):
    commitment = plf.commitment()
    challenge = reload(Challenge, commitment.challenge_id)
    before = (count(Challenge), count(Commitment), challenge.title, commitment.quote)
    login_as(moderator)
    response = client.post(url.format(plan=challenge.plan_id, challenge=challenge.id,
                                      commitment=commitment.id), data=data)
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    challenge = reload(Challenge, challenge.id)
    assert before == (count(Challenge), count(Commitment), challenge.title,
                      reload(Commitment, commitment.id).quote)


# Actions


def test_an_action_is_added_with_responsible_people_and_communities(client, login_as,
                                                                    moderator, official,
                                                                    make, plf):
    commitment = plf.commitment()
    norrby = make.community("Norrby")
    login_as(moderator)
    page = client.get(f"/admin/styrdokument/citat/{commitment.id}/atgarder/ny")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert official.display_name in text and moderator.display_name in text

    response = client.post(f"/admin/styrdokument/citat/{commitment.id}/atgarder/ny",
                           data={**action_data(), "responsible_user_ids": [str(official.id)],
                                 "community_ids": [str(norrby.id)]})

    assert response.status_code == 302
    action = db.session.scalars(select(Action)).one()
    assert (action.text, action.responsible, action.status, action.progress) == (
        "Öppna bygdegårdarna på kvällstid.", "Kultur och fritid", "ongoing", 40)
    assert (action.follow_up_report, action.follow_up_year) == ("Verksamhetsberättelse", 2027)
    assert (action.starts_on, action.ends_on) == (date(2026, 3, 1), date(2026, 12, 31))
    assert [u.id for u in action.responsible_users] == [official.id]
    assert [c.id for c in action.communities] == [norrby.id]


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"text": ""}, "text", "Skriv vad åtgärden är."),
    ({"text": "x" * 5001}, "text", "högst 5000 tecken"),
    ({"responsible": "x" * 301}, "responsible", "högst 300 tecken"),
    ({"progress": "abc"}, "progress", "från 0 till 100"),
    ({"progress": "101"}, "progress", "från 0 till 100"),
    ({"progress": "-1"}, "progress", "från 0 till 100"),
    ({"progress": ""}, "progress", "från 0 till 100"),
    ({"progress": "4.5"}, "progress", "från 0 till 100"),
    ({"follow_up_year": "nästa år"}, "follow_up_year", "fyra siffror"),
    ({"status": "forgotten"}, "status", None),
    ({"starts_on": "2026-05-01", "ends_on": "2026-04-30"}, "ends_on",
     "Slutdatumet kan inte vara före startdatumet."),
    ({"starts_on": "första maj"}, "starts_on", "2026-03-31"),
])
def test_bad_action_input_is_refused_next_to_the_field(client, login_as, moderator, plf,
                                                       changes, field, message):
    action = plf.action(text="Oförändrad")
    login_as(moderator)
    response = client.post(f"/admin/styrdokument/atgarder/{action.id}/redigera",
                           data=action_data(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in page
    if message:
        assert message in page
    assert reload(Action, action.id).text == "Oförändrad"


def test_only_officials_and_moderators_in_use_can_be_made_responsible(client, login_as,
                                                                      moderator, make, plf):
    action = plf.action()
    resident = make.user("resident")
    gone = make.user("official", active=False)
    archived = make.community("Gamla byn")
    archived.archived_at = datetime(2025, 1, 1, tzinfo=UTC)
    db.session.commit()
    login_as(moderator)
    page = client.get(f"/admin/styrdokument/atgarder/{action.id}/redigera").get_data(
        as_text=True)
    assert resident.display_name not in page and gone.display_name not in page
    assert "Gamla byn" not in page
    for data in ({"responsible_user_ids": [str(resident.id)]},
                 {"responsible_user_ids": [str(gone.id)]},
                 {"community_ids": [str(archived.id)]}):
        response = client.post(f"/admin/styrdokument/atgarder/{action.id}/redigera",
                               data={**action_data(), **data})
        assert response.status_code == 400
    assert reload(Action, action.id).responsible_users == []


def test_the_service_refuses_what_the_form_would(app_context, plf, make):
    action = plf.action()
    resident = make.user("resident")
    cases = [
        (editing.ActionDetails(text="Ok", progress=101), "progress"),
        (editing.ActionDetails(text="Ok", starts_on=date(2026, 5, 2), ends_on=date(2026, 5, 1)),
         "ends_on"),
        (editing.ActionDetails(text="Ok", responsible_user_ids=(resident.id,)),
         "responsible_user_ids"),
        (editing.ActionDetails(text="Ok", community_ids=(2**31 + 5,)), "community_ids"),
        (editing.ActionDetails(text="Ok", status="lost"), "status"),
        (editing.ActionDetails(text=" "), "text"),
        (editing.ActionDetails(text="Ok", follow_up_year=3000), "follow_up_year"),
    ]
    for details, field in cases:
        with pytest.raises(PlanError) as raised:
            editing.update_action(action, details, None)
        assert raised.value.field == field
        db.session.rollback()
    with pytest.raises(PlanError) as raised:
        editing.move_action(action, "sideways")
    assert raised.value.field == "direction"


def test_changing_the_status_tells_the_people_behind_linked_proposals(client, login_as,
                                                                     moderator, make, pf,
                                                                     plf, outbox):
    author = make.user()
    follower = make.user()
    proposal = pf.proposal(author)
    pf.follow(proposal, follower)
    action = plf.action(status=ActionStatus.PLANNED)
    plf.proposal_link(proposal, action)
    login_as(moderator)

    response = client.post(f"/admin/styrdokument/atgarder/{action.id}/redigera",
                           data=action_data(status="done", progress="100"))

    assert response.status_code == 302
    assert len(outbox(author.email)) == 1
    assert len(outbox(follower.email)) == 1
    assert f"/atgarder/{action.id}" in outbox(author.email)[0].body
    assert outbox(moderator.email) == []

    # Saving again without a new status tells nobody again.
    client.post(f"/admin/styrdokument/atgarder/{action.id}/redigera",
                data=action_data(status="done", progress="100", text="Ny text"))
    assert len(outbox(author.email)) == 1


def test_editing_an_action_keeps_what_was_chosen(client, login_as, moderator, official, make,
                                                 plf):
    norrby = make.community("Norrby")
    action = plf.action(responsible_users=(official,), communities=(norrby,))
    login_as(moderator)
    page = client.get(f"/admin/styrdokument/atgarder/{action.id}/redigera").get_data(
        as_text=True)
    assert re.search(rf'<input checked id="responsible_user_ids-\d+" name="responsible_user_ids" '
                     rf'type="checkbox" value="{official.id}">', page)
    assert re.search(rf'<input checked id="community_ids-\d+" name="community_ids" '
                     rf'type="checkbox" value="{norrby.id}">', page)
    response = client.post(f"/admin/styrdokument/atgarder/{action.id}/redigera",
                           data={**action_data(), "responsible_user_ids": [str(official.id)],
                                 "community_ids": [str(norrby.id)]})
    assert response.status_code == 302
    action = reload(Action, action.id)
    assert [u.id for u in action.responsible_users] == [official.id]
    assert [c.id for c in action.communities] == [norrby.id]


# Who may do what


def editor_urls(plf) -> list[tuple[str, str]]:
    action = plf.action()
    commitment = reload(Commitment, action.commitment_id)
    challenge = reload(Challenge, commitment.challenge_id)
    plan_id = challenge.plan_id
    return [
        ("GET", "/admin/styrdokument"),
        ("GET", "/admin/styrdokument/nytt"),
        ("GET", f"/admin/styrdokument/{plan_id}/redigera"),
        ("GET", f"/admin/styrdokument/{plan_id}/ta-bort"),
        ("GET", f"/admin/styrdokument/{plan_id}/utmaningar/ny"),
        ("GET", f"/admin/styrdokument/utmaningar/{challenge.id}/redigera"),
        ("GET", f"/admin/styrdokument/utmaningar/{challenge.id}/ta-bort"),
        ("POST", f"/admin/styrdokument/utmaningar/{challenge.id}/flytta/up"),
        ("GET", f"/admin/styrdokument/utmaningar/{challenge.id}/citat/nytt"),
        ("GET", f"/admin/styrdokument/citat/{commitment.id}/redigera"),
        ("GET", f"/admin/styrdokument/citat/{commitment.id}/ta-bort"),
        ("POST", f"/admin/styrdokument/citat/{commitment.id}/flytta/up"),
        ("GET", f"/admin/styrdokument/citat/{commitment.id}/atgarder/ny"),
        ("GET", f"/admin/styrdokument/atgarder/{action.id}/redigera"),
        ("GET", f"/admin/styrdokument/atgarder/{action.id}/ta-bort"),
        ("POST", f"/admin/styrdokument/atgarder/{action.id}/flytta/up"),
    ]


def test_signing_in_is_needed(client, plf):
    for method, url in editor_urls(plf):
        response = client.open(url, method=method)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith(LOGIN_PATH), url


@pytest.mark.parametrize("role", ["resident", "official"])
def test_residents_and_officials_may_not_edit_plans(client, login_as, make, plf, role):
    login_as(make.user(role))
    for method, url in editor_urls(plf):
        assert client.open(url, method=method).status_code == 403, url
    plan_id = db.session.scalar(select(Plan.id))
    assert client.post(f"/admin/styrdokument/{plan_id}/ta-bort", data=DELETE).status_code == 403
    assert count(Plan) == 1


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_moderators_and_admins_may(client, login_as, make, plf, role):
    login_as(make.user(role))
    for method, url in editor_urls(plf):
        assert client.open(url, method=method).status_code in (200, 302), url


@pytest.mark.parametrize("url", [
    "/admin/styrdokument/{n}/redigera", "/admin/styrdokument/{n}/ta-bort",
    "/admin/styrdokument/{n}/utmaningar/ny", "/admin/styrdokument/utmaningar/{n}/redigera",
    "/admin/styrdokument/utmaningar/{n}/ta-bort", "/admin/styrdokument/utmaningar/{n}/citat/nytt",
    "/admin/styrdokument/citat/{n}/redigera", "/admin/styrdokument/citat/{n}/ta-bort",
    "/admin/styrdokument/citat/{n}/atgarder/ny", "/admin/styrdokument/atgarder/{n}/redigera",
    "/admin/styrdokument/atgarder/{n}/ta-bort",
])
def test_unknown_ids_are_not_found(client, login_as, moderator, url):
    login_as(moderator)
    for n in (999999, 2**31 - 1, 2**31, 10**30):
        assert client.get(url.format(n=n)).status_code == 404, url.format(n=n)
        assert client.post(url.format(n=n), data={}).status_code == 404, url.format(n=n)


def test_moving_something_unknown_is_not_found(client, login_as, moderator):
    login_as(moderator)
    for kind in ("utmaningar", "citat", "atgarder"):
        for n in (999999, 2**31):
            assert client.post(f"/admin/styrdokument/{kind}/{n}/flytta/up").status_code == 404


# Drafts and the public pages


def test_a_draft_is_seen_only_by_those_who_edit_plans(client, login_as, make, plf):
    draft = plf.plan(title="Hemligt utkast", status=PlanStatus.DRAFT)
    action = plf.action(plf.commitment(draft))
    urls = [f"/styrdokument/{draft.id}", f"/styrdokument/{draft.id}.csv",
            f"/styrdokument/{draft.id}.xlsx", f"/atgarder/{action.id}"]

    for user in (None, make.user("resident"), make.user("official")):
        if user is not None:
            login_as(user)
        assert "Hemligt utkast" not in client.get("/styrdokument").get_data(as_text=True)
        for url in urls:
            assert client.get(url).status_code == 404, (url, user)

    for role in ("moderator", "admin"):
        login_as(make.user(role))
        assert "Hemligt utkast" in client.get("/styrdokument").get_data(as_text=True)
        for url in urls:
            assert client.get(url).status_code == 200, (url, role)


def test_the_public_pages_link_to_editing_only_for_editors(client, login_as, make, plf):
    action = plf.action()
    plan_id = db.session.scalar(select(Plan.id))
    edit_plan = f'href="/admin/styrdokument/{plan_id}/redigera"'
    edit_action = f'href="/admin/styrdokument/atgarder/{action.id}/redigera"'

    for user in (None, make.user("resident"), make.user("official")):
        if user is not None:
            login_as(user)
        assert edit_plan not in client.get(f"/styrdokument/{plan_id}").get_data(as_text=True)
        assert edit_action not in client.get(f"/atgarder/{action.id}").get_data(as_text=True)

    login_as(make.user("moderator"))
    plan_page = client.get(f"/styrdokument/{plan_id}").get_data(as_text=True)
    assert edit_plan in plan_page and "Redigera styrdokumentet" in plan_page
    action_page = client.get(f"/atgarder/{action.id}").get_data(as_text=True)
    assert edit_action in action_page and "Redigera åtgärden" in action_page


def test_a_draft_parent_is_not_linked_for_residents(client, login_as, make, plf):
    draft = plf.plan(title="Utkast till strategi", status=PlanStatus.DRAFT)
    plan = plf.plan()
    plan.parent_id = draft.id
    db.session.commit()
    url, link = f"/styrdokument/{plan.id}", f'href="/styrdokument/{draft.id}"'
    assert link not in client.get(url).get_data(as_text=True)
    login_as(make.user("moderator"))
    assert link in client.get(url).get_data(as_text=True)


def test_a_quote_without_actions_still_shows_on_the_public_page(client, plf):
    commitment = plf.commitment()
    plan_id = db.session.scalar(select(Plan.id))
    page = client.get(f"/styrdokument/{plan_id}").get_data(as_text=True)
    assert str(escape(commitment.quote)) in page
