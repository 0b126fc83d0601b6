"""From header and text cells to checked values, by the API's own schemas.

The three kinds of file are described by the export (its header functions name
the columns) and by the API (its input schemas hold every rule): nothing here
restates a range or a choice, so an import can never accept what a POST would
refuse, nor refuse what it would accept.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from marshmallow import Schema, ValidationError, fields

from tracker.account.schemas import PlanSchema
from tracker.care_sessions.schemas import CareSessionInSchema
from tracker.care_sessions.service import check_started_at
from tracker.checkins.schemas import CheckinInSchema
from tracker.checkins.service import check_checkin_date
from tracker.common.dates import FIRST_RECORD_DAY
from tracker.common.errors import DomainError
from tracker.export.csv_writer import unneutralise
from tracker.export.service import (
    checkins_header,
    daily_header,
    pauses_header,
    plans_header,
    sessions_header,
)
from tracker.i18n.text import N_, ngettext
from tracker.i18n.text import gettext as _
from tracker.imports.reader import (
    FileProblem,
    HeaderCell,
    header_cells,
    integer_or_text,
)
from tracker.models import User
from tracker.pauses.schemas import PauseInSchema
from tracker.timeutil import is_valid_timezone, local_date_of, local_today

IGNORED = frozenset({"id", "created_at", "updated_at"})
"""Server-assigned: an import makes new rows, with new ids and times."""
ZONED = frozenset(
    {
        "date",
        "local_date",
        "started_at",
        "created_at",
        "updated_at",
        "start_date",
        "end_date",
        "effective_from",
    }
)
NEUTRALISED = frozenset({"notes", "tool", "note"})
"""The columns the export guards against formula injection (``neutralise``)."""

DATE_FORMAT = N_("Not a valid date: use YYYY-MM-DD, e.g. 2026-06-01.")
"""Said for 6/1/2026 or 01.06.2026: which day is meant differs by country, so the file
must say it the one way that cannot be misread."""
DATETIME_FORMAT = N_(
    "Not a valid date and time: use YYYY-MM-DDTHH:MM with the UTC offset, "
    "e.g. 2026-06-01T07:30+02:00."
)

SESSION_NAMESPACE = uuid.UUID("5d0f4b8e-6a43-5c1e-9a57-0c6a3c1d2b11")
"""Fixed forever: it makes the client_id of a session row that has none, so that
importing the same file twice still finds the first import's rows."""


@dataclass(frozen=True)
class Problem:
    line: int | None
    column: str | None
    reason: str


@dataclass(frozen=True)
class Kind:
    key: str
    noun: str
    one: str
    """The noun for a single row: "1 session", "2 sessions"."""
    schema: type[Schema]
    columns: tuple[str, ...]
    required: tuple[str, ...]
    any_of: tuple[str, ...] = ()


def _names(header: list[str]) -> tuple[str, ...]:
    return tuple(cell.name for cell in header_cells(header) if cell.name)


class PlanRowSchema(PlanSchema):
    """A plan row of the file: the plan's own rules, plus the day it took effect."""

    effective_from = fields.Date()


SESSIONS = Kind(
    "sessions",
    N_("sessions"),
    "session",
    CareSessionInSchema,
    _names(sessions_header("UTC")),
    tuple(name for name, f in CareSessionInSchema().fields.items() if f.required),
)
CHECKINS = Kind(
    "checkins",
    N_("check-ins"),
    "check-in",
    CheckinInSchema,
    _names(checkins_header("UTC")),
    ("date",),
    ("pain_left", "pain_right"),
)
PAUSES = Kind(
    "pauses",
    N_("pauses"),
    "pause",
    PauseInSchema,
    _names(pauses_header("UTC")),
    ("start_date", "end_date", "reason"),  # start_date defaults to today in a POST, not here
)
PLANS = Kind(
    "plans",
    N_("plans"),
    "plan",
    PlanRowSchema,
    _names(plans_header("UTC")),
    ("effective_from", "sessions_per_day", "minutes_min", "minutes_max"),
)
KINDS = {kind.key: kind for kind in (SESSIONS, CHECKINS, PAUSES, PLANS)}

DAILY_COMPUTED = tuple(name for name in _names(daily_header("UTC")) if name not in CHECKINS.columns)
"""The daily summary's columns worked out from sessions, plans and pauses (and the
experiment's week and condition): a daily file sent as the check-ins file is read for its
check-ins, and these are left out with a note, never misread as data to store."""
EXPERIMENT_COLUMNS = ("experiment_block", "experiment_condition")


def plural(number: int, one: str, many: str) -> str:
    """``1 row was``, ``2 rows were``: the count and the words that agree with it."""
    return f"{number:,} {one if number == 1 else many}"


