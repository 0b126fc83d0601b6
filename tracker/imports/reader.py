"""Bytes of an uploaded file to a header and rows of text cells, or a reason in words.

Plain Python (no Flask, no database): everything here is about the file, not
the person's data, so it is checked before a single row is looked at. Line
numbers are the ones a spreadsheet shows: the header is line 1, and a quoted
note that spans several physical lines is still one line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from tracker.i18n.text import N_, number
from tracker.i18n.text import gettext as _

MAX_FILE_BYTES = 2 * 1024 * 1024
"""The app's whole-request limit (MAX_CONTENT_LENGTH); one file can be no larger."""

MAX_ROWS = 20_000
"""Rows per file: about 27 years of twice-daily sessions, and a bound on the work."""

MAX_COLUMNS = 40
"""Our files have at most 13 columns; a header far wider is not ours."""

_HEADER_CELL = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(\s*([^()]*?)\s*\))?\s*")
_INTEGER = re.compile(r"\s*[+-]?[0-9]{1,9}\s*")
_SURROGATE = re.compile(r"[\udc80-\udcff]")

SAVE_AS_UTF8 = N_(
    "Save it as UTF-8: in Excel choose “CSV UTF-8 (Comma delimited)”, in LibreOffice "
    "tick “Edit filter settings” and choose “Unicode (UTF-8)”."
)


class FileProblem(Exception):
    """The file as a whole cannot be read; ``line`` is where, when one line is to blame."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class HeaderCell:
    """One header cell: ``started_at (Europe/Berlin)`` is name ``started_at``, zone
    ``Europe/Berlin``; ``text`` is the cell as written, for messages."""

    text: str
    name: str | None
    zone: str | None


def decode(data: bytes) -> str:
    """UTF-8 text with or without the BOM our exports start with; anything else is refused
    with what to do about it (binary first: a PNG is not a wrongly encoded CSV)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(_("This file is UTF-16 text, not UTF-8.") + " " + _(SAVE_AS_UTF8))
    if b"\x00" in data:
        raise FileProblem(
            _(
                "This is not a CSV file: it holds binary data (an image, a PDF or an Excel "
                "workbook?). Choose the .csv file that FirstStep exported."
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = _row_of_bad_byte(data)
        raise FileProblem(
            _(
                "This file is not UTF-8 text (byte %(byte)s on line %(line)s).",
                byte=f"0x{data[error.start]:02X}",
                line=line,
            )
            + " "
            + _(SAVE_AS_UTF8),
            line,
        ) from None


def _row_of_bad_byte(data: bytes) -> int:
    """The spreadsheet row of the first byte that is not UTF-8, not the physical line: a
    quoted note spanning three lines above it is one row. Bad bytes are kept as lone
    surrogates, so the records can be read and the first one holding one found."""
    text = data.decode("utf-8-sig", errors="surrogateescape")
    row = 0
    try:
        for row, cells in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            if any(_SURROGATE.search(cell) for cell in cells):
                return row
    except csv.Error:  # a cell over the csv module's limit: the bad byte is in the next row
        return row + 1
    return max(row, 1)


def records(text: str, max_rows: int = MAX_ROWS) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) for every record, the header first, lazily.

    Strict quoting, so a stray quote is an error on its line rather than a
    silently merged row; the csv module's own cell limit (128 KiB) stays as it
    is, since it is process-wide, and a longer cell is reported as its line.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 0
    while True:
        line += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FileProblem(f"Line {line} cannot be read as CSV: {error}.", line) from None
        if line > max_rows + 1:
            raise FileProblem(
                _(
                    "The file has more than %(rows)s rows, the most one import takes. "
                    "Export a shorter date range (from/to) and import the parts one by one.",
                    rows=number(max_rows, 0),
                ),
                line,
            )
        yield line, cells


def header_cells(cells: list[str]) -> list[HeaderCell]:
    """Names are matched without regard to case or spaces; a cell that is not a plain
    name (with an optional timezone in brackets) gets ``name`` None."""
    if len(cells) > MAX_COLUMNS:
        raise FileProblem(
            f"The header has {len(cells):,} columns; a FirstStep file has at most "
            f"{MAX_COLUMNS}. Is this the file FirstStep exported?",
            1,
        )
    if len(cells) == 1 and ";" in cells[0]:
        raise FileProblem(
            _(
                "The columns are separated by semicolons; FirstStep files use commas. "
                "Export the file again from FirstStep, or save it as “CSV (comma delimited)”."
            ),
            1,
        )
    found = []
    for text in cells:
        match = _HEADER_CELL.fullmatch(text)
        if match is None:
            found.append(HeaderCell(text, None, None))
        else:
            found.append(HeaderCell(text, match.group(1).lower(), match.group(2) or None))
    return found


def integer_or_text(text: str) -> int | str:
    """A whole number as an int; anything else stays text for the schema to refuse by name
    (``int()`` alone would also take ``1_000`` and Arabic-Indic digits)."""
    return int(text) if _INTEGER.fullmatch(text) else text
