"""An app that also speaks the pseudo-language of ``support.py``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.conftest import make_config
from tests.i18n.support import PSEUDO, pseudo_translations
from tracker import create_app
from tracker.extensions import db
from tracker.i18n import text
from tracker.i18n.catalogs import compiled_directory


@pytest.fixture(scope="session")
def pseudo_folder(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(pseudo_translations(tmp_path_factory.mktemp("pseudo")))


@pytest.fixture(scope="session")
def _pseudo_app_built(app: Flask, database_url: str, pseudo_folder: str) -> Iterator[Flask]:
    """Built once per run, as ``app`` is (an app costs a few hundred ms to build); the
    language list it answers in is read per request, so ``pseudo_app`` extends it per test."""
    folders = f"{compiled_directory()};{pseudo_folder}"
    built = create_app(make_config(database_url, BABEL_TRANSLATION_DIRECTORIES=folders))
    yield built
    with built.app_context():
        db.engine.dispose()


@pytest.fixture
def pseudo_app(_pseudo_app_built: Flask, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """Pages asked for with ``Accept-Language: el`` come back in the pseudo-language (the
    database is the one ``app`` migrated)."""
    monkeypatch.setattr(text, "LANGUAGES", (*text.LANGUAGES, PSEUDO))
    return _pseudo_app_built
