"""/api/v1/export/daily.csv, sessions.csv, checkins.csv, pauses.csv, plans.csv: the physio's files.

Each file also comes as an Excel workbook (``.xlsx``, same name, same rows, same range
rules), whose cells are typed: a German-locale spreadsheet cannot turn ``0.833`` into 833.

Private like every health-data resource (the blueprint's default guard): a
person only ever exports their own rows. A browser's plain GET with the
session cookie works, so the Settings page can offer download links with no
JavaScript.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from flask import Response, stream_with_context
from flask_login import current_user

from tracker.common.blueprint import api_blueprint
from tracker.common.dates import (
    DateRangeArgs,
    RangeError,
    export_range,
    record_range,
    refuse_range,
)
from tracker.errors import log_error_safely
from tracker.export.csv_writer import csv_lines, encoded_chunks, export_filename
from tracker.export.fhir import FHIR_JSON, fhir_bundle
from tracker.export.service import (
    checkin_rows,
    checkins_header,
    daily_header,
    daily_rows,
    pause_rows,
    pauses_header,
    plan_rows,
    plans_header,
    session_rows,
    sessions_header,
)
from tracker.export.xlsx_writer import XLSX, write_workbook
from tracker.extensions import db
from tracker.models import User
from tracker.timeutil import local_today
from tracker.web.service import first_day_of_use

blp = api_blueprint(
    "export",
    "/export",
    "Files for your physiotherapist: CSV (RFC 4180, UTF-8 with a BOM), and each as an Excel "
    "workbook with typed cells.",
)

CSV_NOTE = (
    "RFC 4180 CSV: CRLF line ends, a header row, UTF-8 with a byte-order mark (so that "
    "Excel reads it as UTF-8). Dates are ISO 8601 local dates in your timezone, named in "
    "the header; timestamps carry their UTC offset. Text cells that a spreadsheet would "
    "run as a formula, and those that start with a single quote, get one more single "
    "quote in front (the import takes it off again)."
)


XLSX_NOTE = (
    "The same rows as the CSV file of the same name, as an Excel workbook (.xlsx) with typed "
    "cells: dates are dates (yyyy-mm-dd), timestamps local date-times in your timezone "
    "(named in the header), numbers are numbers, so no locale misreads a decimal point; "
    "every other cell is text, never a formula (and carries no guard quote). The header "
    "row is frozen."
)

CSV_BODY = {"type": "string", "format": "binary"}
"""The response body in OpenAPI terms: a file (this is what puts text/csv in the document)."""


class ExportInterrupted(RuntimeError):
    """Raised in place of whatever stopped a stream part-way. The server logs the error of a
    streamed response itself; this way it logs neither the cause's text nor anything else
    the app did not choose to say (the cause is logged here, by type and code path)."""


def _started(chunks: Iterator[bytes]) -> tuple[Iterator[bytes], Callable[[], None]]:
    """Make the first chunk now, inside the view: every database read up to the first byte
    then happens while a lost database can still be answered with the 503 JSON of any other
    route. Left to the server, the stream would die before its first byte and gunicorn
    would send a bare 500 and log the request line (a share link's token with it).

    Flask tears the request's database session down when the view returns, before the
    server reads the body, and that would close the cursor the rows stream from. So the
    stream takes the session with it: out of the request's hands now, back in place for
    the rest of the stream's reads, closed when the response is. Returns the body and
    that closing function."""
    first = next(chunks, b"")
    session = db.session.registry()
    db.session.registry.clear()

    def rest() -> Iterator[bytes]:
        db.session.registry.set(session)
        yield first
        try:
            yield from chunks
        except Exception as error:  # headers are sent: all that is left is to cut the stream
            log_error_safely("export stream interrupted", error)
            raise ExportInterrupted("The export stopped part-way.") from None

    return rest(), session.close


def _csv_response(
    kind: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    start: date | None,
    end: date | None,
) -> Response:
    """Stream the rows: the generator keeps the request (and its database session) open."""
    body, close = _started(encoded_chunks(csv_lines(header, rows)))
    response = Response(stream_with_context(body), content_type="text/csv; charset=utf-8")
    response.call_on_close(close)
    name = export_filename(kind, start, end)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _xlsx_response(
    kind: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    start: date | None,
    end: date | None,
) -> Response:
    """Build the whole workbook inside the view (a zip cannot be sent before its end is
    written): a database error is then the 503 JSON of any other route, and a download is
    never cut part-way. The rows go to XlsxWriter's temporary files as they come; only the
    compressed file is held in memory."""
    target = io.BytesIO()
    write_workbook(target, kind, header, rows)
    response = Response(target.getvalue(), content_type=XLSX)
    name = export_filename(kind, start, end, "xlsx")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _file_response(
    kind: str,
    fmt: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    start: date | None,
    end: date | None,
) -> Response:
    send = _xlsx_response if fmt == "xlsx" else _csv_response
    return send(kind, header, rows, start, end)


@blp.route("/daily.csv")
@blp.arguments(DateRangeArgs(), location="query")
@blp.response(
    200,
    CSV_BODY,
    content_type="text/csv",
    description="One row per local date in the range, with the dashboard's numbers. " + CSV_NOTE,
)
def daily(args: dict[str, Any]) -> Response:
    """One row per date: pain, sessions, minutes, techniques, adherence, consistency.

    Default range: the last 8 weeks ending today (your local date), from your first
    day of use if that is later (an explicit `from` goes back further). Days after
    today are left out, as on the dashboard. Numbers are rounded to 3 decimals
    and come from the same analysis as the dashboard, so they agree.
    """
    return daily_file(current_user, args["date_from"], args["date_to"])


def daily_file(user: User, start: date | None, end: date | None, fmt: str = "csv") -> Response:
    """The daily file of ``user`` (``fmt`` csv or xlsx); a share link sends the very same
    file as the export."""
    try:
        start, end = export_range(
            start,
            end,
            local_today(user.timezone),
            up_to_today=True,
            first_day=first_day_of_use(user),
        )
    except RangeError as error:
        refuse_range(error)
    rows: Iterable[Sequence[Any]] = daily_rows(user, start, end) if start <= end else ()
    return _file_response("daily", fmt, daily_header(user.timezone), rows, start, end)


@blp.route("/sessions.csv")
@blp.arguments(DateRangeArgs(), location="query")
@blp.response(
    200,
    CSV_BODY,
    content_type="text/csv",
    description="One row per self-care session, every field. " + CSV_NOTE,
)
def sessions(args: dict[str, Any]) -> Response:
    """Every session (or those on local dates from..to), oldest first, streamed."""
    return record_file("sessions", current_user, args["date_from"], args["date_to"])


RECORD_FILES: dict[str, tuple[Callable[[str], list[str]], Callable[..., Iterable[Any]]]] = {
    "sessions": (sessions_header, session_rows),
    "checkins": (checkins_header, checkin_rows),
    "pauses": (pauses_header, pause_rows),
    "plans": (plans_header, plan_rows),
}
"""One row per stored record: the header (named in the person's timezone) and the rows."""


def record_file(
    kind: str, user: User, start: date | None, end: date | None, fmt: str = "csv"
) -> Response:
    """A record file of ``user`` (``fmt`` csv or xlsx); a share link sends the very same
    file as the export."""
    header, rows = RECORD_FILES[kind]
    try:
        start, end = record_range(start, end)
    except RangeError as error:
        refuse_range(error)
    return _file_response(kind, fmt, header(user.timezone), rows(user, start, end), start, end)


@blp.route("/checkins.csv")
@blp.arguments(DateRangeArgs(), location="query")
@blp.response(
    200,
    CSV_BODY,
    content_type="text/csv",
    description="One row per morning check-in, every field. " + CSV_NOTE,
)
def checkins(args: dict[str, Any]) -> Response:
    """Every check-in (or those on local dates from..to), oldest first, streamed."""
    return record_file("checkins", current_user, args["date_from"], args["date_to"])


@blp.route("/pauses.csv")
@blp.arguments(DateRangeArgs(), location="query")
@blp.response(
    200,
    CSV_BODY,
    content_type="text/csv",
    description="One row per pause (start_date, end_date, both inclusive, reason, note). "
    + CSV_NOTE,
)
def pauses(args: dict[str, Any]) -> Response:
    """Every pause (or those overlapping local dates from..to), earliest first, streamed.

    Paused days are not planned days, so adherence and streaks depend on them:
    import this file with the sessions and check-ins and the numbers come back.
    """
    return record_file("pauses", current_user, args["date_from"], args["date_to"])


@blp.route("/plans.csv")
@blp.arguments(DateRangeArgs(), location="query")
@blp.response(
    200,
    CSV_BODY,
    content_type="text/csv",
    description="One row per plan (effective_from, sessions_per_day, minutes_min, "
    "minutes_max): each holds from its day until the next. " + CSV_NOTE,
)
def plans(args: dict[str, Any]) -> Response:
    """The plan history: the plan in force on `from` and every change up to `to`.

    Adherence is measured against the plan each day had, so import this file with
    the others and a fresh account gets the same adherence and streaks.
    """
    return record_file("plans", current_user, args["date_from"], args["date_to"])


XLSX_BODY = {"type": "string", "format": "binary"}


def _xlsx_route(kind: str, summary: str) -> None:
    """``/<kind>.xlsx``: the CSV route's rows and range rules, as a workbook."""

    def view(args: dict[str, Any]) -> Response:
        if kind == "daily":
            return daily_file(current_user, args["date_from"], args["date_to"], "xlsx")
        return record_file(kind, current_user, args["date_from"], args["date_to"], "xlsx")

    view.__name__ = f"{kind}_xlsx"
    view.__doc__ = f"{summary}\n\nThe rows and the date range of {kind}.csv, as an Excel workbook."
    blp.route(f"/{kind}.xlsx")(
        blp.arguments(DateRangeArgs(), location="query")(
            blp.response(200, XLSX_BODY, content_type=XLSX, description=XLSX_NOTE)(view)
        )
    )


for _kind, _summary in (
    ("daily", "One row per date, with the dashboard's numbers, as a workbook."),
    ("sessions", "Every session (or those on local dates from..to), as a workbook."),
    ("checkins", "Every check-in (or those on local dates from..to), as a workbook."),
    ("pauses", "Every pause overlapping local dates from..to, as a workbook."),
    ("plans", "The plan history for from..to, as a workbook."),
):
    _xlsx_route(_kind, _summary)


MAX_FHIR_DAYS = 5 * 366
"""Five years of mornings (~3,700 Observations) is the most one Bundle is built for in memory."""


@blp.route("/fhir")
@blp.arguments(DateRangeArgs(), location="query")
@blp.response(
    200,
    {"type": "object", "description": "A FHIR R4 Bundle resource."},
    content_type=FHIR_JSON,
    description="A FHIR R4 Bundle of type collection: a Patient with an opaque identifier "
    "only, one Observation per foot per first-step pain score (LOINC 72514-3, bodySite "
    "SNOMED CT left or right foot) and one per weekly global change rating.",
)
def fhir(args: dict[str, Any]) -> Response:
    """First-step pain scores as FHIR R4 Observations, for a clinic's record system.

    Default range: the last 8 weeks ending today, as for the CSV files; at most
    five years in one Bundle. Identifiers stay the same from one export to the next,
    so importing a newer export updates scores instead of duplicating them.
    """
    today = local_today(current_user.timezone)
    try:
        start, end = export_range(
            args["date_from"],
            args["date_to"],
            today,
            max_days=MAX_FHIR_DAYS,
            first_day=first_day_of_use(current_user),
        )
    except RangeError as error:
        refuse_range(error)
    bundle = fhir_bundle(current_user, start, end, datetime.now(UTC))
    response = Response(json.dumps(bundle), content_type=FHIR_JSON)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="firststep-fhir-{start.isoformat()}_{end.isoformat()}.json"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response
