"""Words and numbers in the reader's language, for code that must not import Flask.

The analysis writes sentences ("Your pain went down 1.6 points") but is plain Python with
no Flask (see ``pyproject.toml``'s import contracts). It asks this module for its words:
inside a request they come from Flask-Babel (``web.py`` installs the provider once per
app), so a page, its charts and its sentences always agree on one language; anywhere
else (the command line, a test, a worker) they are English unless ``using("de")`` says
otherwise.

Mark every user-visible string with ``gettext``/``ngettext``/``pgettext`` (``_`` for
short) so ``pybabel extract`` finds it; format numbers and dates with the helpers here,
never with ``f"{x:.1f}"`` (German and Spanish write 1,6).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from functools import cache
from gettext import NullTranslations
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date as _format_date
from babel.numbers import NumberPattern, parse_pattern
from babel.numbers import format_percent as _format_percent
from babel.support import Translations

LANGUAGES: tuple[str, ...] = ("en", "de", "es")
"""What a person can choose; English is the source language and the fallback."""
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "de": "Deutsch", "es": "Español"}
"""Each language in its own words: a person who cannot read the current one finds theirs."""
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"

Provider = Callable[[], "tuple[NullTranslations, Locale] | None"]
_provider: Provider | None = None
_override: ContextVar[tuple[NullTranslations, Locale] | None] = ContextVar(
    "firststep_language", default=None
)


def install_provider(provider: Provider) -> None:
    """Called once by the web layer: where the current request's language comes from."""
    global _provider
    _provider = provider


@cache
def translations_for(language: str) -> NullTranslations:
    """The compiled catalogue for ``language`` (English: none; the source strings are English)."""
    if language == DEFAULT_LANGUAGE:
        return NullTranslations()
    from tracker.i18n.catalogs import compiled_directory

    return Translations.load(str(compiled_directory()), [language])


def _current() -> tuple[NullTranslations, Locale]:
    forced = _override.get()
    if forced is not None:
        return forced
    if _provider is not None:
        found = _provider()
        if found is not None:
            return found
    return NullTranslations(), Locale.parse(DEFAULT_LANGUAGE)


@contextmanager
def using(language: str) -> Iterator[None]:
    """Words and numbers in ``language`` inside the block, whatever the request says: a
    push to someone else, a test of a German sentence, a report for a physiotherapist."""
    token = _override.set((translations_for(language), Locale.parse(language)))
    try:
        yield
    finally:
        _override.reset(token)


def current_language() -> str:
    return _current()[1].language


def current_locale() -> Locale:
    return _current()[1]


def gettext(message: str, **variables: Any) -> str:
    """``message`` translated; ``%(name)s`` placeholders filled from ``variables``."""
    text = _current()[0].gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: Any) -> str:
    """The form for ``n``; ``%(num)s`` is ``n`` written in the reader's way."""
    text = _current()[0].ngettext(singular, plural, n)
    return text % {"num": number(n, 0), **variables}


def pgettext(context: str, message: str, **variables: Any) -> str:
    """For one English word that other languages translate two ways by its use."""
    text = _current()[0].pgettext(context, message)
    return text % variables if variables else text


_ = gettext


def N_(message: str) -> str:
    """Marks a string for extraction only; it is translated where it is shown."""
    return message


def number(value: float, decimals: int = 1) -> str:
    """1.6 in English, 1,6 in German and Spanish; ``decimals`` digits, always shown."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    # Rounded as f"{x:.1f}" rounds (the float's binary value); Babel alone rounds the
    # float's shortest text, and 0.35 would read 0.4 here but 0.3 in English elsewhere.
    rounded = Decimal(f"{value:.{decimals}f}")
    return _number_pattern(pattern).apply(rounded, current_locale())


@cache
def _number_pattern(pattern: str) -> NumberPattern:
    """Babel's ``format_decimal`` parses its pattern on every call, five times the cost of
    writing the number (62 against 12 us): a dashboard writes a few hundred numbers from
    three patterns. ``apply``'s defaults are ``format_decimal``'s."""
    return parse_pattern(pattern)


def percent(value: float) -> str:
    """A share (0.83) as a whole percent: 83% / 83 % (German and Spanish put a space)."""
    return _format_percent(value, locale=current_locale())


def date(value: dt.date, format: str = "medium") -> str:
    """A date in the reader's way: ``format`` is a Babel format name or a CLDR pattern."""
    return _format_date(value, format=format, locale=current_locale())
