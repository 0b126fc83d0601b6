"""The translations as the app reads them: ``.mo`` files compiled from the ``.po`` files.

Only the ``.po`` files are kept in git (a ``.mo`` is a build product that could silently
fall behind its source). They are compiled when the app starts and whenever a ``.po`` is
newer than its ``.mo``, beside the source when the package folder is writable, otherwise
once per process into a temporary folder. Each file is written whole and then renamed,
so a second server starting at the same moment never reads half a catalogue.
"""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

SOURCE_DIR = Path(__file__).resolve().parent.parent / "translations"
DOMAIN = "messages"


def source_files(source: Path = SOURCE_DIR) -> dict[str, Path]:
    """Each language's ``.po`` file, by language code."""
    return {po.parent.parent.name: po for po in sorted(source.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))}


def compile_catalog(po: Path, mo: Path) -> None:
    """``po`` compiled to ``mo`` (fuzzy entries left out: a guess is not a translation)."""
    with po.open("rb") as fp:
        catalog = read_po(fp, locale=po.parent.parent.name)
    mo.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=mo.parent, prefix=".", suffix=".mo")
    try:
        with os.fdopen(fd, "wb") as out:
            write_mo(out, catalog, use_fuzzy=False)
        os.replace(tmp, mo)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _stale(po: Path, mo: Path) -> bool:
    return not mo.exists() or mo.stat().st_mtime_ns < po.stat().st_mtime_ns


def compile_all(source: Path, target: Path) -> Path:
    for language, po in source_files(source).items():
        mo = target / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if _stale(po, mo):
            compile_catalog(po, mo)
    return target


@cache
def _fallback_directory() -> Path:
    return Path(tempfile.mkdtemp(prefix="firststep-translations-"))


def compiled_directory(source: Path = SOURCE_DIR) -> Path:
    """Where the compiled catalogues are, compiling any that are missing or stale."""
    try:
        return compile_all(source, source)
    except OSError:  # a read-only install: compile into a folder of our own
        return compile_all(source, _fallback_directory())
