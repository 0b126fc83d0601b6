"""/api/v1/export/daily.csv, sessions.csv, checkins.csv, pauses.csv, plans.csv: the physio's files.

Each file also comes as an Excel workbook (``.xlsx``, same name, same rows, same range
rules), whose cells are typed: a German-locale spreadsheet cannot turn ``0.833`` into 833.

Private like every health-data resource (the blueprint's default guard): a
person only ever exports their own rows. A browser's plain GET with the
session cookie works, so the Settings page can offer download links with no
JavaScript.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from flask import Response
from flask_login import current_user

from tracker.common.blueprint import api_blueprint
from tracker.common.dates import FHIR_MAX_DAYS, DateRangeArgs, export_range, range_rules
from tracker.export.fhir import FHIR_JSON, fhir_bundle
from tracker.export.files import daily_file, record_file
from tracker.export.xlsx_writer import XLSX
from tracker.history import first_day_of_use
from tracker.timeutil import local_today

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


@blp.route("/fhir")
@blp.arguments(DateRangeArgs(), location="query")
@blp.response(
    200,
    {"type": "object", "description": "A FHIR R4 Bundle resource."},
    content_type=FHIR_JSON,
    description="A FHIR R4 Bundle of type collection: a Patient with an opaque identifier "
    "only, one Observation per foot per first-step pain score (LOINC 72514-3, bodySite "
    "SNOMED CT left or right foot), one per weekly global change rating, and one per "
    "self-experiment completed within the range (its result: condition B minus A in points, "
    "the 95% interval and each condition in components, the conditions, seed and method in "
    "notes; without enough mornings, the reason as text).",
)
def fhir(args: dict[str, Any]) -> Response:
    """First-step pain scores as FHIR R4 Observations, for a clinic's record system.

    Default range: the last 8 weeks ending today, as for the CSV files; at most
    five years in one Bundle. Identifiers stay the same from one export to the next,
    so importing a newer export updates scores instead of duplicating them.
    """
    today = local_today(current_user.timezone)
    with range_rules():
        start, end = export_range(
            args["date_from"],
            args["date_to"],
            today,
            max_days=FHIR_MAX_DAYS,
            first_day=first_day_of_use(current_user),
        )
    bundle = fhir_bundle(current_user, start, end, datetime.now(UTC))
    response = Response(json.dumps(bundle), content_type=FHIR_JSON)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="firststep-fhir-{start.isoformat()}_{end.isoformat()}.json"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response
