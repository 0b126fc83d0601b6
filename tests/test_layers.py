"""The service layer's two rules, checked on the source so a new module keeps them too:

- a service says no in the diary's terms (``DomainError``), never with an HTTP error, so
  the CSV import and the CLI can call it and read the field and the reason;
- a service commits, a view does not: one layer decides where a unit of work ends.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

TRACKER = Path(__file__).resolve().parent.parent / "tracker"

SERVICES = sorted(TRACKER.glob("*/service.py"))
BELOW_THE_VIEWS = [
    *SERVICES,
    TRACKER / "common" / "errors.py",
    TRACKER / "common" / "ownership.py",
    TRACKER / "imports" / "rows.py",
]
"""Code that runs for a request but also outside one (the import checks each line)."""

COMMITTERS = {*SERVICES, TRACKER / "cli.py"}
"""Where a unit of work ends: a service, or a CLI command (which is its own request)."""

HTTP_ERRORS = ("werkzeug", "flask_smorest.abort", "flask.abort")


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def _is_http_error(name: str) -> bool:
    return any(name == banned or name.startswith(banned + ".") for banned in HTTP_ERRORS)


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(TRACKER.parent)}:{line}"


def test_the_rule_sees_every_service() -> None:
    names = {path.parent.name for path in SERVICES}
    assert {"checkins", "pauses", "imports", "care_sessions", "account", "sharing"} <= names


@pytest.mark.parametrize("path", BELOW_THE_VIEWS, ids=lambda p: str(p.relative_to(TRACKER)))
def test_no_service_raises_an_http_error(path: Path) -> None:
    found = [
        f"{_where(path, line)} imports {name}"
        for line, name in _imports(path)
        if _is_http_error(name)
    ]
    assert found == []


def test_the_domain_error_module_knows_nothing_of_the_web() -> None:
    path = TRACKER / "common" / "errors.py"
    web = ("flask", "flask_smorest", "werkzeug", "webargs")
    assert [name for _, name in _imports(path) if name.split(".")[0] in web] == []


def _commits(path: Path) -> Iterator[int]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "commit"
        ):
            yield node.lineno


def test_only_services_commit() -> None:
    outside = [
        _where(path, line)
        for path in sorted(TRACKER.rglob("*.py"))
        if path not in COMMITTERS
        for line in _commits(path)
    ]
    assert outside == []


def test_the_checks_would_catch_a_view_that_breaks_them(tmp_path: Path) -> None:
    """The walkers find what they look for: a rule that sees nothing proves nothing."""
    view = tmp_path / "routes.py"
    view.write_text(
        "from flask_smorest import abort\n"
        "from werkzeug.exceptions import Conflict\n"
        "def delete():\n"
        "    db.session.commit()\n",
        encoding="utf-8",
    )
    assert [name for _, name in _imports(view) if _is_http_error(name)] == [
        "flask_smorest.abort",
        "werkzeug.exceptions",
        "werkzeug.exceptions.Conflict",
    ]
    assert list(_commits(view)) == [4]
