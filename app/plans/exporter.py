"""Write a plan as CSV or XLSX in the layout the importer reads back.

One row per action with the columns `utmaning, citat_ur_strategin, atgard,
ansvarig, uppfoljning`; a commitment without actions, or a challenge without
commitments, gets a row of its own so that nothing is lost. Title, registry
number, period and challenge descriptions are not part of the layout.
"""

from __future__ import annotations

import csv
import io
import re

from app.plans.drafts import ActionDraft, PlanDraft
from app.plans.importer import COLUMNS

# Excel runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters that XML 1.0, and so XLSX, cannot hold.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def follow_up_text(action: ActionDraft) -> str:
    """`Verksamhetsberättelse 2025`, the form `parse_follow_up` reads."""
    year = str(action.follow_up_year) if action.follow_up_year is not None else ""
    return " ".join(part for part in (action.follow_up_report, year) if part)


def plan_rows(plan: PlanDraft) -> list[list[str]]:
    """The data rows, header excluded, in document order."""
    rows: list[list[str]] = []
    for challenge in plan.challenges:
        if not challenge.commitments:
            rows.append([challenge.title, "", "", "", ""])
        for commitment in challenge.commitments:
            if not commitment.actions:
                rows.append([challenge.title, commitment.quote, "", "", ""])
            for action in commitment.actions:
                rows.append([challenge.title, commitment.quote, action.text, action.responsible,
                             follow_up_text(action)])
    return rows


def _protect(cell: str) -> str:
    """Prefix an apostrophe so that a spreadsheet shows the text instead of running it."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def to_csv(plan: PlanDraft, delimiter: str = ",") -> bytes:
    """UTF-8 with BOM (so that Excel detects the encoding), CRLF line ends.

    Swedish Excel expects `;` between columns; pass `delimiter=";"` for a file
    meant to be opened by double-click. The importer reads both.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in plan_rows(plan):
        writer.writerow([_protect(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(plan: PlanDraft, sheet_title: str = "Handlingsplan") -> bytes:
    """One sheet with a bold, frozen header row; every cell is stored as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in plan_rows(plan):
        sheet.append([_ILLEGAL_XML.sub(" ", value) for value in row])
        for cell in sheet[sheet.max_row]:
            # openpyxl stores a string starting with "=" as a formula; keep it text.
            cell.data_type = "s"
            cell.alignment = wrap
    for letter, width in zip("ABCDE", (30, 50, 60, 25, 28), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
