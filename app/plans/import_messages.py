"""The importer's errors and warnings in the user's language.

The importer is pure Python and speaks English; `PlanImportError` and
`PlanWarning` keep their message template apart from its parameters and
line, so the template can be translated before it is filled in. `MESSAGES`
and `WARNINGS` only put the templates in the catalogue; `describe` looks
them up by their English text when the message is shown.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.plans.importer import PlanImportError, PlanWarning

MESSAGES = (
    _l("A table row without a header row above it (expected the columns %(header)s, "
       "separated by tabs)."),
    _l("Missing columns: %(missing)s. The first row must name the columns %(expected)s."),
    _l("No table of actions was found (expected a header row with the columns "
       "%(header)s, separated by tabs)."),
    _l("Old Excel files (.xls) cannot be read: save the sheet as .xlsx or CSV."),
    _l("OpenDocument sheets cannot be read: save the sheet as .xlsx or CSV."),
    _l("PDF files cannot be read: import the action plan as CSV, XLSX or plain text."),
    _l("Sheet “%(sheet)s”: %(problem)s"),
    _l("The CSV file is malformed (%(detail)s)."),
    _l("The file could not be read as UTF-8 or Windows-1252 text (byte 0x%(byte)s)."),
    _l("The file format was not recognised: import a CSV or XLSX file with the columns "
       "%(columns)s, or the plain-text export of an action plan."),
    _l("The file has a header row but no actions."),
    _l("The file is empty."),
    _l("The file is larger than %(limit)s MB."),
    _l("The file is not a text file (it contains NUL bytes)."),
    _l("The file is not a text file (it contains control characters)."),
    _l("The file is not a valid XLSX workbook."),
    _l("The file is not valid %(encoding)s text."),
    _l("The row has %(found)s cells but the table header has %(expected)s."),
    _l("The row has a responsible or a follow-up but no action (atgard)."),
    _l("The row has a responsible or a follow-up but no action."),
    _l("The row has an action but no quote from the strategy (citat_ur_strategin)."),
    _l("The row has no challenge (utmaning)."),
    _l("The row has no quote from the strategy."),
    _l("The table has no challenge heading above it."),
    _l("The table header lacks the columns %(missing)s."),
    _l("The workbook has no sheets."),
    _l("Word documents cannot be read directly: save the action plan as plain text "
       "(.txt) and import that file."),
    _l("Word documents cannot be read directly: save the action plan as plain text "
       "(.txt)."),
)

WARNINGS = (
    _l("The challenge “%(name)s” is listed but has no table of actions."),
    _l("The row has fewer follow-ups than actions: some actions have none."),
    _l("The row has more action paragraphs (%(paragraphs)s) than responsibles (%(count)s): "
       "“%(text)s” was taken as the continuation of the action above it. Check the row."),
    _l("The row has more follow-ups than actions: the extra follow-ups were ignored."),
    _l("The row has more responsibles than actions: the extra responsibles were added to the "
       "action “%(text)s”."),
)


def describe(error: PlanImportError | PlanWarning) -> str:
    """The error or warning in the user's language, with its line when it has one."""
    template = _(error.message)  # a template listed in MESSAGES or WARNINGS
    problem = template % error.params if error.params else template
    if error.line:
        return _("Line %(line)s: %(problem)s", line=error.line, problem=problem)
    return problem


def describe_all(warnings: list[PlanWarning]) -> list[str]:
    return [describe(warning) for warning in warnings]
