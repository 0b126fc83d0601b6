"""``python manage.py translations``: the catalogues brought up to date with the code.

One command instead of three pybabel calls with the right flags: extract every marked
string (Python, templates, scripts) into a template, then add the new messages to each
language's ``.po`` (empty, for a translator) and drop the ones the code no longer uses.
No line numbers and sorted output: two people adding strings in different files do not
collide in the ``.po`` files. The app compiles the ``.po`` files itself (``catalogs.py``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface

from tracker.i18n.catalogs import DOMAIN, SOURCE_DIR
from tracker.i18n.text import DEFAULT_LANGUAGE, LANGUAGES

ROOT = SOURCE_DIR.parent.parent
KEYWORDS = ("lazy_gettext", "t", "tn:1,2")
"""Beyond pybabel's defaults (_, gettext, ngettext, pgettext, N_...): scripts' t() and tn()."""


def extract(pot: Path) -> None:
    """Every marked message in the code, into ``pot``."""
    args = ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-o", str(pot)]
    for keyword in KEYWORDS:
        args += ["-k", keyword]
    args += ["--no-location", "--sort-output", "--add-comments=Translators:"]
    args += ["--project=FirstStep", "--msgid-bugs-address=", str(ROOT)]
    CommandLineInterface().run(args)


@click.command("translations")
def translations_command() -> None:
    """Extract the marked strings and update the German and Spanish catalogues."""
    with tempfile.TemporaryDirectory() as folder:
        pot = Path(folder) / f"{DOMAIN}.pot"
        extract(pot)
        for language in LANGUAGES:
            if language == DEFAULT_LANGUAGE:
                continue
            po = SOURCE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
            command = "update" if po.exists() else "init"
            args = ["pybabel", "-q", command, "-i", str(pot), "-d", str(SOURCE_DIR)]
            args += ["-l", language, "--no-wrap"]
            if command == "update":
                args += ["--no-fuzzy-matching", "--ignore-obsolete"]
            CommandLineInterface().run(args)
            click.echo(f"{po.relative_to(ROOT)}: {_untranslated(po)} messages to translate")


def _untranslated(po: Path) -> int:
    from babel.messages.pofile import read_po

    with po.open("rb") as fp:
        catalog = read_po(fp)
    return sum(1 for m in catalog if (m.id and not m.string) or (m.id and m.fuzzy))
