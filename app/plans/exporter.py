"""Write a plan as CSV or XLSX in the layout the importer reads back.

One row per action with the columns `utmaning, citat_ur_strategin, atgard,
ansvarig, uppfoljning`; a commitment without actions, or a challenge without
commitments, gets a row of its own so that nothing is lost. Title, registry
number, period and challenge descriptions are not part of the layout.
"""

from __future__ import annotations

import io

from app.core.spreadsheet import csv_bytes, xml_safe
from app.plans.drafts import ActionDraft, PlanDraft
from app.plans.importer import COLUMNS


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


def to_csv(plan: PlanDraft, delimiter: str = ",") -> bytes:
    """UTF-8 with BOM (so that Excel detects the encoding), CRLF line ends.

    Swedish Excel expects `;` between columns; pass `delimiter=";"` for a file
    meant to be opened by double-click. The importer reads both.
    """
    return csv_bytes(COLUMNS, plan_rows(plan), delimiter=delimiter)


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
        sheet.append([xml_safe(value) for value in row])
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
