"""The API tests' look into the database, for checking what an import wrote."""

from __future__ import annotations

from tests.api.conftest import rows

__all__ = ["rows"]