def count_of(kind: Kind, number: int) -> str:
    """``1 check-in``, ``2 check-ins``."""
    return plural(number, kind.one, kind.noun)


@dataclass
class Layout:
    """Where each known column is in this file, as which header text, in which zone."""

    width: int = 0
    ignored: dict[str, int] = field(default_factory=dict)
    """A daily file's computed columns (``DAILY_COMPUTED``): where each is, left out."""
    empty_days: int = 0
    """A daily file's days without a check-in, passed over."""
    experiment_days: int = 0
    """A daily file's days under a self-experiment."""
    position: dict[str, int] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    zone: dict[str, str] = field(default_factory=dict)

    def label(self, name: str | None) -> str | None:
        return None if name is None else self.text.get(name, name)


def layout_of(kind: Kind, cells: list[str]) -> tuple[Layout, list[Problem]]:
    """Required columns present, no unknown or doubled ones; order is free."""
    layout, problems = Layout(width=len(cells)), []
    header = header_cells(cells)
    names = {cell.name for cell in header}
    for other in KINDS.values():
        if other is not kind and set(other.required) <= names and not set(kind.required) <= names:
            raise FileProblem(
                _(
                    "This looks like a %(noun)s file; choose it as the %(noun)s file.",
                    noun=_(other.noun),
                ),
                1,
            )
    for index, cell in enumerate(header):
        if kind is CHECKINS and cell.name in DAILY_COMPUTED and cell.name not in layout.ignored:
            layout.ignored[cell.name] = index
            continue
        reason = _header_reason(kind, cell, layout)
        if reason:
            problems.append(Problem(1, cell.text, reason))
            continue
        assert cell.name is not None
        layout.position[cell.name] = index
        layout.text[cell.name] = cell.text
        if cell.zone:
            layout.zone[cell.name] = cell.zone
    for name in kind.required:
        if name not in layout.position:
            problems.append(Problem(1, name, _("This column is missing; it is required.")))
    if kind.any_of and not any(name in layout.position for name in kind.any_of):
        problems.append(
            Problem(
                1,
                None,
                _(
                    "Add a %(columns)s column: at least one is needed.",
                    columns=_(" or ").join(kind.any_of),
                ),
            )
        )
    return layout, problems


def daily_notes(layout: Layout) -> list[str]:
    """What a daily file sent as the check-ins file left out, in words: said on success,
    since nothing there is wrong, only not storable."""
    if not layout.ignored:
        return []
    computed = [name for name in layout.ignored if name not in EXPERIMENT_COLUMNS]
    notes = []
    if computed:
        passed_over = ngettext(
            "This is a daily summary: its check-ins were read and %(num)s day without one "
            "passed over.",
            "This is a daily summary: its check-ins were read and %(num)s days without one "
            "passed over.",
            layout.empty_days,
        )
        worked_out = ngettext(
            "Its column %(columns)s is worked out from your sessions, plans and pauses, so "
            "not imported: import those files to bring them back.",
            "Its columns %(columns)s are worked out from your sessions, plans and pauses, so "
            "not imported: import those files to bring them back.",
            len(computed),
            columns=", ".join(computed),
        )
        notes.append(f"{passed_over} {worked_out}")
    experiment = [name for name in layout.ignored if name in EXPERIMENT_COLUMNS]
    if experiment:
        notes.append(
            ngettext(
                "The columns %(columns)s (%(num)s day of a self-experiment) were not imported: "
                "a self-experiment cannot be re-created from a CSV file. Its days come back "
                "as ordinary days; set up a new experiment to run it again.",
                "The columns %(columns)s (%(num)s days of a self-experiment) were not "
                "imported: a self-experiment cannot be re-created from a CSV file. Its days "
                "come back as ordinary days; set up a new experiment to run it again.",
                layout.experiment_days,
                columns=_(" and ").join(experiment),
            )
        )
    return notes


def _header_reason(kind: Kind, cell: HeaderCell, layout: Layout) -> str | None:
    if cell.name is None:
        if not cell.text.strip():
            return _("A column has no name.")
        return _("Not a column name: a name, then optionally a timezone in brackets.")
    if cell.name not in kind.columns:
        return _(
            "Unknown column. A %(noun)s file has: %(columns)s.",
            noun=_(kind.noun),
            columns=", ".join(kind.columns),
        )
    if cell.name in layout.position:
        return _("This column appears twice.")
    if cell.zone and cell.name not in ZONED:
        return _("This column takes no timezone.")
    if cell.zone and not is_valid_timezone(cell.zone):
        return _(
            "Unknown timezone “%(zone)s”: use an IANA name such as Europe/Berlin.", zone=cell.zone
        )
    return None


