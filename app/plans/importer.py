"""Read an action plan (handlingsplan) from CSV, XLSX or a Word text export.

Pure Python: no database and no Flask. Every reader returns a `PlanDraft` for
an official to review, or raises `PlanImportError` naming the problem and,
where there is one, the line (row) of the file.

Two layouts are understood:

* a table (CSV or XLSX) with the columns `utmaning, citat_ur_strategin,
  atgard, ansvarig, uppfoljning`, one action per row; rows with the same
  challenge and quote belong to the same challenge and commitment;
* the plain-text export of a Word action plan: a `Dnr …` line, a title whose
  years give the period, a bullet list of challenges, then per challenge a
  heading, its quoted passage and a tab-separated table (`ur STRATEGIN`,
  `ÅTGÄRDER`, `ANSVARIG`, `UPPFÖLJNING`) whose cells may hold `<p>` paragraphs.

Messages are plain English; `PlanImportError` and the draft's `PlanWarning`s
keep the message template, its parameters and the line apart so that the
place that shows them can translate them (`import_messages.describe`).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import html
import io
import os
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, Union

from app.plans.drafts import (
    ActionDraft,
    ChallengeDraft,
    CommitmentDraft,
    PlanDraft,
    PlanWarning,
)

__all__ = [
    "COLUMNS",
    "MAX_FILE_SIZE",
    "ActionDraft",
    "ChallengeDraft",
    "CommitmentDraft",
    "PlanDraft",
    "PlanImportError",
    "PlanWarning",
    "parse_csv",
    "parse_file",
    "parse_follow_up",
    "parse_text",
    "parse_xlsx",
]

MAX_FILE_SIZE = 10 * 1024 * 1024
# An XLSX file is a zip archive; this bounds what it may unpack to.
MAX_UNPACKED_SIZE = 20 * MAX_FILE_SIZE

COLUMNS = ("utmaning", "citat_ur_strategin", "atgard", "ansvarig", "uppfoljning")
_COLUMN_ALIASES = {
    "utmaningar": "utmaning",
    "citat": "citat_ur_strategin",
    "ur_strategin": "citat_ur_strategin",
    "strategin": "citat_ur_strategin",
    "atgarder": "atgard",
    "uppfoljningar": "uppfoljning",
}
_TABLE_HEADER_HINT = "ur STRATEGIN, ÅTGÄRDER, ANSVARIG, UPPFÖLJNING"

Source = Union[bytes, bytearray, memoryview, str, os.PathLike, IO[bytes]]
Period = tuple[int, int]


class PlanImportError(ValueError):
    """A file that cannot be imported; `str()` gives "Line N: problem".

    `message` is an English template with `%(name)s` placeholders filled from
    `params`, so a caller may translate the template before formatting it.
    """

    def __init__(self, message: str, line: int | None = None, **params: Any) -> None:
        self.message = message
        self.line = line
        self.params = params
        super().__init__(str(self))

    @property
    def problem(self) -> str:
        return self.message % self.params if self.params else self.message

    def __str__(self) -> str:
        return f"Line {self.line}: {self.problem}" if self.line else self.problem


# --- reading bytes and text -------------------------------------------------------------------


def _read_bytes(source: Source) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        if path.stat().st_size > MAX_FILE_SIZE:
            raise _too_large()
        data = path.read_bytes()
    elif hasattr(source, "read"):
        data = source.read(MAX_FILE_SIZE + 1)
    else:
        raise TypeError(f"cannot read a plan from {type(source).__name__}")
    if len(data) > MAX_FILE_SIZE:
        raise _too_large()
    if not data.replace(codecs.BOM_UTF8, b"").strip():
        raise PlanImportError("The file is empty.")
    return data


def _too_large() -> PlanImportError:
    return PlanImportError("The file is larger than %(limit)s MB.",
                           limit=MAX_FILE_SIZE // (1024 * 1024))


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


_BOMS = ((codecs.BOM_UTF8, "utf-8", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
         (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"))


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    for bom, encoding, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise PlanImportError("The file is not valid %(encoding)s text.",
                                      _line_of(data, len(bom) + exc.start), encoding=name) from exc
            return _check_text(text)
    if b"\x00" in data:
        raise PlanImportError("The file is not a text file (it contains NUL bytes).",
                              _line_of(data, data.index(b"\x00")))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise PlanImportError(
                "The file could not be read as UTF-8 or Windows-1252 text (byte 0x%(byte)s).",
                _line_of(data, exc.start), byte=f"{data[exc.start]:02X}") from exc
    return _check_text(text)


# C0 controls other than tab, line breaks, vertical tab and form feed (Word writes the last two).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _check_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad:
        raise PlanImportError("The file is not a text file (it contains control characters).",
                              text.count("\n", 0, bad.start()) + 1)
    if not text.strip():
        raise PlanImportError("The file is empty.")
    return text


# --- text clean-up ----------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_SPACES = re.compile(r"\s+")
_DOUBLE_QUOTES = frozenset('"“”„«»')


def _clean(value: object) -> str:
    """One line of text: NFC, no invisible characters, single spaces, no ends."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).translate(_INVISIBLE)
    return _SPACES.sub(" ", text).strip()


