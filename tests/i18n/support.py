"""Finding English that was never marked for translation.

A pseudo-language: every message in the catalogue becomes ``⟦message⟧``, under the code
``el``. Greek, because Babel then writes dates, months and numbers in Greek letters: any
Latin word left on a page outside ``⟦…⟧`` is text that did not pass through a
translation, whether a string nobody marked or a date formatted the English way.
"""

from __future__ import annotations

import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from tracker.i18n.cli import extract

PSEUDO = "el"
OPEN, CLOSE = "⟦", "⟧"
VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
ATTRIBUTES = ("alt", "title", "placeholder", "aria-label", "aria-description", "label")
ALWAYS_ALLOWED = frozenset({"FirstStep", "English", "Deutsch", "Español"})
"""Proper names: the product, and each language named in its own words."""
LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ'’-]+")
"""Two or more Latin letters (accents included; Greek is U+0370 on): a lone "A" or "B"
names an experiment's condition, not a word."""
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
"""One translated message with no other inside: nested ones are taken innermost first."""


def pseudo_translations(folder: Path) -> Path:
    """Every marked message of the code, wrapped, compiled as ``folder/el/.../messages.mo``."""
    with tempfile.TemporaryDirectory() as scratch:
        pot = Path(scratch) / "messages.pot"
        extract(pot)
        with pot.open("rb") as fp:
            catalog = read_po(fp, locale=PSEUDO)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(f"{OPEN}{form}{CLOSE}" for form in message.id)
        else:
            message.string = f"{OPEN}{message.id}{CLOSE}"
    target = folder / PSEUDO / "LC_MESSAGES" / "messages.mo"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as fp:
        write_mo(fp, catalog)
    return folder


class _Scanner(HTMLParser):
    def __init__(self, region: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.region = region
        self.stack: list[tuple[str, bool]] = []  # (tag, inside the region)
        self.texts: list[str] = []

    def _inside(self) -> bool:
        return self.region is None or any(flag for _, flag in self.stack)

    def _skipped(self) -> bool:
        return any(tag in ("script", "style") for tag, _ in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        starts = self.region is not None and (found.get("id") == self.region or tag == self.region)
        inside = self._inside() or starts
        if inside and not self._skipped():
            for name in ATTRIBUTES:
                if found.get(name):
                    self.texts.append(found[name] or "")
            if tag == "meta" and found.get("name") == "description":
                self.texts.append(found.get("content") or "")
            if tag == "input" and found.get("type") in ("submit", "button"):
                self.texts.append(found.get("value") or "")
        if tag not in VOID:
            self.stack.append((tag, starts))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if self._inside() and not self._skipped():
            self.texts.append(data)


def untranslated(
    html: str, region: str | None = None, allowed: frozenset[str] = frozenset()
) -> list[str]:
    """The texts of ``html`` (or of the element with id or tag ``region``) that hold a Latin
    word outside ``⟦…⟧``: each is English that no translation would ever change."""
    scanner = _Scanner(region)
    scanner.feed(html)
    found = []
    for text in scanner.texts:
        rest, found_one = MARKED.subn(" ", text)
        while found_one:  # "⟦⟦a⟧ and ⟦b⟧⟧": a message with translated ones filled in
            rest, found_one = MARKED.subn(" ", rest)
        words = [w for w in LATIN_WORD.findall(rest) if w not in ALWAYS_ALLOWED | allowed]
        if words:
            found.append(" ".join(text.split()))
    return found