def _cell_value(column: str, text: str, spec: fields.Field, zone: str | None) -> Any:
    """Text to what the JSON API would have received; ``...`` means "leave it out"."""
    if isinstance(spec, fields.List):
        return [part.strip() for part in text.split(";") if part.strip()]
    if not text.strip():
        if spec.allow_none:
            return None
        return "" if isinstance(spec, fields.String) else ...
    if isinstance(spec, fields.Integer):
        return integer_or_text(text)
    if column in NEUTRALISED:
        return unneutralise(text)
    if isinstance(spec, fields.String):
        return text
    text = text.strip()
    if isinstance(spec, fields.DateTime) and zone:
        return _with_zone(text, zone)
    return text


def _with_zone(text: str, zone: str) -> str:
    """A time typed without a UTC offset is read in the timezone its header names."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    return moment.isoformat()


def _payload(specs: dict[str, fields.Field], layout: Layout, cells: list[str]) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    for name, index in layout.position.items():
        if name in IGNORED or name not in specs:
            continue
        value = _cell_value(name, cells[index], specs[name], layout.zone.get(name))
        if value is not ...:
            payload[name] = value
    return payload


def _flatten(messages: dict[str, Any], payload: dict[str, Any]) -> Iterator[tuple[str | None, str]]:
    for name, found in messages.items():
        column = None if name == "_schema" else name
        if isinstance(found, dict):  # reasons per list item, e.g. one unknown technique
            items = payload.get(name) or []
            for index, reasons in found.items():
                value = items[index] if isinstance(index, int) and index < len(items) else ""
                for reason in reasons:
                    yield column, f"“{value}”: {reason}"
        else:
            for reason in found if isinstance(found, list) else [found]:
                yield column, str(reason)


def _refusal(check: Callable[[], object]) -> tuple[str, str] | None:
    """The service's own rules (no future dates...) refuse a single POST with a 422;
    here each becomes one line of the report instead, naming the column to fix."""
    try:
        check()
    except DomainError as error:
        if error.field is None:
            raise
        return error.field, error.reason
    return None


@dataclass
class Row:
    """One good line, ready to be written or skipped."""

    line: int
    client_id: uuid.UUID | None
    values: dict[str, Any]

    def same_as(self, other: Row) -> bool:
        return self.values == other.values


def checked_rows(
    kind: Kind, user: User, records: Iterator[tuple[int, list[str]]], layout: Layout
) -> tuple[list[Row], list[Problem], int]:
    """Every record checked; returns the good rows, the problems and the count of rows."""
    rows: list[Row] = []
    problems: list[Problem] = []
    count = 0
    schema = kind.schema()  # one per file: making a schema costs more than loading a row
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            continue  # spreadsheets leave blank lines at the end
        count += 1
        if len(cells) != layout.width:
            reason = ngettext(
                "Has %(num)s cell; the header has %(width)s.",
                "Has %(num)s cells; the header has %(width)s.",
                len(cells),
                width=layout.width,
            )
            problems.append(Problem(line, None, reason))
            continue
        if layout.ignored:
            if any(
                cells[i].strip() for name, i in layout.ignored.items() if name in EXPERIMENT_COLUMNS
            ):
                layout.experiment_days += 1
            if not any(cells[i].strip() for n, i in layout.position.items() if n != "date"):
                layout.empty_days += 1  # a day in the summary with no check-in
                continue
        row, found = _check_row(kind, schema, user, layout, line, cells)
        problems += found
        if row is not None:
            rows.append(row)
    return rows, problems, count


def _with_format(schema: Schema, column: str | None, reason: str) -> str:
    """The schema's bare "Not a valid date." with the format a file must use."""
    spec = schema.fields.get(column or "")
    if not isinstance(spec, (fields.Date, fields.DateTime)):  # neither is the other
        return reason
    if reason not in spec.make_error("invalid", obj_type=spec.OBJ_TYPE).messages:
        return reason
    return _(DATE_FORMAT) if isinstance(spec, fields.Date) else _(DATETIME_FORMAT)


def _check_row(
    kind: Kind, schema: Schema, user: User, layout: Layout, line: int, cells: list[str]
) -> tuple[Row | None, list[Problem]]:
    payload = _payload(schema.fields, layout, cells)
    try:
        data = schema.load(payload)
    except ValidationError as error:
        assert isinstance(error.messages, dict)
        return None, [
            Problem(line, layout.label(column), _with_format(schema, column, reason))
            for column, reason in sorted(
                _flatten(error.messages, payload), key=lambda found: found[0] or ""
            )
        ]
    if kind is CHECKINS:
        return _checkin_row(user, layout, line, data)
    if kind is PAUSES:
        return _pause_row(layout, line, data)
    if kind is PLANS:
        return _plan_row(user, layout, line, data)
    return _session_row(user, layout, line, data, cells)