def _strip_quotes(text: str) -> str:
    """Remove one pair of surrounding quotes, straight or typographic.

    Only when the text inside holds no further double quote, so that
    `"A" och "B"` keeps its quotes; this makes an export re-import unchanged.
    """
    text = _clean(text)
    if len(text) >= 2 and text[0] in _DOUBLE_QUOTES and text[-1] in _DOUBLE_QUOTES:
        inner = text[1:-1]
        if not _DOUBLE_QUOTES.intersection(inner):
            return inner.strip()
    return text


def _key(text: str) -> str:
    return text.casefold()


def _column_name(header: object) -> str:
    """`Citat ur strategin` → `citat_ur_strategin`; `ÅTGÄRDER` → `atgard`."""
    text = unicodedata.normalize("NFKD", _clean(header).casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    name = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    return _COLUMN_ALIASES.get(name, name)


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–—/]\s*((?:19|20)\d{2})(?!\d)")


def parse_follow_up(text: object) -> tuple[str, int | None]:
    """`Verksamhetsberättelse 2025` → (`Verksamhetsberättelse`, 2025); no year → None."""
    text = _clean(text)
    years = list(_YEAR.finditer(text))
    if not years:
        return text, None
    year = years[-1]
    report = _clean(text[:year.start()] + " " + text[year.end():])
    report = re.sub(r"\s+([,.;:])", r"\1", report).strip(" ,;:-–—")
    return report, int(year.group())


def _period_of(title: str) -> Period | None:
    span = _YEAR_RANGE.search(title)
    if span:
        first, last = int(span.group(1)), int(span.group(2))
        return (min(first, last), max(first, last))
    years = [int(match.group()) for match in _YEAR.finditer(title)]
    return (min(years), max(years)) if years else None


def _apply_overrides(plan: PlanDraft, title: str | None, registry_number: str | None,
                     period: Sequence[int] | None) -> PlanDraft:
    if title is not None:
        plan.title = _clean(title)
    if registry_number is not None:
        plan.registry_number = _clean(registry_number)
    if period is not None:
        first, last = (int(year) for year in period)
        if first > last:
            raise ValueError(f"period {first}-{last} ends before it starts")
        plan.period = (first, last)
    return plan


# --- building the draft -----------------------------------------------------------------------


