"""Browser tests: the traceability chain's pages, with the axe check on each."""

from __future__ import annotations

from app.core.permissions import Role
from app.plans.models import ActionStatus
from app.proposals.models import ProposalStatus
from tests import dialogue_factories as df
from tests import factories
from tests import plan_factories as plf
from tests import proposal_factories as pf
from tests.e2e.conftest import check_a11y, follow, log_in, submit


def _chain(responsible=None):
    """A plan with two actions (one for Norrby), the first with linked proposals and a
    dialogue; returns (plan, action, other action, proposal, dialogue, norrby)."""
    norrby = factories.community("Norrby", slug="norrby")
    plan = plf.plan(title="Handlingsplan för levande landsbygd")
    commitment = plf.commitment(plan)
    action = plf.action(commitment, text="Öppna bygdegårdarna för föreningslivet",
                        status=ActionStatus.ONGOING, progress=40,
                        responsible_users=(responsible,) if responsible else (),
                        communities=(norrby,))
    other = plf.action(commitment, text="Bygg ut bredbandet till alla byar")
    proposal = pf.proposal(title="Fler aktiviteter i bygdegården",
                           status=ProposalStatus.UNDER_CONSIDERATION)
    for n in range(22):
        plf.proposal_link(pf.proposal(title=f"Förslag om bygdegården nummer {n}"), action)
    dialogue = df.dialogue(title="Dialog om bygdegårdarna")
    plf.dialogue_link(dialogue, action)
    return plan, action, other, proposal, dialogue, norrby


def test_an_official_links_a_proposal_and_removes_the_link(page):
    official = factories.user(Role.OFFICIAL)
    _plan, _action, other, proposal, _dialogue, _norrby = _chain()
    log_in(page, official.email)

    page.goto(f"/forslag/{proposal.reference}")
    follow(page, page.locator(f"main a[href='/forslag/{proposal.reference}/koppla']"))
    page.wait_for_load_state()
    assert "ändrar inte förslagets status eller svar" in page.locator("main").inner_text()
    assert page.locator("#action optgroup").count() == 1
    check_a11y(page)

    submit(page, "main form[action$='/koppla']")
    assert page.locator("#motivation-error").count() == 1
    assert page.locator("#action-error").count() == 1
    check_a11y(page)

    page.select_option("#action", str(other.id))
    page.fill("#motivation", "Bredbandet gör att bygdegården kan sända möten.")
    submit(page, "main form[action$='/koppla']")
    assert page.url.endswith(f"/forslag/{proposal.reference}#atgarder")
    section = page.locator("#atgarder")
    assert "Bygg ut bredbandet till alla byar" in section.inner_text()
    assert "Bredbandet gör att bygdegården kan sända möten." in section.inner_text()
    check_a11y(page)

    page.goto(f"/forslag/{proposal.reference}/koppla")
    page.fill(f"#reason-{other.id}", "Fel åtgärd.")
    submit(page, f"main form[action$='/koppla/{other.id}/ta-bort']")
    assert "Kopplingen är borttagen." in page.locator("main").inner_text()
    check_a11y(page)


def test_the_responsible_writes_an_update_from_my_actions(page):
    official = factories.user(Role.OFFICIAL)
    _plan, action, _other, _proposal, _dialogue, _norrby = _chain(responsible=official)
    log_in(page, official.email)

    page.goto("/konto")
    follow(page, page.locator("main a[href='/konto/mina-atgarder']"))
    page.wait_for_load_state()
    assert "Öppna bygdegårdarna för föreningslivet" in page.locator("main").inner_text()
    check_a11y(page)

    follow(page, page.locator(f"main a[href='/atgarder/{action.id}#uppdatera']").first)
    page.wait_for_load_state()
    assert page.locator("#forslag .card").count() == 20
    assert page.locator("#dialoger .card").count() == 1
    assert page.locator("#status").input_value() == "ongoing"
    assert page.locator("#progress").input_value() == "40"
    check_a11y(page)

    page.fill("#progress", "120")
    submit(page, "#uppdatera form")
    assert page.locator("#text-error").count() == 1
    assert page.locator("#progress-error").count() == 1
    check_a11y(page)

    page.fill("#text", "Bygdegården i Norrby har nu öppet varje lördag.")
    page.fill("#progress", "60")
    submit(page, "#uppdatera form")
    assert "Bygdegården i Norrby har nu öppet varje lördag." in page.locator(
        "#tidslinje").inner_text()
    assert "60 %" in page.locator("main").inner_text()

    follow(page, page.locator("#forslag a[rel='next']"))
    page.wait_for_load_state()
    assert page.locator("#forslag .card").count() == 2
    check_a11y(page)


def test_plan_community_and_proposal_pages_show_the_chain(page):
    plan, action, _other, _proposal, dialogue, _norrby = _chain()
    linked = pf.proposal(title="Ett kopplat förslag")
    plf.proposal_link(linked, action)

    page.goto(f"/styrdokument/{plan.id}")
    assert "Kopplade förslag: 23 · Kopplade dialoger: 1" in page.locator("main").inner_text()
    check_a11y(page)

    page.goto("/lokalsamhallen/norrby")
    assert "Öppna bygdegårdarna för föreningslivet" in page.locator("main").inner_text()
    check_a11y(page)

    page.goto(f"/forslag/{linked.reference}")
    assert "Öppna bygdegårdarna för föreningslivet" in page.locator("#atgarder").inner_text()
    check_a11y(page)

    page.goto(f"/dialoger/{dialogue.id}")
    assert "Öppna bygdegårdarna för föreningslivet" in page.locator("#atgarder").inner_text()
    check_a11y(page)


def test_a_moderator_links_a_dialogue(page):
    moderator = factories.user(Role.MODERATOR)
    _plan, _action, other, _proposal, dialogue, _norrby = _chain()
    log_in(page, moderator.email)

    page.goto(f"/dialoger/{dialogue.id}")
    follow(page, page.locator(f"main a[href='/dialoger/{dialogue.id}/koppla']"))
    page.wait_for_load_state()
    check_a11y(page)

    submit(page, "main form[action$='/koppla']")
    assert page.locator("#motivation-error").count() == 1
    check_a11y(page)

    page.select_option("#action", str(other.id))
    page.fill("#motivation", "Dialogen visade att bredbandet behövs.")
    submit(page, "main form[action$='/koppla']")
    assert "Dialogen visade att bredbandet behövs." in page.locator("#atgarder").inner_text()
    check_a11y(page)

    page.goto(f"/dialoger/{dialogue.id}/koppla")
    submit(page, f"main form[action$='/koppla/{other.id}/ta-bort']")
    assert "Kopplingen är borttagen." in page.locator("main").inner_text()
    check_a11y(page)
