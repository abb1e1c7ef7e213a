"""Files as officials actually save them: other encodings, separators, spacing and layouts."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from app.plans.importer import (
    ActionDraft,
    ChallengeDraft,
    CommitmentDraft,
    PlanImportError,
    parse_csv,
    parse_file,
    parse_text,
    parse_xlsx,
)

SAMPLES = Path(__file__).parent / "samples"
CSV_TEXT = (SAMPLES / "handlingsplan-sjovik.csv").read_text(encoding="utf-8")
TXT_TEXT = (SAMPLES / "handlingsplan-sjovik.txt").read_text(encoding="utf-8")
TABLE_HEADER = "ur STRATEGIN\tÅTGÄRDER\tANSVARIG\tUPPFÖLJNING"


@pytest.fixture(scope="module")
def sample_challenges():
    return parse_csv(CSV_TEXT.encode()).challenges


def xlsx_bytes(rows, sheet_title="Blad1", extra_sheet_first=False) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if extra_sheet_first:
        sheet.title = "Om planen"
        sheet.append(["Den här arbetsboken innehåller handlingsplanen."])
        sheet = workbook.create_sheet(sheet_title)
    else:
        sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sample_rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(CSV_TEXT)))


# --- CSV encodings and separators -------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_csv_encodings(encoding, sample_challenges):
    text = CSV_TEXT.replace("”", '""')  # Windows-1252 has ” but keep the data the same for all
    plan = parse_csv(text.encode(encoding))
    expected = parse_csv(text.encode("utf-8"))
    assert plan == expected
    assert plan.challenges[1].title == "Samverkan med föreningslivet"


def test_windows_1252_keeps_swedish_letters_and_typographic_quotes(sample_challenges):
    assert parse_csv(CSV_TEXT.encode("cp1252")).challenges == sample_challenges


def test_bom_csv_header_is_recognised(sample_challenges):
    assert parse_csv(b"\xef\xbb\xbf" + CSV_TEXT.encode()).challenges == sample_challenges


def test_semicolon_csv(sample_challenges):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(sample_rows())
    assert ";" in buffer.getvalue().splitlines()[0]
    assert parse_csv(buffer.getvalue().encode("cp1252")).challenges == sample_challenges


def test_tab_separated_text_with_csv_columns(sample_challenges):
    text = "\n".join("\t".join(row) for row in sample_rows())
    assert parse_file(text.encode(), "plan.tsv").challenges == sample_challenges


def test_crlf_line_ends(sample_challenges):
    assert parse_csv(CSV_TEXT.replace("\n", "\r\n").encode()).challenges == sample_challenges


@pytest.mark.parametrize("header", [
    "Utmaning,Citat ur strategin,Åtgärd,Ansvarig,Uppföljning",
    "UTMANING;CITAT UR STRATEGIN;ATGARD;ANSVARIG;UPPFOLJNING",
    " utmaning , citat-ur-strategin , Åtgärder , ansvarig , Uppföljning ",
])
def test_header_names_ignore_case_accents_and_spacing(header, sample_challenges):
    delimiter = ";" if ";" in header else ","
    rows = sample_rows()[1:]
    buffer = io.StringIO()
    buffer.write(header + "\n")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    assert parse_csv(buffer.getvalue().encode()).challenges == sample_challenges


def test_columns_in_another_order_and_extra_columns_are_ignored(sample_challenges):
    rows = sample_rows()
    order = [4, 2, 0, 3, 1]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Nr"] + [rows[0][index] for index in order])
    for number, row in enumerate(rows[1:], start=1):
        writer.writerow([number] + [row[index] for index in order])
    assert parse_csv(buffer.getvalue().encode()).challenges == sample_challenges


def test_extra_spaces_and_blank_lines(sample_challenges):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in sample_rows():
        writer.writerow([f"  {cell.replace(' ', '   ')}\u00a0 " for cell in row])
        writer.writerow([])
    assert parse_csv(("\n\n" + buffer.getvalue()).encode()).challenges == sample_challenges


def test_missing_follow_up_and_year_less_follow_up():
    data = ("utmaning,citat_ur_strategin,atgard,ansvarig,uppfoljning\n"
            "Trygghet,Trygga miljöer,Trygghetsvandringar,Demokratiutvecklare\n"
            "Trygghet,Trygga miljöer,Belysning i parker,Gatuchef,Verksamhetsberättelse\n"
            "Trygghet,Trygga miljöer,Kartläggning,,\n").encode()
    actions = parse_csv(data).challenges[0].commitments[0].actions
    assert actions == [
        ActionDraft("Trygghetsvandringar", "Demokratiutvecklare", "", None),
        ActionDraft("Belysning i parker", "Gatuchef", "Verksamhetsberättelse", None),
        ActionDraft("Kartläggning", "", "", None),
    ]


def test_rows_group_by_challenge_and_quote_in_file_order_even_when_apart():
    data = (b"utmaning,citat_ur_strategin,atgard,ansvarig,uppfoljning\n"
            b"A,q1,a1,r,VB 2025\n"
            b"B,q2,b1,r,VB 2025\n"
            b"A,q1,a2,r,VB 2026\n"
            b"a,Q1,a3,r,VB 2026\n")
    plan = parse_csv(data)
    assert [challenge.title for challenge in plan.challenges] == ["A", "B"]
    assert [action.text for action in plan.challenges[0].commitments[0].actions] == [
        "a1", "a2", "a3"]


def test_blank_challenge_and_quote_repeat_the_row_above_like_merged_cells(sample_challenges):
    rows = sample_rows()
    previous = None
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(rows[0])
    for row in rows[1:]:
        cells = list(row)
        if previous and previous[0] == row[0]:
            cells[0] = ""
            if previous[1] == row[1]:
                cells[1] = ""
        writer.writerow(cells)
        previous = row
    assert parse_csv(buffer.getvalue().encode()).challenges == sample_challenges


def test_challenge_and_commitment_rows_without_actions():
    data = ("utmaning,citat_ur_strategin,atgard,ansvarig,uppfoljning\n"
            "Klimat,,,,\n"
            "Trygghet,Trygga miljöer,,,\n").encode()
    assert parse_csv(data).challenges == [
        ChallengeDraft("Klimat"),
        ChallengeDraft("Trygghet", commitments=[CommitmentDraft("Trygga miljöer")]),
    ]


@pytest.mark.parametrize(("cell", "expected"), [
    ('"""Hela kommunen ska leva"""', "Hela kommunen ska leva"),
    ("”Hela kommunen ska leva”", "Hela kommunen ska leva"),
    ("“Hela kommunen ska leva”", "Hela kommunen ska leva"),
    ("„Hela kommunen ska leva“", "Hela kommunen ska leva"),
    ("«Hela kommunen ska leva»", "Hela kommunen ska leva"),
    ('"  Hela kommunen ska leva "', "Hela kommunen ska leva"),
    ('"""A"" och ""B"""', '"A" och "B"'),
    ('"""Bara början"', '"Bara början'),
])
def test_surrounding_quotes_are_stripped_once(cell, expected):
    data = (f"utmaning,citat_ur_strategin,atgard,ansvarig,uppfoljning\n"
            f"Levande landsbygd,{cell},Gör,Chef,VB 2025\n").encode()
    assert parse_csv(data).challenges[0].commitments[0].quote == expected


