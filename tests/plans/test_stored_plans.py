"""Importing plans into the database, and the public plan and action pages."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from app.extensions import db
from app.plans import services
from app.plans.drafts import ActionDraft, ChallengeDraft, CommitmentDraft, PlanDraft
from app.plans.models import Action, Challenge, Commitment, Plan

SAMPLES = Path(__file__).parent / "samples"
TEXT = SAMPLES / "handlingsplan-sjovik.txt"
CSV = SAMPLES / "handlingsplan-sjovik.csv"


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def run(app, *args):
    return app.test_cli_runner().invoke(args=["plans", "import", *map(str, args)])


def stored_structure() -> list[tuple]:
    db.session.expire_all()
    rows = db.session.execute(
        select(Challenge.title, Commitment.quote, Action.text, Action.responsible,
               Action.follow_up_year)
        .join(Commitment, Commitment.challenge_id == Challenge.id)
        .join(Action, Action.commitment_id == Commitment.id)
        .order_by(Challenge.position, Commitment.position, Action.position)).all()
    return [tuple(row) for row in rows]


def test_the_text_export_imports_with_its_registry_number_period_and_one_warning(app):
    result = run(app, TEXT, "--json")

    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["plan"]["registry_number"] == "KS 2025/88"
    assert summary["plan"]["period"] == [2025, 2027]
    assert (summary["challenges"], summary["commitments"], summary["actions"]) == (2, 4, 6)
    assert len(summary["warnings"]) == 1
    plan = db.session.scalars(select(Plan)).one()
    assert (plan.first_year, plan.last_year) == (2025, 2027)
    assert (count(Challenge), count(Commitment), count(Action)) == (2, 4, 6)
    years = [row[4] for row in stored_structure()]
    assert years == [2025, 2026, 2026, 2025, 2027, 2026]


def test_the_csv_and_the_text_export_store_the_same_plan(app):
    assert run(app, TEXT).exit_code == 0
    from_text = stored_structure()
    db.session.execute(Plan.__table__.delete())
    db.session.commit()

    result = run(app, CSV, "--registry-number", "KS 2025/88", "--title", "Handlingsplan",
                 "--period", "2025-2027")

    assert result.exit_code == 0, result.output
    assert stored_structure() == from_text


def test_dry_run_saves_nothing_and_prints_a_summary(app):
    result = run(app, TEXT, "--dry-run")

    assert result.exit_code == 0
    assert "2 challenges, 4 commitments, 6 actions" in result.output
    assert count(Plan) == 0 and count(Action) == 0


def test_importing_twice_is_refused_and_replace_updates_without_duplicates(app):
    assert run(app, TEXT).exit_code == 0

    again = run(app, TEXT)
    assert again.exit_code != 0
    assert "KS 2025/88" in again.output
    assert count(Plan) == 1 and count(Action) == 6

    replaced = run(app, TEXT, "--replace")
    assert replaced.exit_code == 0, replaced.output
    assert count(Plan) == 1 and count(Action) == 6


def test_a_bad_file_is_refused_with_the_problem_and_nothing_is_saved(app, tmp_path):
    bad = tmp_path / "plan.csv"
    bad.write_text("utmaning,atgard\nLevande landsbygd,Något\n", encoding="utf-8")

    result = run(app, bad)

    assert result.exit_code != 0
    assert "citat" in result.output.lower() or "column" in result.output.lower()
    assert count(Plan) == 0


def test_a_missing_file_is_a_clear_error(app, tmp_path):
    result = run(app, tmp_path / "finns-inte.txt")
    assert result.exit_code != 0
    assert count(Plan) == 0


def test_a_period_that_is_not_years_is_refused(app):
    result = run(app, CSV, "--title", "X", "--period", "nästa år")
    assert result.exit_code != 0
    assert count(Plan) == 0


def _plan_with(actions: int) -> Plan:
    draft = PlanDraft(title="Plan <script>alert(1)</script>", registry_number=f"KS {actions}",
                      period=(2026, 2027), challenges=[ChallengeDraft(
                          f"Utmaning {c}", description="”Citat”", commitments=[CommitmentDraft(
                              f"Åtagande {c}.{m}", actions=[ActionDraft(
                                  f"Åtgärd {c}.{m}.{a} <img src=x onerror=alert(1)>",
                                  "Enhetschef", "Verksamhetsberättelse", 2026)
                                  for a in range(actions)]) for m in range(2)])
                          for c in range(2)])
    plan = services.save_draft(draft)
    db.session.commit()
    return plan


def test_the_plan_page_shows_the_document_structure_safely(client):
    plan = _plan_with(2)

    response = client.get(f"/styrdokument/{plan.id}")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Utmaning 1" in html and "Åtagande 1.1" in html and "Enhetschef" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert html.count('href="/atgarder/') == 8
    assert "KS 2" in client.get("/styrdokument").get_data(as_text=True)


def test_an_action_page_shows_its_plan_and_follow_up(client):
    plan = _plan_with(1)
    action = db.session.scalars(select(Action).order_by(Action.id)).first()

    response = client.get(f"/atgarder/{action.id}")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Verksamhetsberättelse 2026" in html
    assert f"/styrdokument/{plan.id}" in html


def test_unknown_and_huge_ids_are_404(client):
    for url in ("/styrdokument/999", "/styrdokument/99999999999999999999", "/atgarder/999",
                "/atgarder/99999999999999999999"):
        assert client.get(url).status_code == 404, url


def test_the_plan_page_issues_the_same_queries_however_many_actions(client, count_queries):
    small = _plan_with(1)
    large = _plan_with(15)
    counts = []
    for plan in (small, large):
        client.get(f"/styrdokument/{plan.id}")
        with count_queries() as counter:
            assert client.get(f"/styrdokument/{plan.id}").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 12
