"""Writing an action's update on its page, and "My actions"."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.plans.models import Action, ActionStatus, ActionUpdate
from tests.factories import HOSTILE


def updates_of(action) -> list[ActionUpdate]:
    db.session.expire_all()
    return list(db.session.scalars(select(ActionUpdate).where(
        ActionUpdate.action_id == action.id).order_by(ActionUpdate.id)))


def reload(action) -> Action:
    db.session.expire_all()
    return db.session.get(Action, action.id)


PROGRESS = "Ange hur långt arbetet har kommit som ett heltal från 0 till 100."
GOOD = {"text": "Bygdegården i Norrby har fått nya öppettider.", "status": "ongoing",
        "progress": "40"}


def test_a_responsible_official_sees_the_form_with_the_current_values(login_as, make, plf):
    official = make.user("official")
    action = plf.action(status=ActionStatus.DELAYED, progress=35, responsible_users=(official,))
    html = login_as(official).get(f"/atgarder/{action.id}").get_data(as_text=True)
    assert "Skriv en uppdatering" in html
    assert f'action="/atgarder/{action.id}/uppdatera"' in html
    assert '<option selected value="delayed">' in html
    assert 'value="35"' in html


@pytest.mark.parametrize("role", ["anonymous", "resident", "official"])
def test_others_do_not_see_the_form(client, login_as, make, plf, role):
    action = plf.action()
    if role != "anonymous":
        login_as(make.user(role))
    html = client.get(f"/atgarder/{action.id}").get_data(as_text=True)
    assert "Skriv en uppdatering" not in html
    assert "/uppdatera" not in html


def test_the_responsible_publishes_an_update_and_the_people_behind_proposals_hear(
        login_as, make, pf, plf, outbox):
    official = make.user("official")
    author = make.user()
    action = plf.action(responsible_users=(official,))
    plf.proposal_link(pf.proposal(author), action)

    response = login_as(official).post(f"/atgarder/{action.id}/uppdatera",
                                       data={**GOOD, "text": f"Nytt läge. {HOSTILE}"})

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/atgarder/{action.id}#tidslinje")
    [update] = updates_of(action)
    assert (update.status, update.progress, update.author_id) == ("ongoing", 40, official.id)
    action = reload(action)
    assert (action.status, action.progress) == ("ongoing", 40)
    [message] = outbox(author.email)
    assert message.kind == "action_changed"
    page = login_as(official).get(f"/atgarder/{action.id}").get_data(as_text=True)
    assert "Nytt läge." in page and "<script>alert" not in page


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_moderators_and_admins_update_any_action(login_as, make, plf, role):
    action = plf.action()
    response = login_as(make.user(role)).post(f"/atgarder/{action.id}/uppdatera", data=GOOD)
    assert response.status_code == 302
    assert len(updates_of(action)) == 1


def test_an_official_who_is_not_responsible_is_refused(login_as, make, plf, outbox):
    action = plf.action(responsible_users=(make.user("official"),))
    response = login_as(make.user("official")).post(f"/atgarder/{action.id}/uppdatera",
                                                    data=GOOD)
    assert response.status_code == 403
    assert updates_of(action) == []
    assert outbox() == []


def test_a_resident_is_refused_and_anonymous_is_sent_to_sign_in(client, login_as, make, plf):
    action = plf.action()
    response = client.post(f"/atgarder/{action.id}/uppdatera", data=GOOD)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/konto/logga-in")
    assert login_as(make.user()).post(f"/atgarder/{action.id}/uppdatera",
                                      data=GOOD).status_code == 403
    assert updates_of(action) == []


@pytest.mark.parametrize("url", ["/atgarder/999999/uppdatera",
                                 "/atgarder/99999999999999999999/uppdatera",
                                 "/atgarder/abc/uppdatera"])
def test_an_unknown_action_is_not_found(login_as, moderator, url):
    assert login_as(moderator).post(url, data=GOOD).status_code == 404


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"text": ""}, "text", "Skriv vad som har hänt."),
    ({"text": "   "}, "text", "Skriv vad som har hänt."),
    ({"text": "x" * 5001}, "text", "Skriv högst 5000 tecken."),
    ({"progress": ""}, "progress", PROGRESS),
    ({"progress": "101"}, "progress", PROGRESS),
    ({"progress": "-1"}, "progress", PROGRESS),
    ({"progress": "fyrtio"}, "progress", PROGRESS),
    ({"progress": "4.5"}, "progress", PROGRESS),
    ({"progress": "99999999999999999999999"}, "progress", PROGRESS),
    ({"status": "finished"}, "status", "Välj en status i listan."),
    ({"status": ""}, "status", "Välj en status i listan."),
])
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_written(
        login_as, moderator, plf, outbox, change, field, message):
    action = plf.action(progress=10)
    response = login_as(moderator).post(f"/atgarder/{action.id}/uppdatera",
                                        data={**GOOD, **change})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert message in html
    assert html.count(message) == 2  # in the summary and next to the field, once each
    assert updates_of(action) == []
    assert reload(action).progress == 10
    assert outbox() == []


def test_the_same_update_sent_twice_is_published_once(login_as, make, pf, plf, outbox):
    official = make.user("official")
    author = make.user()
    action = plf.action(responsible_users=(official,))
    plf.proposal_link(pf.proposal(author), action)
    client = login_as(official)

    for _ in range(2):
        assert client.post(f"/atgarder/{action.id}/uppdatera", data=GOOD).status_code == 302

    assert len(updates_of(action)) == 1
    assert len(outbox(author.email)) == 1


def test_a_different_update_right_after_is_published(login_as, moderator, plf):
    action = plf.action()
    client = login_as(moderator)
    client.post(f"/atgarder/{action.id}/uppdatera", data=GOOD)
    client.post(f"/atgarder/{action.id}/uppdatera", data={**GOOD, "progress": "50"})
    assert [u.progress for u in updates_of(action)] == [40, 50]


def test_the_same_text_again_later_is_a_new_update(login_as, moderator, plf):
    action = plf.action()
    client = login_as(moderator)
    client.post(f"/atgarder/{action.id}/uppdatera", data=GOOD)
    [first] = updates_of(action)
    first.created_at = first.created_at.replace(year=first.created_at.year - 1)
    db.session.commit()
    client.post(f"/atgarder/{action.id}/uppdatera", data=GOOD)
    assert db.session.scalar(select(func.count()).select_from(ActionUpdate)) == 2


# --- My actions -------------------------------------------------------------------------

def test_my_actions_lists_what_the_official_answers_for(login_as, make, plf):
    official = make.user("official")
    mine = plf.action(text="Öppna bygdegården <b>nu</b>", status=ActionStatus.ONGOING,
                      progress=60, responsible_users=(official,))
    plf.action(text="Någon annans åtgärd", responsible_users=(make.user("official"),))

    response = login_as(official).get("/konto/mina-atgarder")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Mina åtgärder" in html
    assert "Öppna bygdegården &lt;b&gt;nu&lt;/b&gt;" in html
    assert "Någon annans åtgärd" not in html
    assert "Pågår" in html and "60 % klart" in html
    assert f'href="/atgarder/{mine.id}#uppdatera"' in html


def test_my_actions_says_so_when_there_are_none(login_as, make):
    html = login_as(make.user("official")).get("/konto/mina-atgarder").get_data(as_text=True)
    assert "inte ansvarig för någon åtgärd" in html


def test_my_actions_is_for_those_who_update_actions(client, login_as, make):
    response = client.get("/konto/mina-atgarder")
    assert response.headers["Location"].startswith("/konto/logga-in")
    assert login_as(make.user()).get("/konto/mina-atgarder").status_code == 403
    assert login_as(make.user("moderator")).get("/konto/mina-atgarder").status_code == 200


@pytest.mark.parametrize(("role", "shown"), [("resident", False), ("official", True),
                                             ("moderator", True), ("admin", True)])
def test_the_account_page_links_to_my_actions_for_those_who_update(login_as, make, role,
                                                                   shown):
    html = login_as(make.user(role)).get("/konto").get_data(as_text=True)
    assert ('href="/konto/mina-atgarder"' in html) is shown
