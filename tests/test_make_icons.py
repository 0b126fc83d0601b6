"""scripts/make_icons.py, a development tool outside the shipped package, still draws
the icons that are committed (so a design change is a change to the script)."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_icon_script_is_not_in_the_package() -> None:
    assert not (ROOT / "tracker" / "web" / "make_icons.py").exists()


@pytest.mark.parametrize(
    ("name", "maskable"), [("icon-192.png", False), ("maskable-192.png", True)]
)
def test_the_script_draws_the_committed_icons(name: str, maskable: bool) -> None:
    script = runpy.run_path(str(ROOT / "scripts" / "make_icons.py"))
    drawn = script["png"](192, script["render"](192, maskable))
    assert drawn == (ROOT / "static" / "icons" / name).read_bytes()
