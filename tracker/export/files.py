"""The physiotherapist's files as responses: the export's routes and a share link's send
the very same bytes, because both build them here.

CSV is streamed (a row at a time, the request's database session carried along);
Excel is built whole inside the view, since a zip cannot be sent before its end.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from flask import Response, stream_with_context

from tracker.common.dates import default_range, export_range, range_rules, record_range
from tracker.errors import log_error_safely
from tracker.export.csv_writer import csv_chunks, export_filename
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
from tracker.history import first_day_of_use
from tracker.models import User
from tracker.timeutil import local_today


def export_defaults(user: User) -> tuple[date, date]:
    """The dates an export form starts with (the dashboard's, Settings', My data's and a
    share link's): the last 8 weeks, from the first day of use if later."""
    return default_range(local_today(user.timezone), first_day_of_use(user))


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

    def close() -> None:
        """The rows' own cursor and connection first (the body may never have been read:
        a download cut off before its first byte, a HEAD request), then the session."""
        getattr(chunks, "close", lambda: None)()
        session.close()

    return rest(), close


def _csv_response(
    kind: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    start: date | None,
    end: date | None,
) -> Response:
    """Stream the rows: the generator keeps the request (and its database session) open."""
    body, close = _started(csv_chunks(header, rows))
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


def daily_file(user: User, start: date | None, end: date | None, fmt: str = "csv") -> Response:
    """The daily file of ``user`` (``fmt`` csv or xlsx); a share link sends the very same
    file as the export."""
    with range_rules():
        start, end = export_range(
            start,
            end,
            local_today(user.timezone),
            up_to_today=True,
            first_day=first_day_of_use(user),
        )
    rows: Iterable[Sequence[Any]] = daily_rows(user, start, end) if start <= end else ()
    return _file_response("daily", fmt, daily_header(user.timezone), rows, start, end)


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
    with range_rules():
        start, end = record_range(start, end)
    return _file_response(kind, fmt, header(user.timezone), rows(user, start, end), start, end)
