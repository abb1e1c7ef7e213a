"""Only what anyone can read on the site leaves through the API and the files:
nothing hidden, waiting for review or in a draft plan, no e-mail address, and
no name of a deleted account."""

from __future__ import annotations

import re

import pytest

from app.accounts.models import DELETED_NAME
from app.core.models import utcnow
from app.extensions import db
from tests.api.helpers import NOT_PUBLIC, build_world

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
CSV_FILES = ("/oppna-data/forslag.csv", "/oppna-data/atgarder.csv", "/oppna-data/dialoger.csv")


@pytest.fixture
def world(make, pf, df, plf):
    return build_world(make, pf, df, plf)


def every_url(world) -> list[str]:
    """Every API answer and file that could show the world's items."""
    return [
        "/api/v1/", "/api/v1/communities", "/api/v1/themes", "/api/v1/proposals",
        "/api/v1/proposals?sort=supports", "/api/v1/proposals?q=förslag",
        f"/api/v1/proposals?dialogue={world.dialogue.id}",
        f"/api/v1/proposals?action={world.action.id}",
        f"/api/v1/proposals?action={world.draft_action.id}",
        f"/api/v1/proposals/{world.proposal.reference}",
        "/api/v1/dialogues", f"/api/v1/dialogues/{world.dialogue.id}",
        f"/api/v1/dialogues?action={world.draft_action.id}",
        "/api/v1/plans", f"/api/v1/plans/{world.plan.id}", f"/api/v1/actions/{world.action.id}",
        "/api/v1/stats", "/api/v1/openapi.json", *CSV_FILES, "/oppna-data",
    ]


def everything(client, world) -> str:
    texts = []
    for url in every_url(world):
        response = client.get(url)
        assert response.status_code == 200, url
        texts.append(response.get_data(as_text=True))
    return "\n".join(texts)


@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_a_proposal_that_is_not_public_is_nowhere(client, world, status):
    secret = world.not_public[status]
    answers = everything(client, world)
    assert secret.reference not in answers
    assert f"Dolt förslag {status}" not in answers
    response = client.get(f"/api/v1/proposals/{secret.reference}")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("what", ["plan", "action"])
def test_a_draft_plan_and_its_actions_are_nowhere(client, world, pf, plf, what):
    # A public proposal linked to the draft's action does not reveal it either.
    plf.proposal_link(world.proposal, world.draft_action)
    answers = everything(client, world)
    assert "Hemligt utkast" not in answers
    assert "Hemlig åtgärd" not in answers
    url = (f"/api/v1/plans/{world.draft_plan.id}" if what == "plan"
           else f"/api/v1/actions/{world.draft_action.id}")
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/proposals?action={world.draft_action.id}").get_json()[
        "data"] == []


def test_signed_in_plan_editors_see_no_drafts_through_the_api_either(login_as, make, world):
    client = login_as(make.user("moderator"))
    assert client.get(f"/api/v1/plans/{world.draft_plan.id}").status_code == 404
    assert client.get(f"/api/v1/proposals/{world.not_public['submitted'].reference}"
                      ).status_code == 404


def test_no_e_mail_address_appears_anywhere(client, world, make, of):
    organisation = of.organisation(world.author)
    organisation.contact_email = "styrelsen@example.org"
    world.proposal.organisation_id = organisation.id
    world.dialogue.partners = [organisation]
    db.session.commit()
    answers = everything(client, world)
    assert "anna.secret@example.org" not in answers
    assert EMAIL.findall(answers) == []


def test_a_deleted_account_has_no_name(client, world):
    # Even if its name were still stored, the API does not show it.
    world.author.deleted_at = utcnow()
    db.session.commit()
    answers = everything(client, world)
    assert "Anna Andersson" not in answers
    item = client.get(f"/api/v1/proposals/{world.proposal.reference}").get_json()
    assert item["author_name"] is None


def test_a_deleted_account_through_the_real_deletion(client, world):
    from app.accounts.services import delete_account
    from tests.factories import PASSWORD

    delete_account(world.author, PASSWORD)
    db.session.commit()
    answers = everything(client, world)
    assert "Anna Andersson" not in answers
    assert DELETED_NAME not in answers
