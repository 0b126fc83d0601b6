"""Each request's language, through Flask-Babel.

The choice, first match wins: the language saved on the account (Settings); the ``lang``
cookie (chosen before signing in, or on a device that is not signed in); the browser's
``Accept-Language``; English. A shared view is read by a physiotherapist, not by the
patient who made the link, so it never uses the account's language: only the reader's
own cookie and browser.
"""

from __future__ import annotations

import os
from gettext import NullTranslations

from babel import Locale
from flask import Flask, Response, has_app_context, has_request_context, request
from flask_babel import get_locale, get_translations, refresh
from flask_login import current_user

from tracker.extensions import babel
from tracker.i18n import text
from tracker.i18n.catalogs import compiled_directory

COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
READER_CHOOSES = frozenset({"sharing_pages"})
"""Blueprints read by someone other than the account holder."""


def supported(value: str | None) -> str | None:
    """``value`` if it is a language FirstStep speaks, else None."""
    return value if value in text.LANGUAGES else None


def select_language() -> str | None:
    if not has_request_context():
        return None  # Flask-Babel's default, English: commands and workers use text.using()
    if request.blueprint not in READER_CHOOSES and current_user.is_authenticated:
        chosen = supported(getattr(current_user, "language", None))
        if chosen:
            return chosen
    chosen = supported(request.cookies.get(COOKIE))
    if chosen:
        return chosen
    return request.accept_languages.best_match(text.LANGUAGES, default=text.DEFAULT_LANGUAGE)


def _provider() -> tuple[NullTranslations, Locale] | None:
    if not has_app_context():
        return None
    locale = get_locale()
    if locale is None:
        return None
    return get_translations(), locale


def _fresh_choice() -> None:
    """A test may hold one app context over many requests: choose again for each one."""
    refresh()


def _vary(response: Response) -> Response:
    """The same URL answers in several languages: no cache may hand one to another reader."""
    if response.mimetype in ("text/html", "application/json"):
        response.vary.add("Accept-Language")
    return response


def init_i18n(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(compiled_directory()))
    babel.init_app(app, locale_selector=select_language)
    text.install_provider(_provider)
    app.before_request(_fresh_choice)
    app.after_request(_vary)
    app.jinja_env.globals.update(
        language_names=text.LANGUAGE_NAMES,
        current_language=text.current_language,
    )
    app.jinja_env.policies["ext.i18n.trimmed"] = True


_js_messages: dict[tuple[str, int], list[tuple[str, str | None]]] = {}
JS_KEYWORDS = {"t": None, "tn": (1, 2)}
"""``t("Saved")``, ``tn("%(num)s day", "%(num)s days", n)`` in ``static/js`` (lib/i18n.js)."""


def js_messages(path: str) -> list[tuple[str, str | None]]:
    """The (singular, plural) messages a script asks for, read again only when it changes."""
    from babel.messages.extract import extract

    stat = os.stat(path)
    key = (path, stat.st_mtime_ns)
    if key not in _js_messages:
        with open(path, "rb") as fp:
            found = extract("javascript", fp, keywords=JS_KEYWORDS, comment_tags=())
            _js_messages[key] = [
                (m[0], m[1]) if isinstance(m, tuple) else (m, None) for _, m, _, _ in found
            ]
    return _js_messages[key]


def js_catalog(paths: list[str]) -> dict[str, str | list[str]]:
    """What the page's scripts say, in the page's language: only the messages whose
    translation differs, so an English page carries nothing. A plural message maps its
    singular to both forms (German and Spanish, like English, have two)."""
    if text.current_language() == text.DEFAULT_LANGUAGE:
        return {}
    translations = get_translations()
    catalog: dict[str, str | list[str]] = {}
    for path in paths:
        for singular, plural in js_messages(path):
            if plural is None:
                translated = translations.gettext(singular)
                if translated != singular:
                    catalog[singular] = translated
            else:
                forms = [translations.ngettext(singular, plural, n) for n in (1, 2)]
                if forms != [singular, plural]:
                    catalog[singular] = forms
    return catalog