class _PlanBuilder:
    """Collects challenges and commitments by name, in the order they first appear."""

    def __init__(self) -> None:
        self.plan = PlanDraft()
        self._challenges: dict[str, ChallengeDraft] = {}
        self._commitments: dict[tuple[str, str], CommitmentDraft] = {}

    def challenge(self, title: str) -> ChallengeDraft:
        challenge = self._challenges.get(_key(title))
        if challenge is None:
            challenge = self._challenges[_key(title)] = ChallengeDraft(title=title)
            self.plan.challenges.append(challenge)
        return challenge

    def find_challenge(self, title: str) -> ChallengeDraft | None:
        return self._challenges.get(_key(title))

    def commitment(self, challenge: ChallengeDraft, quote: str) -> CommitmentDraft:
        key = (_key(challenge.title), _key(quote))
        commitment = self._commitments.get(key)
        if commitment is None:
            commitment = self._commitments[key] = CommitmentDraft(quote=quote)
            challenge.commitments.append(commitment)
        return commitment

    def warn(self, line: int | None, message: str, **params: Any) -> None:
        """`message` is an English template, listed in `import_messages.WARNINGS`."""
        self.plan.warnings.append(PlanWarning(message, line, params))


# --- CSV and XLSX -----------------------------------------------------------------------------

Row = tuple[int, list[str]]

_FORMULA_START = tuple("=+-@")


def _table_cell(value: object) -> str:
    text = _clean(value)
    # The exporter protects cells that Excel would run as a formula with a leading apostrophe.
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        text = text[1:]
    return text


def _header_index(rows: list[Row]) -> tuple[int, dict[str, int]]:
    """Position of the header row among `rows` and the column of each known name."""
    for position, (line, cells) in enumerate(rows):
        if not any(cells):
            continue
        columns: dict[str, int] = {}
        for index, cell in enumerate(cells):
            columns.setdefault(_column_name(cell), index)
        missing = [name for name in COLUMNS if name not in columns]
        if missing:
            raise PlanImportError(
                "Missing columns: %(missing)s. The first row must name the columns %(expected)s.",
                line, missing=", ".join(missing), expected=", ".join(COLUMNS))
        return position, columns
    raise PlanImportError("The file is empty.")


def _rows_to_plan(rows: list[Row]) -> PlanDraft:
    header_at, columns = _header_index(rows)
    builder = _PlanBuilder()
    challenge: ChallengeDraft | None = None
    commitment: CommitmentDraft | None = None
    for line, cells in rows[header_at + 1:]:
        values = {name: _table_cell(cells[index]) if index < len(cells) else ""
                  for name, index in columns.items() if name in COLUMNS}
        if not any(values.values()):
            continue
        # A blank challenge or quote repeats the one above, as merged cells in a sheet do.
        if values["utmaning"]:
            if challenge is None or _key(values["utmaning"]) != _key(challenge.title):
                commitment = None
            challenge = builder.challenge(values["utmaning"])
        elif challenge is None:
            raise PlanImportError("The row has no challenge (utmaning).", line)
        quote = _strip_quotes(values["citat_ur_strategin"])
        has_action = any(values[name] for name in ("atgard", "ansvarig", "uppfoljning"))
        if quote:
            commitment = builder.commitment(challenge, quote)
        elif not has_action:
            continue  # a challenge on a row of its own
        elif commitment is None:
            raise PlanImportError("The row has an action but no quote from the strategy "
                                  "(citat_ur_strategin).", line)
        if not has_action:
            continue  # a commitment without actions yet
        if not values["atgard"]:
            raise PlanImportError("The row has a responsible or a follow-up but no action "
                                  "(atgard).", line)
        report, year = parse_follow_up(values["uppfoljning"])
        assert commitment is not None
        commitment.actions.append(ActionDraft(values["atgard"], values["ansvarig"], report, year))
    if not builder.plan.challenges:
        raise PlanImportError("The file has a header row but no actions.", rows[header_at][0])
    return builder.plan


