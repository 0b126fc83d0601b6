"""How pages write dates, times and durations: one module, the Jinja filters with it.

Three date styles, each named for its use, built from ``day.day`` so no page depends on
a platform's ``strftime`` padding (``%-d`` exists on Linux only):

- ``long_date``, "Tuesday 25 November": the phone app's own pages, where the day
  of the week is what a person remembers and the year is plain;
- ``full_date``, "25 November 2026": wherever the year matters (a share link that may
  last a year, a report kept in a clinic's file);
- ``short_date``, "25 Nov": tables, lists and chart labels beside a long date.

The report's numbers (pain, percentages, effects) have their own formatters beside
its page, since they follow the dashboard's rounding, not the calendar.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Blueprint


def long_date(day: date) -> str:
    """'Tuesday 25 November', the way a person says a day this year."""
    return f"{day:%A} {day.day} {day:%B}"


def full_date(day: date) -> str:
    """'25 November 2026': a date read later, or far from today."""
    return f"{day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    """'25 Nov': beside a long date, or where space is short."""
    return f"{day.day} {day:%b}"


def local_time(moment: datetime, timezone: str) -> str:
    """'07:45' on the person's own clock."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%H:%M")


def duration_words(seconds: int) -> str:
    """'5 min 30 s', '5 min', '45 s'."""
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return f"{minutes} min {rest} s"
    return f"{minutes} min" if minutes else f"{rest} s"


FILTERS = (long_date, full_date, short_date, duration_words)


def register_filters(blueprint: Blueprint) -> None:
    """Every template of the app gets the filters by their function's name, through the
    blueprint that serves the app's pages (so a bare API app loads no page helpers)."""
    for formatter in FILTERS:
        blueprint.add_app_template_filter(formatter)