# --- XLSX -------------------------------------------------------------------------------------


def test_xlsx_built_with_openpyxl(sample_challenges):
    data = xlsx_bytes(sample_rows())
    assert parse_xlsx(data).challenges == sample_challenges
    assert parse_file(data, "plan.xlsx").challenges == sample_challenges


def test_xlsx_with_numbers_blank_rows_and_a_title_row_in_another_sheet(sample_challenges):
    rows = sample_rows()
    rows = [rows[0], [None] * 5] + [
        row[:4] + [row[4]] for row in rows[1:]]
    rows[2][4] = None
    data = xlsx_bytes(rows, extra_sheet_first=True)
    plan = parse_xlsx(data, title="Plan", registry_number="KS 2025/88", period=(2025, 2027))
    first = plan.challenges[0].commitments[0].actions[0]
    assert first.follow_up_year is None and first.follow_up_report == ""
    assert plan.action_count == 6
    assert plan.summary_dict()["plan"] == {"title": "Plan", "registry_number": "KS 2025/88",
                                           "period": [2025, 2027]}


def test_xlsx_follow_up_given_as_a_number():
    data = xlsx_bytes([["Utmaning", "Citat ur strategin", "Åtgärd", "Ansvarig", "Uppföljning"],
                       ["Trygghet", "Trygga miljöer", "Belysning", "Gatuchef", 2026.0]])
    action = parse_xlsx(data).challenges[0].commitments[0].actions[0]
    assert (action.follow_up_report, action.follow_up_year) == ("", 2026)


def test_xlsx_error_names_the_row():
    data = xlsx_bytes([["utmaning", "citat_ur_strategin", "atgard", "ansvarig", "uppfoljning"],
                       ["Trygghet", "Trygga miljöer", "Belysning", "Gatuchef", "VB 2026"],
                       [None, None, "Trygghetsvandring", "Chef", None],
                       ["Klimat", None, "Solceller", "Chef", None]])
    with pytest.raises(PlanImportError) as caught:
        parse_xlsx(data)
    assert str(caught.value) == ("Line 4: The row has an action but no quote from the strategy "
                                 "(citat_ur_strategin).")


# --- the Word text export ---------------------------------------------------------------------


def test_text_with_crlf_extra_spaces_and_a_bom():
    expected = parse_text(TXT_TEXT.encode())
    spaced = "\n".join("  " + line.replace(" ", "  ") + "  " for line in TXT_TEXT.split("\n"))
    data = b"\xef\xbb\xbf" + spaced.replace("\n", "\r\n").encode()
    assert parse_text(data) == expected


def test_text_in_windows_1252():
    assert parse_text(TXT_TEXT.encode("cp1252")) == parse_text(TXT_TEXT.encode())


