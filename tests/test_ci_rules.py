"""The rules that let CI run the PostgreSQL pass on fewer tests without losing any: a test
that does not ask for the database runs with ``DATABASE_URL`` unset (so it does the same
in both passes), one that asks is marked ``db``, and on CI a skipped test fails the run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tracker import PROJECT_ROOT

TESTS = """
import os
import pytest

def test_pure(request):
    assert "DATABASE_URL" not in os.environ
    assert request.node.get_closest_marker("db") is None

def test_with_the_database(request, database_url):
    assert request.node.get_closest_marker("db") is not None

def test_skipped():
    pytest.skip("a tool is missing")
"""


def test_the_conftest_unsets_database_url_marks_db_and_fails_a_skip_on_ci(
    tmp_path: Path,
) -> None:
    (tmp_path / "test_sample.py").write_text(TESTS)
    env = {**os.environ, "CI": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.conftest", "-q", str(tmp_path)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert "2 passed, 1 skipped" in result.stdout, result.stdout + result.stderr
    assert "1 test(s) were skipped, so the run fails" in result.stdout
    assert result.returncode == 1
