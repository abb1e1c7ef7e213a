"""The consultation report as Word (for the political case file) and as CSV
(one row per comment or response)."""

from __future__ import annotations

import io

from flask_babel import gettext as _

from app.consultation.report import (
    COMMENT,
    OUTCOME_LABELS,
    PARTICIPANT_LABELS,
    Item,
    Material,
)
from app.core.i18n import date_filter
from app.core.spreadsheet import csv_bytes, xml_safe
from app.plans.models import Plan


def text_of(item: Item) -> str:
    if item.is_hidden:
        return _("Hidden by a moderator: %(reason)s", reason=item.row.hidden_reason or "")
    return item.row.body


def outcome_of(item: Item) -> str:
    return str(OUTCOME_LABELS[item.handling.outcome]) if item.handling else _("Not handled")


def new_section_of(material: Material, item: Item) -> str:
    handled = item.handling
    if handled is None or handled.used_section_id is None:
        return ""
    section = material.sections.get(handled.used_section_id)
    if section is None:
        return ""
    number = next(v.number for v in material.versions if v.id == section.version_id)
    return _("Version %(number)s: %(title)s", number=number, title=section.title)


def kind_of(item: Item) -> str:
    return _("Comment") if item.kind == COMMENT else _("Consultation response")


def columns() -> list[str]:
    return [_("Section"), _("Kind"), _("From"), _("Participant type"), _("Local community"),
            _("Text"), _("Handling"), _("Motivation"), _("New section")]


def rows(material: Material) -> list[list[str]]:
    result = []
    for group in material.groups:
        for item in group.items:
            result.append([
                group.title, kind_of(item), item.public_name,
                str(PARTICIPANT_LABELS[item.participant_type]), item.community_names,
                text_of(item), outcome_of(item),
                item.handling.motivation if item.handling else "",
                new_section_of(material, item)])
    return result


def to_csv(plan: Plan, material: Material) -> bytes:
    """UTF-8 with BOM and semicolons, as Swedish Excel opens it by double-click."""
    return csv_bytes(columns(), rows(material))


def _clean(text) -> str:
    return xml_safe(str(text))


def to_docx(plan: Plan, material: Material) -> bytes:
    """The report's summary as tables, then per section each comment and
    response with its handling and motivation."""
    from docx import Document

    document = Document()
    document.add_heading(_clean(_("Consultation report: %(title)s", title=plan.title)), level=0)
    consultation = material.consultation
    facts = []
    if plan.registry_number:
        facts.append(_("Registry number: %(number)s", number=plan.registry_number))
    if consultation.starts_on and consultation.ends_on:
        facts.append(_("Consultation period: %(start)s – %(end)s",
                       start=date_filter(consultation.starts_on),
                       end=date_filter(consultation.ends_on)))
    if material.report is not None:
        facts.append(_("Published: %(date)s", date=date_filter(material.report.published_at)))
    else:
        facts.append(_("Preview: the report is not published yet."))
    for line in facts:
        document.add_paragraph(_clean(line))

    document.add_heading(_("Summary"), level=1)
    totals = material.totals()
    document.add_paragraph(_clean(_(
        "%(participants)s participants sent %(comments)s comments and %(responses)s "
        "consultation responses.", participants=totals.participants,
        comments=totals.comments, responses=totals.responses)))
    _table(document, [_("Handling"), _("Number")],
           [[str(OUTCOME_LABELS[o]), str(n)] for o, n in material.by_outcome().items()])
    document.add_paragraph()
    _table(document, [_("Participant type"), _("Participants"), _("Comments"),
                      _("Responses")],
           [[str(PARTICIPANT_LABELS[key]), str(c.participants), str(c.comments),
             str(c.responses)] for key, c in material.by_type().items()])
    document.add_paragraph()
    _table(document, [_("Local community"), _("Participants"), _("Comments"), _("Responses")],
           [[name or _("No local community given"), str(c.participants), str(c.comments),
             str(c.responses)] for name, c in material.by_community()])
    document.add_paragraph(_clean(counting_note()))

    for group in material.groups:
        if not group.items:
            continue
        document.add_heading(_clean(group.title), level=1)
        for item in group.items:
            heading = document.add_paragraph()
            heading.add_run(_clean(f"{kind_of(item)} – {item.public_name}")).bold = True
            heading.add_run(_clean(f" ({PARTICIPANT_LABELS[item.participant_type]}, "
                                   f"{item.community_names})"))
            quote = document.add_paragraph()
            quote.add_run(_clean(text_of(item))).italic = True
            answer = document.add_paragraph()
            answer.add_run(_clean(outcome_of(item) + ". ")).bold = True
            if item.handling is not None:
                answer.add_run(_clean(item.handling.motivation))
            used = new_section_of(material, item)
            if used:
                document.add_paragraph(_clean(_("Used in: %(section)s", section=used)))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document, headings: list[str], rows_: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = _clean(heading)
    for values in rows_:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = _clean(value)


def counting_note() -> str:
    return _("How it is counted: a person who wrote as themself is a resident, counted under "
             "their home community. An organisation counts by its kind under each local "
             "community it is active in, so the communities can add up to more than the "
             "total. A local development group counts under its community. Each participant "
             "counts once per row, however many comments they sent. Hidden comments count "
             "too.")
