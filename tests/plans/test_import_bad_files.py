"""A file that cannot be imported gives a clear error that names the problem and the line."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.plans import importer
from app.plans.importer import PlanImportError, parse_csv, parse_file, parse_text, parse_xlsx

HEADER = "utmaning,citat_ur_strategin,atgard,ansvarig,uppfoljning\n"
TEXT_SAMPLE = Path(__file__).parent / "samples" / "handlingsplan-sjovik.txt"
TABLE_HEADER = "ur STRATEGIN\tÅTGÄRDER\tANSVARIG\tUPPFÖLJNING"


def error_of(data: bytes, filename: str) -> PlanImportError:
    with pytest.raises(PlanImportError) as caught:
        parse_file(data, filename)
    return caught.value


def test_the_error_is_a_value_error_with_message_params_and_line():
    error = PlanImportError("Missing columns: %(missing)s.", 3, missing="atgard")
    assert isinstance(error, ValueError)
    assert not isinstance(error, ImportError)
    assert (error.message, error.params, error.line) == ("Missing columns: %(missing)s.",
                                                         {"missing": "atgard"}, 3)
    assert error.problem == "Missing columns: atgard."
    assert str(error) == "Line 3: Missing columns: atgard."
    assert str(PlanImportError("The file is empty.")) == "The file is empty."


@pytest.mark.parametrize("filename", ["plan.csv", "plan.txt", "plan.xlsx", "plan", "plan.dat"])
@pytest.mark.parametrize("data", [b"", b"   \r\n\n\t ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \r\n"])
def test_empty_file(data, filename):
    assert str(error_of(data, filename)) == "The file is empty."


@pytest.mark.parametrize("filename", ["plan.csv", "plan.txt", "plan"])
def test_binary_file_with_nul_bytes(filename):
    error = error_of(HEADER.encode() + b"a,b,\x00\x01\x02,d,e\n", filename)
    assert "not a text file" in error.problem
    assert error.line == 2


def test_binary_file_with_control_characters():
    error = error_of(HEADER.encode() + b"\n\x1b\x07\x02garbage", "plan.csv")
    assert "not a text file" in error.problem
    assert error.line == 3


def test_undecodable_bytes_name_the_line_and_byte():
    # 0x81 and 0x8D are undefined in Windows-1252, and invalid UTF-8 too.
    error = error_of(HEADER.encode() + b"Levande landsbygd,\x81\x8d,x,y,z\n", "plan.csv")
    assert "UTF-8 or Windows-1252" in error.problem
    assert "0x81" in error.problem
    assert error.line == 2


def test_invalid_utf8_after_a_bom():
    error = error_of(b"\xef\xbb\xbf" + HEADER.encode() + b"a,\xff\xfe,c,d,e\n", "plan.csv")
    assert "UTF-8" in error.problem
    assert error.line == 2


@pytest.mark.parametrize(("header", "missing"), [
    ("utmaning,citat_ur_strategin,atgard,ansvarig", "uppfoljning"),
    ("utmaning;citat;ansvarig", "atgard, uppfoljning"),
    ("namn,beskrivning", "utmaning, citat_ur_strategin, atgard, ansvarig, uppfoljning"),
])
def test_wrong_columns_are_named(header, missing):
    error = error_of(f"\n{header}\nLevande landsbygd,x,y\n".encode(), "plan.csv")
    assert error.line == 2
    assert f"Missing columns: {missing}." in error.problem
    assert "utmaning, citat_ur_strategin, atgard, ansvarig, uppfoljning" in error.problem


def test_header_without_rows():
    error = error_of(HEADER.encode() + b",,,,\n", "plan.csv")
    assert error.problem == "The file has a header row but no actions."
    assert error.line == 1


def test_row_without_challenge():
    error = error_of((HEADER + ',"citat",Gör något,Chef,Verksamhetsberättelse 2025\n').encode(),
                     "plan.csv")
    assert (error.line, error.problem) == (2, "The row has no challenge (utmaning).")


def test_row_with_an_action_but_no_quote():
    error = error_of((HEADER + "Levande landsbygd,,Gör något,Chef,\n").encode(), "plan.csv")
    assert error.line == 2
    assert "no quote from the strategy" in error.problem


def test_row_with_a_responsible_but_no_action():
    error = error_of((HEADER + "Levande landsbygd,citat,,Chef,\n").encode(), "plan.csv")
    assert error.line == 2
    assert "no action" in error.problem


def test_malformed_csv_names_the_line():
    error = error_of((HEADER + 'a,"unterminated,c,d,e\n').encode(), "plan.csv")
    assert "malformed" in error.problem
    assert error.line == 2


def test_text_table_without_header():
    text = TEXT_SAMPLE.read_text(encoding="utf-8")
    lines = text.split("\n")
    header_at = lines.index(TABLE_HEADER)
    del lines[header_at]
    error = error_of("\n".join(lines).encode(), "plan.txt")
    assert error.line == header_at + 1
    assert "without a header row" in error.problem
    assert "ÅTGÄRDER" in error.problem


def test_text_without_any_table():
    error = error_of(b"Dnr KS 2025/88\n\nEn handlingsplan 2025\n\nBara text.\n",
                     "plan.txt")
    assert error.line is None
    assert error.problem.startswith("No table of actions was found")


def test_text_table_header_missing_a_column():
    data = "Dnr X\nTitel\n\nUtmaning\n\nur STRATEGIN\tÅTGÄRDER\tANSVARIG\n".encode()
    error = error_of(data, "plan.txt")
    assert (error.line, error.problem) == (6, "The table header lacks the columns uppfoljning.")


def test_text_table_without_a_heading_above_it():
    data = f"{TABLE_HEADER}\n\"citat\"\tGör\tChef\tVerksamhetsberättelse 2025\n".encode()
    error = error_of(data, "plan.txt")
    assert (error.line, error.problem) == (1, "The table has no challenge heading above it.")


def test_text_row_with_too_many_cells():
    data = (f"Dnr X\nTitel\n\nUtmaning\n\n{TABLE_HEADER}\n"
            "\"citat\"\tGör\tChef\tVerksamhetsberättelse 2025\tExtra\n").encode()
    error = error_of(data, "plan.txt")
    assert error.line == 7
    assert error.problem == "The row has 5 cells but the table header has 4."


def test_text_row_without_a_quote():
    data = f"Titel\n\nUtmaning\n\n{TABLE_HEADER}\n\tGör\tChef\tVB 2025\n".encode()
    error = error_of(data, "plan.txt")
    assert (error.line, error.problem) == (6, "The row has no quote from the strategy.")


def test_over_ten_megabytes_as_bytes():
    data = HEADER.encode() + b"x" * importer.MAX_FILE_SIZE
    assert error_of(data, "plan.csv").problem == "The file is larger than 10 MB."


def test_over_ten_megabytes_as_path_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("wb") as handle:
        handle.truncate(importer.MAX_FILE_SIZE + 1)
    with pytest.raises(PlanImportError, match="larger than 10 MB"):
        parse_file(path)


def test_over_ten_megabytes_as_open_file():
    stream = io.BytesIO(b"x" * (importer.MAX_FILE_SIZE + 1))
    with pytest.raises(PlanImportError, match="larger than 10 MB"):
        parse_csv(stream)


def test_exactly_ten_megabytes_is_accepted():
    row = "Levande landsbygd,citat,Gör något,Chef,Verksamhetsberättelse 2025\n"
    body = (HEADER + row).encode()
    data = body + b"\n" * (importer.MAX_FILE_SIZE - len(body))
    assert parse_csv(data).action_count == 1


@pytest.mark.parametrize("filename", ["plan.xlsx", "plan.csv", "plan"])
def test_corrupt_xlsx(filename):
    error = error_of(b"PK\x03\x04" + b"\x00garbage" * 10, filename)
    assert error.problem == "The file is not a valid XLSX workbook."


def test_xlsx_extension_on_a_text_file():
    assert error_of(HEADER.encode(), "plan.xlsx").problem == (
        "The file is not a valid XLSX workbook.")


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hej")
    assert error_of(buffer.getvalue(), "plan.xlsx").problem == (
        "The file is not a valid XLSX workbook.")


def test_word_document_is_refused_with_advice():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "save the action plan as plain text" in error_of(buffer.getvalue(), "plan.xlsx").problem


def test_xlsx_that_unpacks_to_too_much(monkeypatch):
    monkeypatch.setattr(importer, "MAX_UNPACKED_SIZE", 100)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "0" * 1000)
    assert "larger than" in error_of(buffer.getvalue(), "plan.xlsx").problem


def test_xlsx_with_wrong_columns():
    workbook = openpyxl.Workbook()
    workbook.active.append(["utmaning", "åtgärd"])
    workbook.active.append(["Levande landsbygd", "Gör något"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(PlanImportError) as caught:
        parse_xlsx(buffer.getvalue())
    assert caught.value.line == 1
    assert "Missing columns: citat_ur_strategin, ansvarig, uppfoljning." in caught.value.problem


def test_xlsx_with_several_sheets_none_of_them_a_plan_names_the_first_sheet():
    workbook = openpyxl.Workbook()
    workbook.active.title = "Anteckningar"
    workbook.active.append(["hej"])
    workbook.create_sheet("Blad2").append(["utmaning"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(PlanImportError) as caught:
        parse_xlsx(buffer.getvalue())
    assert str(caught.value).startswith("Line 1: Sheet “Anteckningar”: Missing columns:")


@pytest.mark.parametrize(("filename", "advice"), [
    ("plan.xls", "save the sheet as .xlsx or CSV"),
    ("plan.docx", "save the action plan as plain text"),
    ("plan.doc", "save the action plan as plain text"),
    ("plan.pdf", "PDF files cannot be read"),
    ("plan.ods", "save the sheet as .xlsx or CSV"),
])
def test_unsupported_formats_get_advice(filename, advice):
    assert advice in error_of(b"whatever", filename).problem


def test_unrecognised_text():
    error = error_of("Det här är ett brev.\nMed vänlig hälsning\n".encode(), "brev.dat")
    assert error.problem.startswith("The file format was not recognised")


def test_text_reader_on_a_binary_file():
    with pytest.raises(PlanImportError, match="not a text file"):
        parse_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
