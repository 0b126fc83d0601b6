"""The API tests' look into the database, for the push tests too."""

from __future__ import annotations

from tests.api.conftest import rows

__all__ = ["rows"]