def _checkin_row(
    user: User, layout: Layout, line: int, data: dict[str, Any]
) -> tuple[Row | None, list[Problem]]:
    if data.get("date") is None:
        return None, [Problem(line, layout.label("date"), "A check-in needs its date.")]
    refused = _refusal(lambda: check_checkin_date(user, data["date"]))
    if refused:
        return None, [Problem(line, layout.label(refused[0]), refused[1])]
    values = {
        "date": data["date"],
        "pain_left": data.get("pain_left"),
        "pain_right": data.get("pain_right"),
        "stiffness": data.get("stiffness"),
        "warning_signs": sorted(set(data.get("warning_signs") or [])),
        "global_change": data.get("global_change"),
        "notes": data.get("notes") or "",
    }
    return Row(line, data.get("client_id"), values), []


def _pause_row(layout: Layout, line: int, data: dict[str, Any]) -> tuple[Row | None, list[Problem]]:
    """The schema has already checked order and length; an empty start is not "today" here,
    since a file describes days that happened, not the day it was imported."""
    if data.get("start_date") is None:
        return None, [Problem(line, layout.label("start_date"), "A pause needs its first day.")]
    values = {
        "start_date": data["start_date"],
        "end_date": data["end_date"],
        "reason": data["reason"],
        "note": data.get("note") or "",
    }
    return Row(line, None, values), []


def _plan_row(
    user: User, layout: Layout, line: int, data: dict[str, Any]
) -> tuple[Row | None, list[Problem]]:
    """Every value is needed: a plan row with a gap has no meaning to fill it with. A plan
    counts from its day on, so one after today (in your timezone) is not history yet."""
    missing = [name for name in PLANS.required if data.get(name) is None]
    if missing:
        return None, [
            Problem(line, layout.label(name), f"A plan needs its {name}.") for name in missing
        ]
    day: date = data["effective_from"]
    today = local_today(user.timezone)
    if day > today:
        reason = f"Cannot be in the future (your local date is {today.isoformat()})."
        return None, [Problem(line, layout.label("effective_from"), reason)]
    if day < FIRST_RECORD_DAY:
        reason = f"Must be on or after {FIRST_RECORD_DAY.isoformat()}."
        return None, [Problem(line, layout.label("effective_from"), reason)]
    values = {name: data[name] for name in PLANS.required}
    return Row(line, None, values), []


def _session_row(
    user: User, layout: Layout, line: int, data: dict[str, Any], cells: list[str]
) -> tuple[Row | None, list[Problem]]:
    started_at: datetime = data["started_at"]
    refused = _refusal(lambda: check_started_at(started_at))
    if refused:
        return None, [Problem(line, layout.label(refused[0]), refused[1])]
    local_date, reason = _local_date(layout, cells, started_at, user.timezone)
    if reason:
        return None, [Problem(line, layout.label("local_date"), reason)]
    values = {
        "started_at": started_at.astimezone(UTC),
        "local_date": local_date,
        "duration_s": data["duration_s"],
        "foot": data["foot"],
        "techniques": sorted(set(data["techniques"])),
        "pressure": data["pressure"],
        "discomfort": data.get("discomfort"),
        "tool": data.get("tool") or None,
        "notes": data.get("notes") or "",
    }
    return Row(line, data.get("client_id") or session_client_id(values), values), []


def _local_date(
    layout: Layout, cells: list[str], started_at: datetime, timezone: str
) -> tuple[date, str | None]:
    """The day the session counted for when it was logged (kept, so the numbers of the
    original account come back); computed in the importer's timezone when absent."""
    if "local_date" not in layout.position:
        return local_date_of(started_at, timezone), None
    text = cells[layout.position["local_date"]].strip()
    if not text:
        return local_date_of(started_at, timezone), None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return date.min, _(DATE_FORMAT)
    if abs((day - started_at.astimezone(UTC).date()).days) > 1:
        return day, "Is more than a day away from started_at; no timezone is that far from UTC."
    return day, None


def session_fingerprint(values: dict[str, Any]) -> str:
    """A session's content, without its ids and times of writing."""
    return json.dumps(
        [
            values["started_at"].astimezone(UTC).isoformat(),
            values["duration_s"],
            values["foot"],
            sorted(values["techniques"]),
            values["pressure"],
            values["discomfort"],
            values["tool"] or None,
            values["notes"] or "",
        ]
    )


def session_client_id(values: dict[str, Any]) -> uuid.UUID:
    return uuid.uuid5(SESSION_NAMESPACE, session_fingerprint(values))
