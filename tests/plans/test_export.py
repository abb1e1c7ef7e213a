"""A plan exported as CSV or XLSX reads back to the same plan."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import openpyxl
import pytest

from app.plans.exporter import follow_up_text, plan_rows, to_csv, to_xlsx
from app.plans.importer import (
    COLUMNS,
    ActionDraft,
    ChallengeDraft,
    CommitmentDraft,
    PlanDraft,
    parse_csv,
    parse_file,
    parse_text,
    parse_xlsx,
)

SAMPLES = Path(__file__).parent / "samples"
META = {"title": "Handlingsplan 2025-2027", "registry_number": "KS 2025/88",
        "period": (2025, 2027)}


@pytest.fixture(scope="module")
def csv_plan() -> PlanDraft:
    return parse_csv(SAMPLES / "handlingsplan-sjovik.csv", **META)


@pytest.fixture(scope="module")
def text_plan() -> PlanDraft:
    return parse_text(SAMPLES / "handlingsplan-sjovik.txt")


def tricky_plan() -> PlanDraft:
    return PlanDraft(**META, challenges=[
        ChallengeDraft("Trygghet, \"på riktigt\"", commitments=[
            CommitmentDraft('"A" och "B" ska gälla; även ”C”', actions=[
                ActionDraft("=SUMMA(A1:A3) är ingen formel", "Chef; ekonomi",
                            "Verksamhetsberättelse", 2026),
                ActionDraft("-1 är inte heller en formel", "", "", None),
                ActionDraft("+46 och @namn", "Gatuchef", "", 2027),
                ActionDraft("Rad ett, rad två", "Demokratiutvecklare", "Delårsrapport", None),
            ]),
            CommitmentDraft("Ett åtagande utan åtgärder"),
        ]),
        ChallengeDraft("En utmaning utan åtaganden"),
    ])


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_is_utf8_with_bom_and_the_five_columns(csv_plan):
    data = to_csv(csv_plan)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = read_csv(data)
    assert rows[0] == list(COLUMNS)
    assert rows[1] == ["Levande landsbygd", "... mötesplatser i varje by ...",
                       "Kartlägga vilka bygdegårdar och lokaler som kan öppnas för föreningar och "
                       "företag.", "Enhetschef Fritid", "Verksamhetsberättelse 2025"]
    assert len(rows) == 1 + csv_plan.action_count
    assert b"\r\n" in data


def test_csv_with_semicolons(csv_plan):
    data = to_csv(csv_plan, delimiter=";")
    assert data.decode("utf-8-sig").splitlines()[0] == ";".join(COLUMNS)
    assert parse_csv(data, **META) == csv_plan


def test_xlsx_has_a_bold_header_and_text_cells(csv_plan):
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx(csv_plan)))
    sheet = workbook.active
    assert sheet.title == "Handlingsplan"
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 1 + csv_plan.action_count


@pytest.mark.parametrize("export", [to_csv, to_xlsx], ids=["csv", "xlsx"])
def test_round_trip_of_the_sample(export, csv_plan):
    assert parse_file(export(csv_plan), f"plan.{export.__name__[3:]}", **META) == csv_plan


@pytest.mark.parametrize("export", [to_csv, to_xlsx], ids=["csv", "xlsx"])
def test_round_trip_of_the_text_export_loses_only_challenge_descriptions(export, text_plan):
    back = parse_file(export(text_plan), f"plan.{export.__name__[3:]}",
                      title=text_plan.title, registry_number=text_plan.registry_number,
                      period=text_plan.period)
    expected = dataclasses.replace(
        text_plan, warnings=[],
        challenges=[dataclasses.replace(challenge, description="")
                    for challenge in text_plan.challenges])
    assert back == expected


@pytest.mark.parametrize("export", [to_csv, to_xlsx], ids=["csv", "xlsx"])
def test_round_trip_of_quotes_formulas_separators_and_empty_parts(export):
    plan = tricky_plan()
    assert parse_file(export(plan), f"plan.{export.__name__[3:]}", **META) == plan


def test_csv_cells_that_excel_would_run_as_formulas_are_prefixed():
    rows = read_csv(to_csv(tricky_plan()))
    assert [row[2] for row in rows[1:5]] == [
        "'=SUMMA(A1:A3) är ingen formel", "'-1 är inte heller en formel", "'+46 och @namn",
        "Rad ett, rad två"]


def test_xlsx_cells_starting_with_equals_are_stored_as_text():
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx(tricky_plan())))
    cell = workbook.active["C2"]
    assert cell.data_type == "s"
    assert cell.value == "=SUMMA(A1:A3) är ingen formel"


def test_xlsx_round_trip_reads_the_written_values_not_formulas():
    assert parse_xlsx(to_xlsx(tricky_plan()), **META) == tricky_plan()


def test_rows_for_challenges_and_commitments_without_actions():
    rows = plan_rows(tricky_plan())
    assert rows[-2] == ["Trygghet, \"på riktigt\"", "Ett åtagande utan åtgärder", "", "", ""]
    assert rows[-1] == ["En utmaning utan åtaganden", "", "", "", ""]


@pytest.mark.parametrize(("action", "text"), [
    (ActionDraft("a", "r", "Verksamhetsberättelse", 2025), "Verksamhetsberättelse 2025"),
    (ActionDraft("a", "r", "Verksamhetsberättelse", None), "Verksamhetsberättelse"),
    (ActionDraft("a", "r", "", 2025), "2025"),
    (ActionDraft("a", "r", "", None), ""),
])
def test_follow_up_text(action, text):
    assert follow_up_text(action) == text


def test_empty_plan_exports_a_header_only():
    assert read_csv(to_csv(PlanDraft())) == [list(COLUMNS)]
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx(PlanDraft())))
    assert workbook.active.max_row == 1
