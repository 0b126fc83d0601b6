"""The export rows as an Excel workbook, beside the CSV: the same rows, typed cells.

A CSV has no types, so a spreadsheet guesses them from the machine's locale: in a
German-locale Excel the daily file's ``0.833`` (a decimal point where a comma is
expected) becomes 833, without a warning. A workbook stores a number as a number
and a date as a date, so it reads the same in every country.

The rows are the CSV's own (``tracker.export.service``), one source for both files;
this module only types each cell by its column:

- the date columns become real dates and the timestamps local date-times (the
  header names the timezone, as in the CSV), each with an ISO number format;
- numbers stay numbers and an empty cell stays empty;
- every other cell is written as text with ``write_string``, so no cell is ever a
  formula: the CSV's guard quote (``neutralise``) is not needed and is taken off the
  free-text columns, which hold exactly what the person typed.

XlsxWriter's ``constant_memory`` mode writes each row out as it comes, so a long
history never sits in memory as a table; the finished file is a compressed zip.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import IO, Any

import xlsxwriter

from tracker.export.csv_writer import unneutralise
from tracker.i18n.text import pgettext

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

DATE_COLUMNS = frozenset({"date", "local_date", "start_date", "end_date", "effective_from"})
DATETIME_COLUMNS = frozenset({"started_at", "created_at", "updated_at"})
GUARDED_COLUMNS = frozenset({"notes", "note", "tool", "paused"})
"""The free-text columns the CSV passes through ``neutralise``: here they are plain text."""
WIDE_COLUMNS = frozenset({"notes", "note", "techniques", "warning_signs", "client_id"})

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


def column_name(header: str) -> str:
    """``"date (Europe/Berlin)"`` → ``"date"``: the headers name the timezone."""
    return header.split(" (", 1)[0]


def column_titles() -> dict[str, str]:
    """Each column's title in the reader's language. English keeps the CSV's own names (a
    workbook and a CSV of one export line up); German and Spanish get words, since the
    workbook is read by a person, while the CSV, the API and FHIR keep the fixed names."""
    return {
        "date": pgettext("spreadsheet column", "date"),
        "pain_left": pgettext("spreadsheet column", "pain_left"),
        "pain_right": pgettext("spreadsheet column", "pain_right"),
        "stiffness": pgettext("spreadsheet column", "stiffness"),
        "sessions": pgettext("spreadsheet column", "sessions"),
        "total_minutes": pgettext("spreadsheet column", "total_minutes"),
        "techniques": pgettext("spreadsheet column", "techniques"),
        "mean_intensity": pgettext("spreadsheet column", "mean_intensity"),
        "adherence": pgettext("spreadsheet column", "adherence"),
        "consistency_7d": pgettext("spreadsheet column", "consistency_7d"),
        "planned_sessions": pgettext("spreadsheet column", "planned_sessions"),
        "paused": pgettext("spreadsheet column", "paused"),
        "experiment_block": pgettext("spreadsheet column", "experiment_block"),
        "experiment_condition": pgettext("spreadsheet column", "experiment_condition"),
        "routine_strength": pgettext("spreadsheet column", "routine_strength"),
        "global_change": pgettext("spreadsheet column", "global_change"),
        "warning_signs": pgettext("spreadsheet column", "warning_signs"),
        "notes": pgettext("spreadsheet column", "notes"),
        "id": pgettext("spreadsheet column", "id"),
        "client_id": pgettext("spreadsheet column", "client_id"),
        "local_date": pgettext("spreadsheet column", "local_date"),
        "started_at": pgettext("spreadsheet column", "started_at"),
        "duration_s": pgettext("spreadsheet column", "duration_s"),
        "foot": pgettext("spreadsheet column", "foot"),
        "pressure": pgettext("spreadsheet column", "pressure"),
        "discomfort": pgettext("spreadsheet column", "discomfort"),
        "tool": pgettext("spreadsheet column", "tool"),
        "created_at": pgettext("spreadsheet column", "created_at"),
        "updated_at": pgettext("spreadsheet column", "updated_at"),
        "start_date": pgettext("spreadsheet column", "start_date"),
        "end_date": pgettext("spreadsheet column", "end_date"),
        "reason": pgettext("spreadsheet column", "reason"),
        "note": pgettext("spreadsheet column", "note"),
        "effective_from": pgettext("spreadsheet column", "effective_from"),
        "sessions_per_day": pgettext("spreadsheet column", "sessions_per_day"),
        "minutes_min": pgettext("spreadsheet column", "minutes_min"),
        "minutes_max": pgettext("spreadsheet column", "minutes_max"),
    }


def sheet_titles() -> dict[str, str]:
    """The sheet's name in the reader's language (the file's name stays as it is)."""
    return {
        "daily": pgettext("spreadsheet sheet", "daily"),
        "sessions": pgettext("spreadsheet sheet", "sessions"),
        "checkins": pgettext("spreadsheet sheet", "checkins"),
        "pauses": pgettext("spreadsheet sheet", "pauses"),
        "plans": pgettext("spreadsheet sheet", "plans"),
    }


def header_title(header: str, titles: dict[str, str]) -> str:
    """``"date (Europe/Berlin)"`` → ``"Datum (Europe/Berlin)"``: the timezone stays named."""
    name = column_name(header)
    return titles.get(name, name) + header[len(name) :]


def _width(header: str) -> float:
    """Wide enough for the header and a typical value; notes wrap nothing, so they get room."""
    name = column_name(header)
    if name in WIDE_COLUMNS:
        least = 36
    elif name in DATETIME_COLUMNS:
        least = 20
    elif name in DATE_COLUMNS:
        least = 11
    else:
        least = 8
    return max(least, min(len(header), 40) + 2)


def write_workbook(
    target: str | IO[bytes],
    sheet: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> int:
    """Write ``header`` and ``rows`` as one sheet named ``sheet`` to ``target`` (a path or
    a binary file), the titles in the reader's language; returns how many rows were
    written, the header not counted."""
    workbook = xlsxwriter.Workbook(
        target, {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    try:
        worksheet = workbook.add_worksheet(sheet_titles().get(sheet, sheet))
        bold = workbook.add_format({"bold": True})
        date_cell = workbook.add_format({"num_format": DATE_FORMAT})
        datetime_cell = workbook.add_format({"num_format": DATETIME_FORMAT})
        names = [column_name(title) for title in header]
        titles = column_titles()
        shown = [header_title(title, titles) for title in header]
        for col, title in enumerate(header):
            worksheet.set_column(col, col, max(_width(title), min(len(shown[col]), 40) + 2))
        worksheet.freeze_panes(1, 0)
        for col, title in enumerate(shown):
            worksheet.write_string(0, col, title, bold)
        count = 0
        for count, row in enumerate(rows, start=1):
            for col, (name, value) in enumerate(zip(names, row, strict=True)):
                if value is None or value == "":
                    continue
                if isinstance(value, bool):
                    worksheet.write_boolean(count, col, value)
                elif isinstance(value, (int, float)):
                    if math.isfinite(value):  # a spreadsheet has no NaN: leave it empty
                        worksheet.write_number(count, col, value)
                elif name in DATE_COLUMNS:
                    worksheet.write_datetime(count, col, _as_date(value), date_cell)
                elif name in DATETIME_COLUMNS:
                    worksheet.write_datetime(count, col, _as_datetime(value), datetime_cell)
                else:
                    text = unneutralise(str(value)) if name in GUARDED_COLUMNS else str(value)
                    worksheet.write_string(count, col, text)
    finally:
        workbook.close()
    return count


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _as_datetime(value: datetime | str) -> datetime:
    """The person's wall-clock time (the rows carry their offset; a cell cannot)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.replace(tzinfo=None)
