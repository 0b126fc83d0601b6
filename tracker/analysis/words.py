"""Numbers and dates inside the analysis's sentences, in the reader's language.

Every figure goes through ``tracker.i18n.text`` (1.6 in English, 1,6 in German and
Spanish). Rules, the same in every language so that a sentence, its chart and the report
agree:

- A negative number has the true minus sign U+2212 ("−1,6"), as the English sentences
  always had: German and Spanish typography accept it, and a hyphen would break a line
  between the sign and its number.
- Counts of mornings, days and weeks, and percentages, are whole numbers written without
  a thousands separator ("n = 1825 mornings", "1900%"), as the English sentences always
  were.
- Dates are written the reader's way: "3 Mar" / "3. März" / "3 mar"; the English forms are
  the ones the sentences always used.
"""

from __future__ import annotations

from datetime import date

from babel.numbers import format_percent

from tracker.i18n import text

MINUS = "\u2212"

_DATE_PATTERNS: dict[str, dict[str, str]] = {
    "day-month": {"en": "d MMM", "de": "d. MMM", "es": "d 'de' MMM"},
    "long": {"en": "d MMMM y", "de": "d. MMMM y", "es": "d 'de' MMMM 'de' y"},
    "numeric": {"en": "yyyy-MM-dd", "de": "dd.MM.y", "es": "dd/MM/y"},
}
"""CLDR patterns per language; any other language (a new one, the tests' pseudo-language)
gets Babel's own format of the same length (``_FALLBACK``)."""
_FALLBACK = {"day-month": "medium", "long": "long", "numeric": "short"}


def decimal(value: float, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals in the reader's way; a negative one with U+2212."""
    shown = text.number(abs(value), digits)
    return f"{MINUS}{shown}" if value < 0 and float(f"{abs(value):.{digits}f}") != 0 else shown


def points(value: float) -> str:
    """A difference in pain points, without its sign: "1.6 points", "1.0 point"."""
    shown = text.number(abs(value), 1)
    n = 1 if f"{abs(value):.1f}" == "1.0" else 2
    return text.ngettext("%(points)s point", "%(points)s points", n, points=shown)


def percent(value: float) -> str:
    """A whole percentage (42 for 42%): "42%" / "42 %", never grouped ("1900%")."""
    locale = text.current_locale()
    pattern = locale.percent_formats[None].pattern.replace("#,##", "")
    return format_percent(value / 100, format=pattern, locale=locale)


def day(value: date, style: str = "day-month") -> str:
    """``value`` as the sentences write it: ``style`` is day-month, long or numeric."""
    patterns = _DATE_PATTERNS[style]
    return text.date(value, patterns.get(text.current_language(), _FALLBACK[style]))


def not_enough_mornings(more: int) -> str:
    """ "Not enough data yet: 3 more mornings.", for any count the analysis waits for."""
    return text.ngettext(
        "Not enough data yet: %(num)s more morning.",
        "Not enough data yet: %(num)s more mornings.",
        more,
    )
