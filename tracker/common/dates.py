"""Date ranges (``?from=&to=``): one earliest date, one cap on length, one error.

Every route that takes a range reads it through here, so a range means the same
on the API, the pages and a share link, and no range can make a request do
unbounded work: the analysis builds one row per day, so a range's length is its
cost. The rules:

- each date is on or after ``EARLIEST`` (1970-01-01) and a real calendar date
  (years up to 9999, which ``date`` itself enforces);
- ``from`` is on or before ``to``;
- once its open ends are filled in, a range covers at most ``MAX_RANGE_DAYS``
  days (twenty years); the report and the FHIR Bundle have tighter caps, here too,
  for the size of what they build, through the same check.

A broken rule raises ``RangeError``; ``range_rules()`` around the resolving call turns
it into the one 422, naming ``from`` or ``to`` with the reason: JSON for the API
(``errors.query``), a page that says it for the browser. Bad values in a page's query
string (``query_dates``) get the same 422.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any, NoReturn

from marshmallow import Schema, ValidationError, fields, validates_schema
from werkzeug.exceptions import UnprocessableEntity

from tracker.timeutil import local_today

EARLIEST = date(1970, 1, 1)
"""The first date a range or a pause may name; it keeps every date sum clear of year 1."""
FIRST_RECORD_DAY = date(2000, 1, 1)
"""The first day a check-in or session may be dated: a mistyped year, not a real diary,
is all that lies before it (ranges reach further back, to 1970, for a pause or a plan)."""
MAX_RANGE_DAYS = 20 * 366
"""Twenty years of days, the longest daily export: the most one request analyses."""
REPORT_MAX_DAYS = 366
"""A report is for one appointment; a year is already more than one page can show."""
FHIR_MAX_DAYS = 5 * 366
"""Five years of mornings (~3,700 Observations) is the most one Bundle is built for in memory."""
DEFAULT_WEEKS = 8
"""The usual span between two physiotherapy reviews: an export's default range."""


class RangeError(ValueError):
    """A range that breaks a rule, with the query field to blame and why."""

    def __init__(self, fields: tuple[str, ...], reason: str) -> None:
        super().__init__(reason)
        self.fields = fields
        self.reason = reason


EARLIEST_REASON = f"Must be on or after {EARLIEST.isoformat()}."


def check_date(day: date) -> None:
    """The earliest date, as a marshmallow field validator (the API's own 422)."""
    if day < EARLIEST:
        raise ValidationError(EARLIEST_REASON)


ORDER_REASON = "'from' must be on or before 'to'."


def check_order(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise RangeError(("from",), ORDER_REASON)


class DateRangeArgs(Schema):
    """``?from=&to=`` on every list and every range: ISO dates, inclusive, in the
    person's local calendar."""

    date_from = fields.Date(
        data_key="from",
        load_default=None,
        validate=check_date,
        metadata={
            "description": "First local date to include (YYYY-MM-DD), on or after "
            f"{EARLIEST.isoformat()} and on or before 'to'."
        },
    )
    date_to = fields.Date(
        data_key="to",
        load_default=None,
        validate=check_date,
        metadata={
            "description": "Last local date to include (YYYY-MM-DD), on or after "
            f"{EARLIEST.isoformat()}. A range that is analysed or exported covers at most "
            f"{MAX_RANGE_DAYS:,} days."
        },
    )

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_: Any) -> None:
        try:
            check_order(data.get("date_from"), data.get("date_to"))
        except RangeError as error:
            raise ValidationError(error.reason, "from") from None


def _check_length(
    start: date, end: date, given: tuple[date | None, date | None], max_days: int
) -> None:
    days = (end - start).days + 1
    if days > max_days:
        named = tuple(
            name for name, value in zip(("from", "to"), given, strict=True) if value is not None
        )
        raise RangeError(
            named or ("from",),
            f"From {start.isoformat()} to {end.isoformat()} is {days:,} days; "
            f"a range covers at most {max_days:,} days.",
        )


def _checked(start: date | None, end: date | None) -> None:
    """What the query schema checks already, again for callers that skip it."""
    for name, day in (("from", start), ("to", end)):
        if day is not None and day < EARLIEST:
            raise RangeError((name,), EARLIEST_REASON)
    check_order(start, end)


def default_range(today: date, first_day: date | None = None) -> tuple[date, date]:
    """The last 8 weeks ending ``today``, from ``first_day`` (of use) if that is later: a
    day before the person began would read as a missed day."""
    start = today - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1)
    if first_day is not None:
        start = min(max(start, first_day), today)
    return start, today


