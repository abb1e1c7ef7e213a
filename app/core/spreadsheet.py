"""Text the app writes into CSV, XLSX and DOCX files.

Shared by every download (plans, follow-up reports, the consultation report,
open data), so a cell is made safe the same way everywhere.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

# Excel runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters that XML 1.0, and so XLSX and DOCX, cannot hold.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def protect(cell: str) -> str:
    """Prefix an apostrophe so that a spreadsheet shows the text instead of running it."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def xml_safe(text: str) -> str:
    """The text with the characters XML cannot hold replaced by spaces."""
    return _ILLEGAL_XML.sub(" ", text)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]],
              delimiter: str = ";") -> bytes:
    """UTF-8 with BOM (so that Excel detects the encoding) and CRLF line ends;
    `;` between columns is what Swedish Excel opens by double-click. Every
    cell is protected."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([protect(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")
