"""Fault tests start real servers; they are slow by nature, so each stays bounded.

A gunicorn start costs seconds of imports and an initdb more, so what tests can share
is started once: one PostgreSQL cluster for the whole run (each module gets a database
of its own in it), and one pair of app servers for the tests about two servers.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.faults.support import Gunicorn, PgCluster, Redis, ServerPair, prepare_database


@pytest.fixture(scope="session")
def _pg_server() -> Iterator[PgCluster]:
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


def _fresh(cluster: PgCluster) -> PgCluster:
    return cluster.with_database(f"faults_{uuid.uuid4().hex[:8]}")


@pytest.fixture(scope="module")
def pg_cluster(_pg_server: PgCluster) -> PgCluster:
    """The run's cluster, with a database of this module's own: a test may stop and
    start the cluster (it must leave it running), and count every row of its database."""
    return _fresh(_pg_server)


@pytest.fixture(scope="session")
def _server_pair(
    _pg_server: PgCluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerPair]:
    cluster = _fresh(_pg_server)
    shared = Redis().start()
    token = prepare_database(cluster.url)
    env = {
        "RATELIMIT_ENABLED": "1",
        "RATELIMIT_STORAGE_URI": shared.url,
        "CACHE_REDIS_URL": shared.url,
    }
    logs = tmp_path_factory.mktemp("server-pair")
    servers = [Gunicorn(cluster.url, extra_env=env) for _ in range(2)]
    try:
        for server in servers:
            server.start(logs)
        yield ServerPair(servers[0].port, servers[1].port, token, shared.url, cluster)
    finally:
        for server in servers:
            server.terminate()  # both shut down side by side
        for server in servers:
            server.stop()
        shared.stop()


@pytest.fixture
def server_pair(_server_pair: ServerPair) -> ServerPair:
    """The pair, with Redis emptied: no rate-limit count or cached answer of an earlier
    test is left (the database's rows are, so a test counts only what it wrote)."""
    redis.Redis.from_url(_server_pair.redis_url).flushall()
    return _server_pair