def _delimiter(text: str) -> str:
    first_line = next((line for line in text.split("\n") if line.strip()), "")
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _csv_rows(text: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    rows: list[Row] = []
    line = 1
    try:
        for cells in reader:
            if any(cells):  # blank lines would only cost time and memory
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise PlanImportError("The CSV file is malformed (%(detail)s).", line,
                              detail=str(exc)) from exc
    return rows


def parse_csv(source: Source, *, title: str | None = None, registry_number: str | None = None,
              period: Sequence[int] | None = None) -> PlanDraft:
    """A CSV plan, comma or semicolon separated, UTF-8 (with or without BOM) or Windows-1252."""
    plan = _rows_to_plan(_csv_rows(_decode(_read_bytes(source))))
    return _apply_overrides(plan, title, registry_number, period)


def _xlsx_value(value: object) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _open_workbook(data: bytes):
    import openpyxl  # imported here so that the CSV and text readers do not need it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise PlanImportError("The file is not a valid XLSX workbook.") from exc
    if unpacked > MAX_UNPACKED_SIZE:
        raise _too_large()
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise PlanImportError("Word documents cannot be read directly: save the action "
                                  "plan as plain text (.txt) and import that file.")
        raise PlanImportError("The file is not a valid XLSX workbook.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise PlanImportError("The file is not a valid XLSX workbook.") from exc


def parse_xlsx(source: Source, *, title: str | None = None, registry_number: str | None = None,
               period: Sequence[int] | None = None) -> PlanDraft:
    """An XLSX plan: the first sheet that has the five columns, one action per row."""
    data = _read_bytes(source)
    workbook = _open_workbook(data)
    first_error: PlanImportError | None = None
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # some writers store wrong dimensions; read every row
            rows = [(line, [_xlsx_value(value) for value in values])
                    for line, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
            try:
                plan = _rows_to_plan(rows)
            except PlanImportError as exc:
                if len(workbook.worksheets) == 1:
                    raise
                first_error = first_error or PlanImportError(
                    "Sheet “%(sheet)s”: %(problem)s", exc.line, sheet=sheet.title,
                    problem=exc.problem)
                continue
            return _apply_overrides(plan, title, registry_number, period)
    finally:
        workbook.close()
    raise first_error or PlanImportError("The workbook has no sheets.")


# --- the text export of a Word action plan ----------------------------------------------------

_REGISTRY = re.compile(r"^(?:dnr|diarienr|diarienummer)\b[\s.:]*(?P<number>.+)$", re.IGNORECASE)
_BULLET = re.compile(r"^[-–•*·▪◦]\s+(?P<name>\S.*)$")
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _paragraphs(cell: str) -> list[str]:
    """The paragraphs of a table cell: its `<p>` elements, or the cell itself."""
    if _PARAGRAPH.search(cell):
        parts = [html.unescape(_TAG.sub(" ", part)) for part in _PARAGRAPH.findall(cell)]
    else:
        parts = [cell]
    return [text for text in map(_clean, parts) if text]


def _table_columns(cells: list[str]) -> dict[str, int] | None:
    """Column positions if `cells` is the header row of an action table."""
    names = [_column_name(cell) for cell in cells]
    if "atgard" not in names or "ansvarig" not in names or "utmaning" in names:
        return None  # with an `utmaning` column it is a tab-separated table, read as CSV
    return {name: names.index(name) for name in COLUMNS if name in names}


class _TextReader:
    """Reads the Word export line by line; `section` holds the lines since the last table."""

    def __init__(self, text: str) -> None:
        self.lines = [line.replace("\x0b", " ").replace("\x0c", " ") for line in text.split("\n")]
        self.builder = _PlanBuilder()
        self.listed: dict[str, str] = {}
        self.title_line = 0
        self.section: list[tuple[int, str]] = []
        self.challenge: ChallengeDraft | None = None
        self.commitment: CommitmentDraft | None = None
        self.columns: dict[str, int] | None = None
        self.width = 0

    def read(self) -> PlanDraft:
        plan = self.builder.plan
        self._read_front_matter()
        for number, raw in enumerate(self.lines, start=1):
            if number <= self.title_line:
                continue
            line = _clean(raw)
            if not line:
                continue
            cells = raw.split("\t")
            columns = _table_columns(cells) if len(cells) > 1 else None
            if columns is not None:
                self._start_table(number, columns, len(cells))
            elif len(cells) > 1 and self.columns is not None:
                self._read_row(number, cells)
            elif sum(1 for cell in cells if _clean(cell)) > 1:
                raise PlanImportError(
                    "A table row without a header row above it (expected the columns "
                    "%(header)s, separated by tabs).", number, header=_TABLE_HEADER_HINT)
            else:
                self.columns = None
                bullet = _BULLET.match(line)
                if bullet and not plan.challenges:
                    name = _clean(bullet.group("name"))
                    self.listed.setdefault(_key(name), name)
                else:
                    self.section.append((number, line))
        if not plan.challenges:
            raise PlanImportError("No table of actions was found (expected a header row with "
                                  "the columns %(header)s, separated by tabs).",
                                  header=_TABLE_HEADER_HINT)
        self._close_section()
        for name in self.listed.values():
            found = self.builder.find_challenge(name)
            if found is None or not found.commitments:
                self.builder.warn(None, "The challenge “%(name)s” is listed but has no table "
                                        "of actions.", name=name)
        return plan

    def _read_front_matter(self) -> None:
        """The registry number line and the title line after it, before any table."""
        plan = self.builder.plan
        for number, raw in enumerate(self.lines, start=1):
            line = _clean(raw)
            if not line:
                continue
            if "\t" in raw or _BULLET.match(line):
                return
            registry = _REGISTRY.match(line)
            if registry and not plan.registry_number:
                plan.registry_number = _clean(registry.group("number"))
                continue
            plan.title = line
            plan.period = _period_of(line)
            self.title_line = number
            return

    def _is_heading(self, line: str) -> bool:
        if self.listed:
            return _key(line) in self.listed
        # Without a list of challenges, a heading is a short line that is neither
        # a quote nor an introduction to what follows (such as "… insatser:").
        return not (line[0] in _DOUBLE_QUOTES or line.endswith((":", ".")))

    def _close_section(self) -> ChallengeDraft | None:
        """Create the challenges named in the lines since the last table; return the last one."""
        last: ChallengeDraft | None = None
        description: list[str] = []
        for _number, line in self.section:
            if self._is_heading(line):
                if last is not None and description and not last.description:
                    last.description = "\n\n".join(description)
                last = self.builder.challenge(self.listed.get(_key(line), line))
                description = []
            elif last is not None and not line.endswith(":"):
                description.append(_strip_quotes(line))
        if last is not None and description and not last.description:
            last.description = "\n\n".join(description)
        self.section = []
        return last

    def _start_table(self, number: int, columns: dict[str, int], width: int) -> None:
        missing = [name for name in COLUMNS[1:] if name not in columns]
        if missing:
            raise PlanImportError("The table header lacks the columns %(missing)s.", number,
                                  missing=", ".join(missing))
        challenge = self._close_section()
        if challenge is None and self.challenge is None:
            raise PlanImportError("The table has no challenge heading above it.", number)
        if challenge is not None and challenge is not self.challenge:
            self.challenge, self.commitment = challenge, None
        self.columns, self.width = columns, width

    def _read_row(self, number: int, cells: list[str]) -> None:
        assert self.columns is not None and self.challenge is not None
        while len(cells) > self.width and not _clean(cells[-1]):
            cells = cells[:-1]
        if len(cells) > self.width:
            raise PlanImportError("The row has %(found)s cells but the table header has "
                                  "%(expected)s.", number, found=len(cells), expected=self.width)
        cells = cells + [""] * (self.width - len(cells))

        def cell(name: str) -> list[str]:
            return _paragraphs(cells[self.columns[name]])

        quote = _strip_quotes(" ".join(cell("citat_ur_strategin")))
        texts, responsibles, follow_ups = cell("atgard"), cell("ansvarig"), cell("uppfoljning")
        if quote:
            self.commitment = self.builder.commitment(self.challenge, quote)
        elif self.commitment is None:
            raise PlanImportError("The row has no quote from the strategy.", number)
        if not texts:
            if responsibles or follow_ups:
                raise PlanImportError("The row has a responsible or a follow-up but no action.",
                                      number)
            return
        self.commitment.actions.extend(self._pair(number, texts, responsibles, follow_ups))

    def _pair(self, number: int, texts: list[str], responsibles: list[str],
              follow_ups: list[str]) -> list[ActionDraft]:
        """The n-th action paragraph goes with the n-th responsible and follow-up."""
        count = len(responsibles) or len(follow_ups) or len(texts)
        warn = self.builder.warn
        if len(texts) > count:
            appended = texts[count:]
            texts = texts[:count - 1] + [" ".join(texts[count - 1:])]
            warn(number, "The row has more action paragraphs (%(paragraphs)s) than responsibles "
                         "(%(count)s): “%(text)s” was taken as the continuation of the action "
                         "above it. Check the row.",
                 paragraphs=count + len(appended), count=count, text=_shorten(appended[0]))
        if len(responsibles) > len(texts):
            kept = len(texts) - 1
            responsibles = responsibles[:kept] + [", ".join(responsibles[kept:])]
            warn(number, "The row has more responsibles than actions: the extra responsibles "
                         "were added to the action “%(text)s”.", text=_shorten(texts[-1]))
        if len(follow_ups) > len(texts):
            warn(number, "The row has more follow-ups than actions: the extra follow-ups were "
                         "ignored.")
        elif 0 < len(follow_ups) < len(texts):
            warn(number, "The row has fewer follow-ups than actions: some actions have none.")
        actions = []
        for index, text in enumerate(texts):
            responsible = responsibles[index] if index < len(responsibles) else ""
            report, year = parse_follow_up(follow_ups[index] if index < len(follow_ups) else "")
            actions.append(ActionDraft(text, responsible, report, year))
        return actions


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def parse_text(source: Source, *, title: str | None = None, registry_number: str | None = None,
               period: Sequence[int] | None = None) -> PlanDraft:
    """The plain-text export of a Word action plan."""
    plan = _TextReader(_decode(_read_bytes(source))).read()
    return _apply_overrides(plan, title, registry_number, period)


# --- choosing the reader ----------------------------------------------------------------------

_UNSUPPORTED = {
    ".xls": "Old Excel files (.xls) cannot be read: save the sheet as .xlsx or CSV.",
    ".doc": "Word documents cannot be read directly: save the action plan as plain text (.txt).",
    ".docx": "Word documents cannot be read directly: save the action plan as plain text (.txt).",
    ".ods": "OpenDocument sheets cannot be read: save the sheet as .xlsx or CSV.",
    ".pdf": "PDF files cannot be read: import the action plan as CSV, XLSX or plain text.",
}


def _looks_like_table(text: str) -> bool:
    first_line = next((line for line in text.split("\n") if line.strip()), "")
    names = {_column_name(cell) for cell in re.split(r"[,;\t]", first_line)}
    return {"utmaning", "atgard"} <= names


def _looks_like_word_export(text: str) -> bool:
    return any(_table_columns(line.split("\t")) for line in text.split("\n") if "\t" in line)


def parse_file(source: Source, filename: str = "", *, title: str | None = None,
               registry_number: str | None = None,
               period: Sequence[int] | None = None) -> PlanDraft:
    """Read a plan from a file, choosing the format by extension and by content."""
    overrides: dict[str, Any] = {"title": title, "registry_number": registry_number,
                                 "period": period}
    if not filename and isinstance(source, str | os.PathLike):
        filename = os.fspath(source)
    extension = Path(filename or "").suffix.lower()
    if extension in _UNSUPPORTED:
        raise PlanImportError(_UNSUPPORTED[extension])
    data = _read_bytes(source)
    if data.startswith(b"PK\x03\x04"):
        return parse_xlsx(data, **overrides)
    if extension == ".xlsx":
        raise PlanImportError("The file is not a valid XLSX workbook.")
    if extension == ".csv":
        return parse_csv(data, **overrides)
    text = _decode(data)
    if _looks_like_table(text):
        return parse_csv(data, **overrides)
    if extension == ".txt" or _looks_like_word_export(text):
        return parse_text(data, **overrides)
    raise PlanImportError("The file format was not recognised: import a CSV or XLSX file with "
                          "the columns %(columns)s, or the plain-text export of an action plan.",
                          columns=", ".join(COLUMNS))

