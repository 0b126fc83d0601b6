"""How pages write dates, times and durations: one module, the Jinja filters with it.

Three date styles, each named for its use, in the reader's language through Babel:

- ``long_date``, "Tuesday 25 November" / "Dienstag, 25. November" / "martes, 25 de
  noviembre": the phone app's own pages, where the day of the week is what a person
  remembers and the year is plain;
- ``full_date``, "25 November 2026" / "25. November 2026": wherever the year matters (a
  share link that may last a year, a report kept in a clinic's file);
- ``short_date``, "25 Nov" / "25. Nov.": tables, lists and chart labels beside a long date.

English pages write the day before the month, as they always have (CLDR's British
English); German and Spanish follow their own CLDR patterns.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_percent
from flask import Blueprint

from tracker.i18n.text import current_locale
from tracker.i18n.text import gettext as _

LONG_DATE: dict[str, str] = {
    "en": "EEEE d MMMM",
    "de": "EEEE, d. MMMM",
    "es": "EEEE, d 'de' MMMM",
}
WITH_YEAR: dict[str, str] = {"en": " y", "de": " y", "es": " 'de' y"}
"""The weekday in full: CLDR's skeletons give German and Spanish only its abbreviation."""
_BRITISH = Locale.parse("en_GB")


def _locale() -> Locale:
    locale = current_locale()
    return _BRITISH if locale.language == "en" else locale


def long_date(day: date, year: bool = False) -> str:
    """'Tuesday 25 November', the way a person says a day this year (with ``year``, a day
    of another year: 'Tuesday 25 November 2025')."""
    locale = _locale()
    pattern = LONG_DATE.get(locale.language)
    if pattern is None:
        return format_skeleton("yMMMMEEEEd" if year else "MMMMEEEEd", day, locale=locale)
    return format_date(day, pattern + (WITH_YEAR[locale.language] if year else ""), locale=locale)


def percent(whole: float) -> str:
    """83 (out of 100) as '83%' / '83 %': German and Spanish put a space before the sign."""
    return format_percent(whole / 100, locale=_locale())


def in_sentence(words: str) -> str:
    """A label ("Travel") inside a sentence: lower case, except German nouns ("Reise")."""
    return words if current_locale().language == "de" else words.lower()


def full_date(day: date) -> str:
    """'25 November 2026': a date read later, or far from today."""
    return format_date(day, "long", locale=_locale())


def short_date(day: date) -> str:
    """'25 Nov': beside a long date, or where space is short."""
    return format_skeleton("MMMd", day, locale=_locale())


def local_time(moment: datetime, timezone: str) -> str:
    """'07:45' on the person's own clock, written the reader's way."""
    return format_time(moment, "short", tzinfo=ZoneInfo(timezone), locale=_locale())


def duration_words(seconds: int) -> str:
    """'5 min 30 s', '5 min', '45 s'."""
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return _("%(minutes)s min %(seconds)s s", minutes=minutes, seconds=rest)
    if minutes:
        return _("%(minutes)s min", minutes=minutes)
    return _("%(seconds)s s", seconds=rest)


FILTERS = (long_date, full_date, short_date, duration_words, percent, in_sentence)


def register_filters(blueprint: Blueprint) -> None:
    """Every template of the app gets the filters by their function's name, through the
    blueprint that serves the app's pages (so a bare API app loads no page helpers)."""
    for formatter in FILTERS:
        blueprint.add_app_template_filter(formatter)
