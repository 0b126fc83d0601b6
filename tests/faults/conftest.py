"""Fault tests start real servers; they are slow by nature, so each stays bounded."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.support import PgCluster


@pytest.fixture(scope="module")
def pg_cluster() -> Iterator[PgCluster]:
    # Not under pytest's tmp_path: its parent is private to root, and postgres must enter.
    root = Path(tempfile.mkdtemp(prefix="firststep-faults-pg-"))
    root.chmod(0o755)  # mkdtemp's 0700 would keep the postgres user out
    cluster = PgCluster(root / "cluster").init()
    try:
        yield cluster
    finally:
        with contextlib.suppress(Exception):  # already stopped by a test that failed half-way
            cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