def export_range(
    start: date | None,
    end: date | None,
    today: date,
    *,
    up_to_today: bool = False,
    max_days: int = MAX_RANGE_DAYS,
    first_day: date | None = None,
) -> tuple[date, date]:
    """A range for a file or the report: no dates, the last 8 weeks; only ``to``, the 8
    weeks ending then; only ``from``, up to today. An open ``from`` starts no earlier than
    ``first_day`` (of use), so the days before sign-up never count as missed; a ``from``
    given explicitly is kept. ``up_to_today`` drops the days after today (there is nothing
    to count yet); an empty range (from after today) is kept."""
    _checked(start, end)
    given = (start, end)
    if start is None:
        start = default_range(end or today, first_day)[0]
        start = max(start, EARLIEST)
    if end is None:
        end = max(start, today)
    if up_to_today:
        end = min(end, today)
    if start <= end:
        _check_length(start, end, given, max_days)
    return start, end


def dashboard_range(start: date | None, end: date | None, today: date) -> tuple[date | None, date]:
    """The dashboard's range: up to today, and from the first day of use unless ``from``
    says otherwise (``None`` is returned for the history to fill in, capped there)."""
    _checked(start, end)
    given = (start, end)
    end = min(end or today, today)
    if start is not None:
        start = min(start, end)
        _check_length(start, end, given, MAX_RANGE_DAYS)
    return start, end


def capped_start(first_day: date, end: date) -> date:
    """An open ``from`` is the first day of use, but no further back than the cap."""
    return max(first_day, end - timedelta(days=MAX_RANGE_DAYS - 1))


def record_range(start: date | None, end: date | None) -> tuple[date | None, date | None]:
    """A filter on stored records: either end may stay open (every record); a closed
    range is capped like any other, so every range answers the same rules."""
    _checked(start, end)
    if start is not None and end is not None:
        _check_length(start, end, (start, end), MAX_RANGE_DAYS)
    return start, end


def refuse(problems: Mapping[str, Any], message: str | None = None) -> NoReturn:
    """The one 422 for dates: JSON ``errors.query`` for the API, the sentence for a page."""
    if message is None:
        message = "Check the dates. " + "; ".join(
            f"{field}: {' '.join(map(str, why if isinstance(why, list) else [why]))}"
            for field, why in sorted(problems.items())
        )
    error = UnprocessableEntity(description=message)
    # flask-smorest takes an error's JSON body from ``data``, which werkzeug does not declare.
    error.data = {"message": message, "errors": {"query": dict(problems)}}  # type: ignore[attr-defined]
    raise error


def refuse_range(error: RangeError) -> NoReturn:
    message = f"Check the dates. {' and '.join(error.fields)}: {error.reason}"
    refuse({name: [error.reason] for name in error.fields}, message)


@contextmanager
def range_rules() -> Iterator[None]:
    """Resolve a request's range inside this: a broken rule leaves as the one 422.

    The resolvers above raise ``RangeError`` (plain values in, plain values out, so they
    are tested without a request); this is the one place it becomes an HTTP answer."""
    try:
        yield
    except RangeError as error:
        refuse_range(error)


def query_dates(args: Mapping[str, str]) -> tuple[date | None, date | None]:
    """``from``/``to`` from a page's query string, read by the API's own schema (an empty
    value is no value, as a form with a blank date field sends it)."""
    try:
        loaded = DateRangeArgs().load({k: args[k] for k in ("from", "to") if args.get(k)})
    except ValidationError as error:
        problems = error.normalized_messages()
        assert isinstance(problems, dict)
        refuse(problems)
    return loaded["date_from"], loaded["date_to"]


def report_range(
    args: Mapping[str, str], timezone: str, first_day: date | None = None
) -> tuple[date, date]:
    """``from``/``to`` by the common rules, with the export's 8-week default (from
    ``first_day`` of use, if later: "1 of 56 mornings logged" for a week-old account reads
    as 55 missed) and a cap of a year. A bad value is a 422 page naming the field and the
    reason, never a 500.
    """
    today = local_today(timezone)
    with range_rules():
        start, end = export_range(
            *query_dates(args),
            today,
            up_to_today=True,
            max_days=REPORT_MAX_DAYS,
            first_day=first_day,
        )
        if start > today:  # also a default 8 weeks ending on a 'to' far ahead
            raise RangeError(("from",), "The report cannot start after today.")
    return start, end
