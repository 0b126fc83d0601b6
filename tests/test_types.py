"""The type checker over tracker/, so the one test command covers it as CI's lint does."""

from __future__ import annotations

from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parent.parent


def test_tracker_type_checks_clean() -> None:
    stdout, stderr, status = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), str(ROOT / "tracker")]
    )
    assert status == 0, stdout + stderr
    assert stdout.startswith("Success: no issues found"), stdout
