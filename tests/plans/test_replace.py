"""Re-importing a plan with replace updates it in place and keeps what hangs on its actions."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.plans import links, queries, services
from app.plans.exporter import to_csv
from app.plans.importer import parse_file
from app.plans.models import (
    Action,
    ActionUpdate,
    Challenge,
    Commitment,
    DialogueActionLink,
    Plan,
    ProposalActionLink,
)

SAMPLES = Path(__file__).parent / "samples"
TEXT = SAMPLES / "handlingsplan-sjovik.txt"
SAMPLE = TEXT.read_text(encoding="utf-8")
BUS = "Föra dialog med regionen om kvällsturer till Norrby och Åsen."
PREMISES = "Kartlägga vilka bygdegårdar och lokaler som kan öppnas för föreningar och företag."
COUNCIL = "Starta ett ungdomsråd med representanter från skolor och föreningar."


def run(app, *args):
    return app.test_cli_runner().invoke(args=["plans", "import", *map(str, args)])


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def actions_by_text() -> dict[str, Action]:
    db.session.expire_all()
    return {action.text: action for action in db.session.scalars(select(Action))}


def structure() -> list[tuple]:
    db.session.expire_all()
    return [tuple(row) for row in db.session.execute(
        select(Challenge.id, Challenge.title, Challenge.description, Commitment.id,
               Commitment.quote, Action.id, Action.position, Action.text, Action.responsible,
               Action.follow_up_report, Action.follow_up_year, Action.status, Action.progress)
        .join(Commitment, Commitment.challenge_id == Challenge.id)
        .join(Action, Action.commitment_id == Commitment.id)
        .order_by(Challenge.position, Commitment.position, Action.position))]


@pytest.fixture
def stored(app, make, pf, df, plf, moderator, official):
    """The sample plan with a proposal link, a dialogue link, an update, people and places."""
    assert run(app, TEXT).exit_code == 0
    actions = actions_by_text()
    proposal = pf.proposal(make.user())
    community = make.community()
    links.link_proposal(proposal, actions[PREMISES], moderator, "Förslaget gäller lokalerna.")
    links.link_dialogue(df.dialogue(), actions[COUNCIL], moderator, "Dialogen gav rådet.")
    links.add_update(actions[BUS], official, "Första mötet med regionen är hållet.",
                     "ongoing", 40)
    actions[BUS].responsible_users = [official]
    actions[BUS].communities = [community]
    db.session.commit()
    return {"proposal": proposal, "community": community, "official": official}


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "handlingsplan.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_same_file_again_keeps_ids_links_updates_status_and_progress(app, stored):
    before = structure()

    result = run(app, TEXT, "--replace")

    assert result.exit_code == 0, result.output
    assert "6 åtgärder uppdateras, 0 läggs till, 0 tas bort" in result.output
    assert structure() == before
    actions = actions_by_text()
    bus = actions[BUS]
    assert (bus.status, bus.progress) == ("ongoing", 40)
    assert [user.id for user in bus.responsible_users] == [stored["official"].id]
    assert [community.id for community in bus.communities] == [stored["community"].id]
    assert db.session.scalars(select(ActionUpdate.action_id)).all() == [bus.id]
    assert db.session.scalars(select(ProposalActionLink.action_id)).all() == [
        actions[PREMISES].id]
    assert db.session.scalars(select(DialogueActionLink.action_id)).all() == [
        actions[COUNCIL].id]
    assert (count(Plan), count(Challenge), count(Commitment), count(Action)) == (1, 2, 4, 6)


def test_a_changed_file_updates_text_and_adds_and_removes_actions(app, stored, tmp_path):
    before = actions_by_text()
    ids = {text: action.id for text, action in before.items()}
    unlinked = "Införa en gemensam ingång för föreningar som vill samarbeta med kommunen."
    changed = (SAMPLE
               # case and spacing do not matter: the same challenge, quote and action
               .replace("- Levande landsbygd\n", "- LEVANDE   landsbygd\n")
               .replace(BUS + "\tTrafikstrateg\tVerksamhetsberättelse 2026",
                        "föra dialog med  regionen om kvällsturer till Norrby och Åsen."
                        "\tKollektivtrafikchef\tDelårsrapport 2027")
               # an action nothing hangs on is reworded: removed and added
               .replace(unlinked, "Öppna en föreningsingång på webben."))

    result = run(app, write(tmp_path, changed), "--replace")

    assert result.exit_code == 0, result.output
    assert "5 åtgärder uppdateras, 1 läggs till, 1 tas bort" in result.output
    after = actions_by_text()
    assert unlinked not in after
    added = after["Öppna en föreningsingång på webben."]
    assert added.id not in ids.values() and added.status == "planned"
    bus = after["föra dialog med regionen om kvällsturer till Norrby och Åsen."]
    assert bus.id == ids[BUS]
    assert (bus.responsible, bus.follow_up_report, bus.follow_up_year) == (
        "Kollektivtrafikchef", "Delårsrapport", 2027)
    assert (bus.status, bus.progress) == ("ongoing", 40)
    assert count(ActionUpdate) == 1 and count(ProposalActionLink) == 1
    assert after[PREMISES].id == ids[PREMISES] and after[COUNCIL].id == ids[COUNCIL]
    challenge = db.session.scalars(select(Challenge).order_by(Challenge.position)).first()
    assert challenge.title == "LEVANDE landsbygd"
    assert challenge.description.startswith("Hela kommunen ska leva.")


def test_new_challenges_commitments_and_positions_follow_the_file(app, stored, tmp_path):
    ids = {text: action.id for text, action in actions_by_text().items()}
    lines = SAMPLE.split("\n")
    # The two rows of the first table change places, and a commitment is added.
    first = next(i for i, line in enumerate(lines) if "mötesplatser i varje by" in line
                 and "\t" in line)
    lines[first], lines[first + 1] = lines[first + 1], lines[first]
    lines.insert(first + 2, '"... trygga vägar ..."\tBygga gång- och cykelväg i Hedås.'
                            '\tGatuchef\tVerksamhetsberättelse 2027')

    result = run(app, write(tmp_path, "\n".join(lines)), "--replace")

    assert result.exit_code == 0, result.output
    rows = structure()
    assert [row[7] for row in rows[:3]] == [BUS, PREMISES, "Bygga gång- och cykelväg i Hedås."]
    assert rows[0][5] == ids[BUS] and rows[1][5] == ids[PREMISES]
    assert count(Commitment) == 5 and count(Action) == 7


def test_removing_a_linked_action_is_refused_and_nothing_changes(app, stored, tmp_path):
    before = structure()
    without_premises = SAMPLE.replace(PREMISES, "Något helt annat.")

    result = run(app, write(tmp_path, without_premises), "--replace")

    assert result.exit_code != 0
    assert "Kartlägga vilka bygdegårdar" in result.output
    assert "Inget sparades" in result.output
    assert structure() == before
    assert count(ProposalActionLink) == 1


def test_dropping_a_challenge_that_takes_an_updated_action_with_it_is_refused(
        app, stored, tmp_path):
    before = structure()
    start = SAMPLE.index("\nLevande landsbygd\n\n\"Hela")
    end = SAMPLE.index("\nSamverkan med föreningslivet\n\n")
    without_first = (SAMPLE[:start] + SAMPLE[end:]).replace("- Levande landsbygd\n", "")

    result = run(app, write(tmp_path, without_first), "--replace")

    assert result.exit_code != 0
    assert "2 åtgärder" in result.output and "kvällsturer" in result.output
    assert structure() == before


def test_a_dry_run_tells_what_replace_would_do_and_saves_nothing(app, stored, tmp_path):
    before = structure()
    # The unlinked first action of the second table is left out.
    fewer = SAMPLE.replace(
        "<p>Införa en gemensam ingång för föreningar som vill samarbeta med kommunen.</p> ", "")
    fewer = fewer.replace("<p>Förvaltningschef</p> <p>Demokratiutvecklare</p>",
                          "<p>Demokratiutvecklare</p>")
    fewer = fewer.replace("<p>Verksamhetsberättelse 2026</p> <p>Verksamhetsberättelse 2025</p>",
                          "<p>Verksamhetsberättelse 2025</p>")

    result = run(app, write(tmp_path, fewer), "--replace", "--dry-run")

    assert result.exit_code == 0, result.output
    assert "5 åtgärder uppdateras, 0 läggs till, 1 tas bort" in result.output
    assert structure() == before


def test_the_service_refuses_with_plan_error_naming_the_action(app, stored):
    draft = parse_file(TEXT)
    draft.challenges[0].commitments[0].actions[0].text = "Ny text"

    with pytest.raises(services.PlanError) as refused:
        services.save_draft(draft, replace=True)
    db.session.rollback()

    assert "Kartlägga vilka bygdegårdar" in str(refused.value)
    assert refused.value.field == "replace"


def test_an_exported_plan_imports_back_with_replace_unchanged(app, stored, tmp_path):
    before = structure()
    plan = queries.plan_document(db.session.scalars(select(Plan.id)).one())
    exported = tmp_path / "export.csv"
    exported.write_bytes(to_csv(queries.plan_draft(plan), delimiter=";"))

    result = run(app, exported, "--replace", "--registry-number", "KS 2025/88",
                 "--title", plan.title, "--period", "2025-2027")

    assert result.exit_code == 0, result.output
    # The table has no place for a challenge's quoted passage; the stored one stays.
    assert structure() == before


# --- the upload page says what a replace will do ------------------------------------------------


@pytest.fixture
def uploads_in_tmp(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "PLAN_IMPORT_FOLDER", str(tmp_path / "plan-imports"))


def test_the_preview_tells_what_replace_does_and_saves_it(
        app, stored, uploads_in_tmp, login_as, moderator):
    from tests.plans.test_upload_and_export import confirm, token_of, upload

    client = login_as(moderator)
    before = structure()
    changed = SAMPLE.replace(
        "<p>Införa en gemensam ingång för föreningar som vill samarbeta med kommunen.</p>",
        "<p>Öppna en föreningsingång på webben.</p>")

    preview = upload(client, changed.encode(), "handlingsplan.txt")

    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "Om du ersätter den: 5 åtgärder uppdateras, 1 läggs till, 1 tas bort." in html
    assert "kan inte ersättas" not in html
    assert confirm(client, token_of(preview), replace=True).status_code == 302
    after = structure()
    assert [row[5] for row in after if row[7] != "Öppna en föreningsingång på webben."] == [
        row[5] for row in before if not row[7].startswith("Införa en gemensam ingång")]


def test_the_preview_names_linked_actions_the_file_drops_and_saving_is_refused(
        app, stored, uploads_in_tmp, login_as, moderator):
    from tests.plans.test_upload_and_export import confirm, token_of, upload

    client = login_as(moderator)
    before = structure()
    preview = upload(client, SAMPLE.replace(BUS, "Något annat.").encode(), "plan.txt")

    html = preview.get_data(as_text=True)
    assert "Styrdokumentet kan inte ersättas med den här filen." in html
    bus_id = next(row[5] for row in before if row[7] == BUS)
    assert f'href="/atgarder/{bus_id}"' in html

    refused = confirm(client, token_of(preview), replace=True)

    assert refused.status_code == 400
    assert "Inget sparades" in refused.get_data(as_text=True)
    assert structure() == before


def test_a_new_challenge_is_added_and_one_nothing_hangs_on_is_removed(app, make):
    from app.plans.drafts import ActionDraft, ChallengeDraft, CommitmentDraft, PlanDraft

    def draft(*titles: str) -> PlanDraft:
        return PlanDraft("Plan", "KS 9", challenges=[ChallengeDraft(title, commitments=[
            CommitmentDraft(f"Citat {title}", [ActionDraft(f"Åtgärd {title}")])])
            for title in titles])

    services.save_draft(draft("A", "B"))
    db.session.commit()
    kept = actions_by_text()["Åtgärd A"]
    kept.communities = [make.community()]
    db.session.commit()

    services.save_draft(draft("C", "A"), replace=True)
    db.session.commit()

    rows = structure()
    assert [(row[1], row[7]) for row in rows] == [("C", "Åtgärd C"), ("A", "Åtgärd A")]
    assert rows[1][5] == kept.id
    assert len(actions_by_text()["Åtgärd A"].communities) == 1
    assert (count(Challenge), count(Commitment), count(Action)) == (2, 2, 2)
