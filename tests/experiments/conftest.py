"""The API tests' look into the database, for the experiments' tests too."""

from tests.api.conftest import rows

__all__ = ["rows"]
