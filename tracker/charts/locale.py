"""Dates and numbers in the charts, written the reader's way.

Plotly writes the axes' dates and the hover labels' numbers itself, with d3's formats;
some hover labels are written here in Python. Both must read alike ("Fr., 27. Nov. 2026",
"1,6"), so each language has one date style in both notations, and Plotly is handed
Babel's own day and month names (``plotly_locale``) rather than a second set of its own.
Plotly's locale file for the language (``static/vendor``, served from our origin) adds
the words of its own interface, such as "Double-click to zoom back out".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import get_decimal_symbol, get_group_symbol

from tracker.i18n import text
from tracker.i18n.text import DEFAULT_LANGUAGE, current_language


@dataclass(frozen=True, slots=True)
class DateStyle:
    tick: str
    """An axis tick, d3: "27 Nov", "27. Nov."."""
    hover: str
    """A hover label, d3: "Fri 27 Nov 2026", "Fr., 27. Nov. 2026"."""
    cldr: str
    """The hover label again as Babel's pattern, for the labels written in Python."""
    short: str
    """A day in a sentence, Babel's pattern: "27 Nov", "27. Nov."."""


DATE_STYLES: dict[str, DateStyle] = {
    "en": DateStyle("%-d %b", "%a %-d %b %Y", "EEE d MMM y", "d MMM"),
    "de": DateStyle("%-d. %b", "%a, %-d. %b %Y", "EEE, d. MMM y", "d. MMM"),
    "es": DateStyle("%-d %b", "%a, %-d %b %Y", "EEE, d MMM y", "d MMM"),
}
"""German puts a full stop after the day; both German and Spanish a comma after the weekday.
Any other language (the tests' pseudo-language) writes English's order in its own words."""

PLOTLY_LOCALE_FILES: dict[str, str] = {
    "de": "vendor/plotly-locale-de-4.1.1.js",
    "es": "vendor/plotly-locale-es-4.1.1.js",
}
"""plotly.js's own locale files, from the plotly.js 4.1.1 package (``dist/``), unchanged."""


@contextmanager
def pinned_language() -> Iterator[None]:
    """The request's language looked up once for a whole chart. A chart asks for words,
    numbers and dates thousands of times (a 5-year calendar labels 1,800 days), and each
    look-up through Flask-Babel costs as much as the label itself."""
    token = text._override.set(text._current())
    try:
        yield
    finally:
        text._override.reset(token)


def date_style(language: str | None = None) -> DateStyle:
    return DATE_STYLES.get(language or current_language(), DATE_STYLES[DEFAULT_LANGUAGE])


@lru_cache(maxsize=32768)
def _hover_date(day: date, language: str) -> str:
    if language == DEFAULT_LANGUAGE:
        return f"{day:%a} {day.day} {day:%b %Y}"  # as Babel writes it, without its cost
    return format_date(day, date_style(language).cldr, locale=language)


def hover_date(day: date) -> str:
    """A date as Plotly writes it in a hover label with :attr:`DateStyle.hover`."""
    return _hover_date(day, current_language())


def hover_dates(days: Iterable[date]) -> list[str]:
    """:func:`hover_date` of each day, the reader's language looked up once for them all:
    a 5-year dashboard labels about 5,000 points, and each look-up cost as much as the
    remembered label itself."""
    language = current_language()
    return [_hover_date(day, language) for day in days]


def short_date(day: date) -> str:
    """'23 Nov', '23. Nov.': a day in a chart's sentence."""
    language = current_language()
    if language == DEFAULT_LANGUAGE:
        return f"{day.day} {day:%b}"
    return format_date(day, date_style(language).short, locale=language)


@cache
def separators(language: str) -> str:
    """Plotly's ``layout.separators``: the decimal mark, then the thousands mark."""
    return get_decimal_symbol(language) + get_group_symbol(language)


@cache
def weekday_names(language: str) -> tuple[str, ...]:
    """Monday to Sunday, as short as a calendar's row label ("Mo", "lun")."""
    names = Locale.parse(language).days["stand-alone"]["abbreviated"]
    return tuple(str(names[i]) for i in range(7))


@cache
def first_weekday(language: str) -> int:
    """The week's first day in ``language``'s calendar, 0 for Monday (Babel's CLDR data)."""
    return int(Locale.parse(language).first_week_day)


@cache
def plotly_locale(language: str) -> dict[str, Any] | None:
    """What ``config.locales`` needs for ``language`` (None for English, Plotly's own):
    Babel's day and month names, Sunday first as d3 counts."""
    if language == DEFAULT_LANGUAGE:
        return None
    locale = Locale.parse(language)
    days, months = locale.days["format"], locale.months["format"]
    sunday_first = (6, 0, 1, 2, 3, 4, 5)
    return {
        "format": {
            "days": [str(days["wide"][i]) for i in sunday_first],
            "shortDays": [str(days["abbreviated"][i]) for i in sunday_first],
            "months": [str(months["wide"][i]) for i in range(1, 13)],
            "shortMonths": [str(months["abbreviated"][i]) for i in range(1, 13)],
            "decimal": get_decimal_symbol(language),
            "thousands": get_group_symbol(language),
        }
    }
