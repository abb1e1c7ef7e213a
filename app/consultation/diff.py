"""What changed between two versions of a draft, paragraph by paragraph.

Sections are paired by their lineage (the same section in every version);
within a section the paragraphs (text between blank lines) are compared
with difflib. The result is plain data that the template marks up with
<ins>/<del> and the words "Added"/"Removed", so the change is never told by
colour alone.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from app.consultation.models import DraftSection

_BLANK_LINES = re.compile(r"\n\s*\n")


class Change(enum.StrEnum):
    SAME = "same"
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"   # a section whose title or text changed


@dataclass
class Paragraph:
    change: Change
    text: str


@dataclass
class SectionDiff:
    title: str
    change: Change
    old_title: str | None = None      # when the title changed
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(1 for p in self.paragraphs if p.change == Change.ADDED)

    @property
    def removed(self) -> int:
        return sum(1 for p in self.paragraphs if p.change == Change.REMOVED)


def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in _BLANK_LINES.split((text or "").replace("\r\n", "\n"))
            if part.strip()]


def _paragraph_diff(old: str, new: str) -> list[Paragraph]:
    before, after = paragraphs(old), paragraphs(new)
    result: list[Paragraph] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result += [Paragraph(Change.SAME, text) for text in after[j1:j2]]
            continue
        result += [Paragraph(Change.REMOVED, text) for text in before[i1:i2]]
        result += [Paragraph(Change.ADDED, text) for text in after[j1:j2]]
    return result


def compare(old: list[DraftSection], new: list[DraftSection]) -> list[SectionDiff]:
    """The sections of `new` in its order, each compared with the same section
    in `old`; sections only `old` has come last, as removed."""
    old_by_lineage = {section.lineage: section for section in old}
    result: list[SectionDiff] = []
    for section in new:
        before = old_by_lineage.pop(section.lineage, None)
        if before is None:
            result.append(SectionDiff(section.title, Change.ADDED, paragraphs=[
                Paragraph(Change.ADDED, text) for text in paragraphs(section.body)]))
            continue
        body = _paragraph_diff(before.body, section.body)
        title_changed = before.title != section.title
        changed = title_changed or any(p.change != Change.SAME for p in body)
        result.append(SectionDiff(
            section.title, Change.CHANGED if changed else Change.SAME,
            old_title=before.title if title_changed else None, paragraphs=body))
    for section in old:
        if section.lineage in old_by_lineage:
            result.append(SectionDiff(section.title, Change.REMOVED, paragraphs=[
                Paragraph(Change.REMOVED, text) for text in paragraphs(section.body)]))
    return result