def test_text_row_with_missing_follow_up_cell_and_year_less_follow_up():
    text = ("Dnr KS 2025/88\n\nHandlingsplan 2026\n\n- Trygghet\n\nTrygghet\n\n"
            f"{TABLE_HEADER}\n"
            "\"Trygga miljöer\"\tTrygghetsvandringar\tDemokratiutvecklare\n"
            "\"Trygga miljöer\"\tBelysning i parker\tGatuchef\tVerksamhetsberättelse\n"
            "\"Trygga miljöer\"\tKartläggning\tGatuchef\t\t\t\n")
    plan = parse_text(text.encode())
    assert plan.period == (2026, 2026)
    assert plan.warnings == []
    assert plan.challenges[0].commitments[0].actions == [
        ActionDraft("Trygghetsvandringar", "Demokratiutvecklare", "", None),
        ActionDraft("Belysning i parker", "Gatuchef", "Verksamhetsberättelse", None),
        ActionDraft("Kartläggning", "Gatuchef", "", None),
    ]


@pytest.mark.parametrize(("title", "period"), [
    ("Handlingsplan 2025-2027", (2025, 2027)),
    ("Handlingsplan 2025–2027", (2025, 2027)),
    ("Handlingsplan för 2026", (2026, 2026)),
    ("Handlingsplan för 2024 och 2026", (2024, 2026)),
    ("Handlingsplan", None),
])
def test_period_from_the_title(title, period):
    text = f"Dnr 1\n{title}\n\nUtmaning\n\n{TABLE_HEADER}\n\"q\"\tGör\tChef\tVB 2025\n"
    assert parse_text(text.encode()).period == period


def test_text_without_registry_number_or_bullet_list_uses_the_line_above_the_table():
    text = ("Handlingsplan för trygghet 2026\n\nTrygghet i byarna\n\n"
            "\"Alla ska känna sig trygga.\"\n\n"
            "Förvaltningens insatser:\n\n"
            f"{TABLE_HEADER}\n\"Trygga miljöer\"\tBelysning\tGatuchef\tVB 2026\n")
    plan = parse_text(text.encode())
    assert plan.registry_number == ""
    assert plan.title == "Handlingsplan för trygghet 2026"
    assert [(c.title, c.description) for c in plan.challenges] == [
        ("Trygghet i byarna", "Alla ska känna sig trygga.")]


def test_text_cell_with_html_entities_and_inline_tags():
    text = ("Titel\n\n- Trygghet\n\nTrygghet\n\n"
            f"{TABLE_HEADER}\n"
            "<p>”Trygga &amp; levande”</p>\t<p>Belysning <b>i parker</b></p><p></p>"
            "\t<p>Gatuchef</p>\t<p>VB 2026</p>\n")
    commitment = parse_text(text.encode()).challenges[0].commitments[0]
    assert commitment.quote == "Trygga & levande"
    assert commitment.actions == [ActionDraft("Belysning i parker", "Gatuchef", "VB", 2026)]


def test_text_blank_quote_cell_continues_the_commitment_above():
    text = ("Titel\n\n- Trygghet\n\nTrygghet\n\n"
            f"{TABLE_HEADER}\n\"q\"\tA\tChef\tVB 2025\n\tB\tChef\tVB 2026\n")
    commitments = parse_text(text.encode()).challenges[0].commitments
    assert [[a.text for a in c.actions] for c in commitments] == [["A", "B"]]


def test_text_table_continues_across_blank_lines():
    text = ("Titel\n\n- Trygghet\n\nTrygghet\n\n"
            f"{TABLE_HEADER}\n\"q\"\tA\tChef\tVB 2025\n\n\"r\"\tB\tChef\tVB 2026\n")
    assert parse_text(text.encode()).commitment_count == 2


def test_text_more_responsibles_or_follow_ups_than_actions_warn():
    text = ("Titel\n\n- Trygghet\n\nTrygghet\n\n"
            f"{TABLE_HEADER}\n"
            "\"q\"\t<p>A</p>\t<p>Chef</p> <p>Strateg</p>\t<p>VB 2025</p> <p>VB 2026</p>\n"
            "\"r\"\t<p>B</p> <p>C</p>\t<p>Chef</p> <p>Chef</p>\t<p>VB 2025</p>\n")
    plan = parse_text(text.encode())
    first, second = plan.challenges[0].commitments
    assert first.actions == [ActionDraft("A", "Chef, Strateg", "VB", 2025)]
    assert second.actions == [ActionDraft("B", "Chef", "VB", 2025), ActionDraft("C", "Chef")]
    assert [str(warning).split(":")[0] for warning in plan.warnings] == ["Line 8", "Line 8",
                                                                    "Line 9"]


def test_text_listed_challenge_without_a_table_warns():
    text = TXT_TEXT.replace("- Samverkan med föreningslivet\n",
                            "- Samverkan med föreningslivet\n- Klimat\n")
    plan = parse_text(text.encode())
    assert plan.challenge_count == 2
    assert str(plan.warnings[-1]) == "The challenge “Klimat” is listed but has no table of actions."
