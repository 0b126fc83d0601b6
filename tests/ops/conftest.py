"""The API tests' look into the database, for checking that hostile input wrote nothing."""

from __future__ import annotations

from tests.api.conftest import rows

__all__ = ["rows"]
