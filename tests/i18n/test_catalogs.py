"""The German and Spanish catalogues: complete, current, well-formed, compiled by the app."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from tracker.i18n import catalogs
from tracker.i18n.catalogs import compile_all, compiled_directory, source_files
from tracker.i18n.cli import extract
from tracker.i18n.text import DEFAULT_LANGUAGE, LANGUAGES

TRANSLATED = [language for language in LANGUAGES if language != DEFAULT_LANGUAGE]
SAME_IN_EVERY_LANGUAGE = frozenset({"FirstStep", "OK", "PDF", "CSV", "FHIR", "Excel", "n (eff.)"})
"""Proper names, formats and notation: the same in every language."""
SAME_IN = {
    "de": frozenset(
        {"Offline", "Name", "Start", "Status", "Details", "Pause", "Minuten", "Plan", "Routine"}
    ),
    "es": frozenset({"No", "Total", "Error", "Plan", "%(num)s plan"}),
}
"""Words German or Spanish really write the same as English (checked, not forgotten)."""


def _read(path: Path) -> Catalog:
    with path.open("rb") as fp:
        return read_po(fp)


@pytest.fixture(scope="module")
def code_messages() -> Catalog:
    with tempfile.TemporaryDirectory() as folder:
        pot = Path(folder) / "messages.pot"
        extract(pot)
        return _read(pot)


def _ids(catalog: Catalog) -> set[object]:
    return {(m.id, m.context) for m in catalog if m.id}


def test_every_language_has_a_catalogue() -> None:
    assert sorted(source_files()) == sorted(TRANSLATED)


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogue_holds_exactly_what_the_code_marks(
    code_messages: Catalog, language: str
) -> None:
    """Run ``python manage.py translations`` when this fails."""
    catalog = _read(source_files()[language])
    missing = _ids(code_messages) - _ids(catalog)
    unused = _ids(catalog) - _ids(code_messages)
    assert not missing, (
        f"not in {language}.po (run manage.py translations): {sorted(map(str, missing))[:20]}"
    )
    assert not unused, (
        f"in {language}.po but no longer in the code: {sorted(map(str, unused))[:20]}"
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(language: str) -> None:
    catalog = _read(source_files()[language])
    allowed = SAME_IN_EVERY_LANGUAGE | SAME_IN[language]
    problems = []
    for message in catalog:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        if message.fuzzy or not all(forms):
            problems.append(f"untranslated: {message.id!r}")
        elif forms[0] == sources[0] and sources[0] not in allowed:
            problems.append(f"same as English: {message.id!r}")
    assert problems == [], f"{language}: {len(problems)} problems, e.g. {problems[:15]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_survive_translation(language: str) -> None:
    """A translation that drops or renames ``%(days)s`` would raise on the page."""
    catalog = _read(source_files()[language])
    errors = [(message.id, [str(e) for e in found]) for message, found in catalog.check()]
    assert errors == []


def test_the_app_compiles_stale_catalogues_and_only_those(tmp_path: Path) -> None:
    source = tmp_path / "translations"
    shutil.copytree(Path(source_files()["de"]).parents[2], source)
    for mo in source.rglob("*.mo"):
        mo.unlink()
    compile_all(source, source)
    mo = source / "de" / "LC_MESSAGES" / "messages.mo"
    assert mo.exists()
    before = mo.stat().st_mtime_ns
    compile_all(source, source)
    assert mo.stat().st_mtime_ns == before  # up to date: left alone
    po = source / "de" / "LC_MESSAGES" / "messages.po"
    os.utime(po, ns=(before + 10**9, before + 10**9))
    compile_all(source, source)
    assert mo.stat().st_mtime_ns > before


def test_a_read_only_install_compiles_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "translations"
    shutil.copytree(Path(source_files()["de"]).parents[2], source)
    for mo in source.rglob("*.mo"):
        mo.unlink()
    real = catalogs.compile_catalog

    def refuse_beside_the_source(po: Path, mo: Path) -> None:
        if mo.is_relative_to(source):
            raise PermissionError(13, "Read-only file system", str(mo))
        real(po, mo)

    monkeypatch.setattr(catalogs, "compile_catalog", refuse_beside_the_source)
    target = compiled_directory(source)
    assert target != source
    assert (target / "de" / "LC_MESSAGES" / "messages.mo").exists()
