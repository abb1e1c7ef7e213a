"""The follow-up report as the files officials paste into the yearly report:
CSV and XLSX (one row per action) and DOCX (the document's structure).

Headings and labels follow the current locale (Swedish by default). Every cell
that a spreadsheet could run as a formula is kept as text.
"""

from __future__ import annotations

import io

from flask_babel import format_date
from flask_babel import gettext as _

from app.core.spreadsheet import csv_bytes, xml_safe
from app.plans.exporter import follow_up_text
from app.plans.labels import ACTION_STATUS_LABELS
from app.reports.followup import ActionEntry, FollowUpReport, LinkedItem

# Excel holds at most 32,767 characters in a cell; keep a margin for the last line.
CELL_LIMIT = 32_000


def columns() -> list[str]:
    return [_("Challenge"), _("From the strategy"), _("Action"), _("Responsible"),
            _("Follow-up"), _("Status"), _("Progress (%)"), _("Updates during the year"),
            _("Linked proposals"), _("Proposals"), _("Linked dialogues"), _("Dialogues")]


def status_label(status: str) -> str:
    return str(ACTION_STATUS_LABELS.get(status, status))


def _limited(lines: list[str]) -> str:
    """Lines joined by line breaks, cut to what a spreadsheet cell holds."""
    text, used = [], 0
    for n, line in enumerate(lines):
        if used + len(line) + 1 > CELL_LIMIT:
            text.append(_("… and %(count)d more", count=len(lines) - n))
            break
        text.append(line)
        used += len(line) + 1
    return "\n".join(text)


def _titles(items: list[LinkedItem]) -> list[str]:
    return [f"{item.label} {item.title}".strip() for item in items]


def update_lines(entry: ActionEntry) -> list[str]:
    return [f"{format_date(update.created_at, 'yyyy-MM-dd')}: {update.text}"
            for update in entry.updates]


def rows(report: FollowUpReport) -> list[list[str]]:
    result = []
    for challenge, commitment, entry in report.action_entries():
        action = entry.action
        result.append([
            challenge.title, commitment.quote, action.text, action.responsible,
            follow_up_text(action), status_label(action.status), str(action.progress),
            _limited(update_lines(entry)), str(entry.proposal_count),
            _limited(_titles(entry.proposals)), str(entry.dialogue_count),
            _limited(_titles(entry.dialogues))])
    return result


def to_csv(report: FollowUpReport) -> bytes:
    """UTF-8 with BOM and semicolons, as Swedish Excel opens it by double-click."""
    return csv_bytes(columns(), rows(report))


def _text_row(sheet, values) -> None:
    sheet.append([xml_safe(value) if isinstance(value, str) else value for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def summary_rows(report: FollowUpReport) -> list[list]:
    """The summary as label/value rows and a table per local community."""
    lines: list[list] = [[_("Actions in the report"), report.action_count]]
    lines += [[status_label(status), count] for status, count in report.actions_by_status.items()]
    lines += [[_("Proposals linked"), report.proposals_linked],
              [_("Dialogues linked"), report.dialogues_linked]]
    return lines


def community_columns() -> list[str]:
    return [_("Local community"), _("Proposals linked"), _("Dialogues with meetings held"),
            _("Meetings held"), _("Participants")]


def community_name(row) -> str:
    return row.name or _("The whole municipality")


def to_xlsx(report: FollowUpReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Actions in the report")[:31]
    _text_row(sheet, columns())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows(report):
        _text_row(sheet, row)
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
    for letter, width in zip("ABCDEFGHIJKL", (24, 36, 48, 24, 22, 12, 10, 48, 10, 48, 10, 36),
                             strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"

    summary = workbook.create_sheet(_("Summary")[:31])
    _text_row(summary, [report.plan.title, str(report.year)])
    summary["A1"].font = Font(bold=True)
    for line in summary_rows(report):
        _text_row(summary, line)
    summary.append([])
    _text_row(summary, community_columns())
    for cell in summary[summary.max_row]:
        cell.font = Font(bold=True)
    for row in report.communities:
        _text_row(summary, [community_name(row), row.proposals, row.dialogues, row.meetings,
                            row.participants])
    summary.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_docx(report: FollowUpReport) -> bytes:
    """Headings for the challenges, the quote in italics, then each action with its
    facts, the year's updates and what is linked to it."""
    from docx import Document

    document = Document()
    plan = report.plan
    document.add_heading(xml_safe(_("Follow-up %(year)d: %(title)s", year=report.year,
                                  title=plan.title)), level=0)
    if plan.registry_number:
        document.add_paragraph(xml_safe(_("Registry number: %(number)s",
                                        number=plan.registry_number)))
    document.add_heading(_("Summary"), level=1)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in summary_rows(report):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = xml_safe(str(label)), str(value)
    if report.communities:
        document.add_paragraph()
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, heading in zip(table.rows[0].cells, community_columns(), strict=True):
            cell.text = heading
        for row in report.communities:
            cells = table.add_row().cells
            for cell, value in zip(cells, [xml_safe(community_name(row)), row.proposals,
                                           row.dialogues, row.meetings, row.participants],
                                   strict=True):
                cell.text = str(value)
    for challenge in report.challenges:
        document.add_heading(xml_safe(challenge.title), level=1)
        for commitment in challenge.commitments:
            quote = document.add_paragraph()
            quote.add_run(xml_safe(commitment.quote)).italic = True
            for entry in commitment.actions:
                _docx_action(document, entry)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_action(document, entry: ActionEntry) -> None:
    action = entry.action
    document.add_heading(xml_safe(action.text), level=2)
    facts = [_("Status: %(status)s, %(progress)d %%", status=status_label(action.status),
               progress=action.progress)]
    if action.responsible:
        facts.append(_("Responsible: %(responsible)s", responsible=action.responsible))
    if follow_up_text(action):
        facts.append(_("Follow-up: %(follow_up)s", follow_up=follow_up_text(action)))
    document.add_paragraph(xml_safe(". ".join(facts) + "."))
    for line in update_lines(entry):
        document.add_paragraph(xml_safe(line), style="List Bullet")
    # One paragraph per kind, however many titles: thousands of list items would
    # make the file slow to write and to paste.
    if entry.proposal_count:
        document.add_paragraph(xml_safe(
            _("Linked proposals (%(count)d): ", count=entry.proposal_count)
            + "; ".join(_titles(entry.proposals))))
    if entry.dialogue_count:
        document.add_paragraph(xml_safe(
            _("Linked dialogues (%(count)d): ", count=entry.dialogue_count)
            + "; ".join(_titles(entry.dialogues))))
