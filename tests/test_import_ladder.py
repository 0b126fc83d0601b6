"""The import ladder of the README ("How the code is laid out"), held by import-linter.

The contracts live in pyproject.toml; this runs ``lint-imports`` over the real package,
then over a copy with one deliberate violation per contract, so a contract that could
never fail would show here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which(
    "lint-imports"
)
"""import-linter's command, beside this Python first (the project's venv), else on PATH."""


def _lint(project: Path) -> subprocess.CompletedProcess[str]:
    assert LINT_IMPORTS is not None, "lint-imports is missing: pip install -e '.[test]'"
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_import_ladder_holds() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract", "chain"),
    [
        (
            "tracker/export/service.py",
            "from tracker.dashboard.routes import pages",
            "Nothing imports a routes module",
            "tracker.export.service -> tracker.dashboard.routes",
        ),
        (
            "tracker/history.py",
            "from tracker.dashboard.service import dashboard_data",
            "The core (history, analysis, charts, models, common) imports no feature",
            "tracker.history -> tracker.dashboard.service",
        ),
        (
            "tracker/analysis/stats.py",
            "import flask",
            "The analysis is plain Python",
            "tracker.analysis.stats -> flask",
        ),
    ],
)
def test_a_step_up_the_ladder_breaks_its_contract(
    tmp_path: Path, module: str, line: str, contract: str, chain: str
) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        ROOT / "tracker",
        tmp_path / "tracker",
        ignore=shutil.ignore_patterns("__pycache__", "templates", "*.xz"),
    )
    with (tmp_path / module).open("a", encoding="utf-8") as source:
        source.write(f"\n{line}  # a deliberate violation\n")

    result = _lint(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Contracts: 2 kept, 1 broken." in result.stdout
    broken = result.stdout.split("Broken contracts", 1)[1]
    assert contract in broken
    assert chain in broken
