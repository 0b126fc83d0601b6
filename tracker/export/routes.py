"""/api/v1/export/daily.csv, sessions.csv and checkins.csv: the physiotherapist's files.

Private like every health-data resource (the blueprint's default guard): a
person only ever exports their own rows. A browser's plain GET with the
session cookie works, so the Settings page can offer download links with no
JavaScript.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from flask import Response, stream_with_context
from flask_login import current_user
from flask_smorest import abort

from tracker.common.blueprint import api_blueprint
from tracker.common.schemas import DateRangeArgs
from tracker.export.csv_writer import csv_lines, encoded_chunks, export_filename
from tracker.export.service import (
    checkin_rows,
    checkins_header,
    daily_header,
    daily_rows,
    session_rows,
    sessions_header,
)
from tracker.timeutil import local_today

blp = api_blueprint(
    "export", "/export", "CSV files for your physiotherapist (RFC 4180, UTF-8 with a BOM)."
)

DEFAULT_WEEKS = 8
MAX_DAILY_DAYS = 20 * 366
"""A daily file of at most twenty years: each day is a row even with no data."""
EARLIEST = date(1970, 1, 1)

CSV_NOTE = (
    "RFC 4180 CSV: CRLF line ends, a header row, UTF-8 with a byte-order mark (so that "
    "Excel reads it as UTF-8). Dates are ISO 8601 local dates in your timezone, named in "
    "the header; timestamps carry their UTC offset. Text cells that a spreadsheet would "
    "run as a formula start with a single quote."
)


CSV_BODY = {"type": "string", "format": "binary"}
"""The response body in OpenAPI terms: a file (this is what puts text/csv in the document)."""


def default_range(today: date) -> tuple[date, date]:
    """The last 8 weeks ending today: the usual span between two physiotherapy reviews."""
    return today - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1), today


def _csv_response(
    kind: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    start: date | None,
    end: date | None,
) -> Response:
    """Stream the rows: the generator keeps the request (and its database session) open."""
    body = stream_with_context(encoded_chunks(csv_lines(header, rows)))
    response = Response(body, content_type="text/csv; charset=utf-8")
    name = export_filename(kind, start, end)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.route("/daily.csv")
@blp.arguments(DateRangeArgs, location="query")
@blp.response(
    200,
    CSV_BODY,
    content_type="text/csv",
    description="One row per local date in the range, with the dashboard's numbers. " + CSV_NOTE,
)
def daily(args: dict[str, Any]) -> Response:
    """One row per date: pain, sessions, minutes, techniques, adherence, consistency.

    Default range: the last 8 weeks ending today (your local date). Days after
    today are left out, as on the dashboard. Numbers are rounded to 3 decimals
    and come from the same analysis as the dashboard, so they agree.
    """
    today = local_today(current_user.timezone)
    start, end = args["date_from"], args["date_to"]
    if min(d for d in (start, end, today) if d is not None) < EARLIEST:
        abort(422, message=f"Dates must be on or after {EARLIEST.isoformat()}.")
    if start is None and end is None:
        start, end = default_range(today)
    elif start is None:
        start = default_range(end)[0]
    elif end is None:
        end = max(start, today)
    end = min(end, today)
    if (end - start).days >= MAX_DAILY_DAYS:
        abort(422, message=f"A daily export covers at most {MAX_DAILY_DAYS} days.")
    rows: Iterable[Sequence[Any]] = daily_rows(current_user, start, end) if start <= end else ()
    return _csv_response("daily", daily_header(current_user.timezone), rows, start, end)


@blp.route("/sessions.csv")
@blp.arguments(DateRangeArgs, location="query")
@blp.response(
    200,
    CSV_BODY,
    content_type="text/csv",
    description="One row per self-care session, every field. " + CSV_NOTE,
)
def sessions(args: dict[str, Any]) -> Response:
    """Every session (or those on local dates from..to), oldest first, streamed."""
    start, end = args["date_from"], args["date_to"]
    rows = session_rows(current_user, start, end)
    return _csv_response("sessions", sessions_header(current_user.timezone), rows, start, end)


@blp.route("/checkins.csv")
@blp.arguments(DateRangeArgs, location="query")
@blp.response(
    200,
    CSV_BODY,
    content_type="text/csv",
    description="One row per morning check-in, every field. " + CSV_NOTE,
)
def checkins(args: dict[str, Any]) -> Response:
    """Every check-in (or those on local dates from..to), oldest first, streamed."""
    start, end = args["date_from"], args["date_to"]
    rows = checkin_rows(current_user, start, end)
    return _csv_response("checkins", checkins_header(current_user.timezone), rows, start, end)
