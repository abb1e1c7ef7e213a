"""The two sample files of the Sjövik action plan read to the same plan."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.plans.importer import (
    ActionDraft,
    PlanDraft,
    parse_csv,
    parse_file,
    parse_follow_up,
    parse_text,
)

SAMPLES = Path(__file__).parent / "samples"
TEXT_SAMPLE = SAMPLES / "handlingsplan-sjovik.txt"
CSV_SAMPLE = SAMPLES / "handlingsplan-sjovik.csv"
TITLE = ("Samhällsbyggnadsförvaltningens handlingsplan för Utvecklingsstrategin för "
         "Sjöviks kommun 2025-2027")


def without_descriptions(plan: PlanDraft) -> PlanDraft:
    """The table formats have no place for a challenge's quoted passage."""
    challenges = [dataclasses.replace(challenge, description="") for challenge in plan.challenges]
    return dataclasses.replace(plan, challenges=challenges, warnings=[])


@pytest.fixture
def text_plan() -> PlanDraft:
    return parse_file(TEXT_SAMPLE)


@pytest.fixture
def csv_plan() -> PlanDraft:
    return parse_file(CSV_SAMPLE, title=TITLE, registry_number="KS 2025/88", period=(2025, 2027))


def test_text_sample_carries_registry_number_title_and_period(text_plan):
    assert text_plan.registry_number == "KS 2025/88"
    assert text_plan.title == TITLE
    assert text_plan.period == (2025, 2027)


def test_text_sample_counts(text_plan):
    assert (text_plan.challenge_count, text_plan.commitment_count, text_plan.action_count) == (
        2, 4, 6)
    assert [challenge.title for challenge in text_plan.challenges] == [
        "Levande landsbygd", "Samverkan med föreningslivet"]


def test_text_sample_keeps_each_challenges_quoted_passage_without_quotes(text_plan):
    first, second = text_plan.challenges
    assert first.description.startswith("Hela kommunen ska leva.")
    assert first.description.endswith("stanna i byarna.")
    assert second.description.startswith("Föreningslivet är kommunens ryggrad.")
    assert not second.description.endswith("”")


def test_text_sample_strips_straight_and_typographic_quotes_from_commitments(text_plan):
    quotes = [commitment.quote for challenge in text_plan.challenges
              for commitment in challenge.commitments]
    assert quotes == [
        "... mötesplatser i varje by ...",
        "... goda kommunikationer ...",
        "Det ska vara lätt att samarbeta med kommunen ...",
        "... unga ska ha verklig påverkan ...",
    ]


def test_text_sample_pairs_paragraphs_and_reads_follow_up_years(text_plan):
    actions = [action for _, _, action in text_plan.iter_actions()]
    assert [(action.responsible, action.follow_up_year) for action in actions] == [
        ("Enhetschef Fritid", 2025),
        ("Trafikstrateg", 2026),
        ("Förvaltningschef", 2026),
        ("Demokratiutvecklare", 2025),
        ("Demokratiutvecklare", 2027),
        ("Demokratiutvecklare", 2026),
    ]
    assert {action.follow_up_report for action in actions} == {"Verksamhetsberättelse"}


def test_extra_action_paragraph_continues_the_last_action_with_one_warning(text_plan):
    last = text_plan.challenges[1].commitments[1].actions[-1]
    assert last == ActionDraft(
        "Genomföra inflytandedialoger med unga i Norrby och Åsen. Dialogerna hålls där unga "
        "redan finns, i skolor och idrottshallar.",
        "Demokratiutvecklare", "Verksamhetsberättelse", 2026)
    assert len(text_plan.warnings) == 1
    warning = str(text_plan.warnings[0])
    line = TEXT_SAMPLE.read_text(encoding="utf-8").splitlines().index(
        next(row for row in TEXT_SAMPLE.read_text(encoding="utf-8").splitlines()
             if "Dialogerna hålls" in row)) + 1
    assert warning.startswith(f"Line {line}:")
    assert "Dialogerna hålls" in warning


def test_csv_sample_has_no_warnings_and_no_plan_metadata():
    plan = parse_csv(CSV_SAMPLE)
    assert plan.warnings == []
    assert (plan.title, plan.registry_number, plan.period) == ("", "", None)


def test_both_samples_give_the_same_plan(text_plan, csv_plan):
    assert without_descriptions(csv_plan) == without_descriptions(text_plan)
    assert csv_plan.summary_dict() == {**text_plan.summary_dict(), "warnings": []}


def test_summary_dict(text_plan):
    assert text_plan.summary_dict() == {
        "plan": {"title": TITLE, "registry_number": "KS 2025/88", "period": [2025, 2027]},
        "challenges": 2,
        "commitments": 4,
        "actions": 6,
        "warnings": [str(warning) for warning in text_plan.warnings],
    }


def test_summary_dict_without_period():
    assert parse_csv(CSV_SAMPLE).summary_dict()["plan"]["period"] is None


def test_overrides_win_over_the_text_file():
    plan = parse_text(TEXT_SAMPLE, title="Ny titel", registry_number="KS 2026/1",
                      period=[2026, 2026])
    assert (plan.title, plan.registry_number, plan.period) == ("Ny titel", "KS 2026/1",
                                                               (2026, 2026))


def test_period_override_must_not_end_before_it_starts():
    with pytest.raises(ValueError, match="ends before"):
        parse_csv(CSV_SAMPLE, period=(2027, 2025))


@pytest.mark.parametrize("source_kind", ["path", "str", "bytes", "file"])
def test_parse_file_accepts_paths_bytes_and_open_files(source_kind, csv_plan):
    data = CSV_SAMPLE.read_bytes()
    if source_kind == "file":
        with CSV_SAMPLE.open("rb") as handle:
            plan = parse_file(handle, "plan.csv")
    else:
        source = {"path": CSV_SAMPLE, "str": str(CSV_SAMPLE), "bytes": data}[source_kind]
        plan = parse_file(source, "plan.csv")
    assert without_descriptions(plan) == without_descriptions(
        dataclasses.replace(csv_plan, title="", registry_number="", period=None))


@pytest.mark.parametrize("filename", ["", "plan", "plan.dat", "PLAN.TXT"])
def test_parse_file_sniffs_the_text_export(filename, text_plan):
    assert parse_file(TEXT_SAMPLE.read_bytes(), filename) == text_plan


@pytest.mark.parametrize("filename", ["", "plan.txt", "export.dat"])
def test_parse_file_sniffs_csv(filename):
    plan = parse_file(CSV_SAMPLE.read_bytes(), filename)
    assert plan.action_count == 6


@pytest.mark.parametrize(("text", "expected"), [
    ("Verksamhetsberättelse 2025", ("Verksamhetsberättelse", 2025)),
    ("  Verksamhetsberättelse   2026 ", ("Verksamhetsberättelse", 2026)),
    ("Verksamhetsberättelse", ("Verksamhetsberättelse", None)),
    ("Delårsrapport augusti 2026", ("Delårsrapport augusti", 2026)),
    ("2027", ("", 2027)),
    ("Verksamhetsberättelse 2025, delår", ("Verksamhetsberättelse, delår", 2025)),
    ("", ("", None)),
    (None, ("", None)),
    ("Rapport 12345", ("Rapport 12345", None)),
])
def test_parse_follow_up(text, expected):
    assert parse_follow_up(text) == expected
