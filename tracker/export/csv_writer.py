"""Pure helpers for writing spreadsheet-safe CSV.

RFC 4180 through the standard ``csv`` module (CRLF line ends, quoting only
where needed), UTF-8 with a byte-order mark: Excel reads a BOM-less file in the
machine's ANSI code page and garbles every accented note, while LibreOffice,
Google Sheets and Python's ``utf-8-sig`` codec all accept the BOM. The BOM is
therefore part of the first chunk of every export.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import islice
from typing import Any

BOM = "\ufeff"
FORMULA_LEADS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20|")
"""OWASP's CSV-injection signs (``= + - @``), their full-width forms (``＝ ＋ － ＠``),
which a spreadsheet with an East Asian input method reads as the ASCII ones, and ``|``
(a DDE call such as ``|calc``)."""

QUOTE = "'"
"""The guard's mark, and the spreadsheet convention for "this cell is text"."""

_BLANK = re.compile(r"^[\s\u200b\u200c\u200d\u2060\ufeff]*")
"""Whitespace and line breaks of any script, and the zero-width characters: not whitespace
to Python, but nothing a reader would see before a formula sign either."""

CHUNK_CHARS = 64 * 1024
"""Rows are produced one at a time but sent in ~64 KiB pieces: one write per row
would spend more time in the WSGI layer than in making the rows."""

ROWS_PER_WRITE = 256
"""Rows handed to the csv writer at once: one ``writerows`` call per batch instead of a
``writerow`` and a string copy per row (issue 17's profile)."""

DECIMALS = 3
"""The dashboard's rounding (tracker.dashboard.schemas.Number), so both show the same numbers."""


def formula_lead(text: str) -> bool:
    """Would a spreadsheet run this cell? It starts with a tab, CR or LF (OWASP), or, after
    any whitespace or line breaks (which "trim spaces" on opening removes), with a
    formula sign."""
    if text[:1] in ("\t", "\r", "\n"):
        return True
    return _BLANK.sub("", text, count=1)[:1] in FORMULA_LEADS


PLAIN_LEADS: dict[str, bool] = {}
"""First character -> "a text starting with it never needs the mark": one that is neither
blank (``_BLANK``, which covers tab, CR and LF), a formula sign nor the quote. Then
``formula_lead`` strips nothing and looks at that very character, so the short cut
agrees with the rule; any other lead takes the full path. A million notes start with a
few dozen distinct characters; ``PLAIN_LEADS_KEPT`` bounds it for scripts with thousands.
A hot loop may look a text's first character up here itself and call ``neutralise`` only
when the answer is not True (``session_rows`` does, for two cells of a million rows)."""
PLAIN_LEADS_KEPT = 4096


def neutralise(text: str | None) -> str:
    """A free-text cell a spreadsheet could run as a formula gets a leading single quote.

    So does one that already starts with a quote: the mark then always means "the
    export added one quote here", and ``unneutralise`` (the import) takes exactly one
    back off, so what the person typed (``'=1+1``, ``it's``) comes back byte for byte.
    Only for free-text columns: numbers are written by ``cell`` and never pass here,
    so a real ``-2`` stays a number.
    """
    if not text:
        return ""
    lead = text[0]
    plain = PLAIN_LEADS.get(lead)
    if plain is None:
        blank = _BLANK.match(lead)
        plain = lead != QUOTE and lead not in FORMULA_LEADS and not (blank and blank.end())
        if len(PLAIN_LEADS) < PLAIN_LEADS_KEPT:
            PLAIN_LEADS[lead] = plain
    if plain:
        return text
    return QUOTE + text if text.startswith(QUOTE) or formula_lead(text) else text


def unneutralise(text: str) -> str:
    """Undo ``neutralise``: a leading quote is always the export's mark, never typed."""
    return text[1:] if text.startswith(QUOTE) else text


def cell(value: Any) -> str | int | float:
    """One non-text value as it goes into the file: ISO 8601 dates, 3-decimal floats,
    sorted semicolon-joined sets, empty for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return round(value, DECIMALS)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, list, tuple)):
        return join_list(value)
    return value


def join_list(values: Iterable[Any]) -> str:
    """A list cell: sorted, semicolon-separated (commas would need quoting in every row)."""
    return ";".join(sorted(str(v) for v in values))


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = True
) -> Iterator[bytes]:
    """The header, then one RFC 4180 line (ending CRLF) per row, as UTF-8 bytes in pieces
    of about ``CHUNK_CHARS``, the BOM first; lazily, ``ROWS_PER_WRITE`` rows at a time."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    if bom:
        buffer.write(BOM)
    writer.writerow(header)
    rows = iter(rows)
    while batch := list(islice(rows, ROWS_PER_WRITE)):
        writer.writerows(batch)
        if buffer.tell() >= CHUNK_CHARS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    rest = buffer.getvalue()
    if rest:
        yield rest.encode("utf-8")


def export_filename(kind: str, start: date | None, end: date | None, ext: str = "csv") -> str:
    """``firststep-daily-2026-09-01_2026-11-30.csv``: the range is in the name, so two
    downloads for different appointments never overwrite each other."""
    first = start.isoformat() if start else "start"
    last = end.isoformat() if end else "end"
    return f"firststep-{kind}-{first}_{last}.{ext}"
