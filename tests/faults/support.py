"""Real servers for fault tests: gunicorn with the production settings, and a throwaway
PostgreSQL cluster the test may stop and start (the CI's shared one must stay up)."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask_migrate import upgrade

from tests.conftest import make_config
from tracker import PROJECT_ROOT, create_app
from tracker.auth.service import create_user, issue_token
from tracker.extensions import db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(
    condition: Callable[[], object], seconds: float, failure: str | Callable[[], str]
) -> None:
    """Poll until ``condition`` holds, so a test waits only as long as it must, but fails
    with ``failure`` (a callable: written when it fails) instead of hanging when the
    condition never comes."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            why = failure() if callable(failure) else failure
            pytest.fail(f"{why} (after waiting {seconds:.0f} s)")
        time.sleep(0.05)


def prepare_database(url: str) -> str:
    """Migrate ``url`` and make one account; returns its bearer token."""
    app = create_app(make_config(url))
    with app.app_context():
        upgrade()
        user = create_user(f"load-{uuid.uuid4().hex[:8]}@example.com", "a-long-passphrase-1")
        db.session.flush()
        _, token = issue_token(user, "faults")
        db.session.commit()
        db.engine.dispose()
    return token


@dataclass
class Gunicorn:
    """The production command: `gunicorn -c gunicorn.conf.py`, in its own process group."""

    database_url: str
    port: int = field(default_factory=free_port)
    workers: int = 2
    extra_env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    def start(self, log_dir: Path) -> Gunicorn:
        env = {
            **os.environ,
            "FIRSTSTEP_ENV": "production",
            "SECRET_KEY": "fault-test-secret-of-at-least-32-characters",
            "DATABASE_URL": self.database_url,
            "BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(self.workers),
            "RATELIMIT_ENABLED": "0",
            "FORCE_HTTPS": "0",  # plain HTTP on 127.0.0.1; behind TLS in real production
            **self.extra_env,
        }
        self.log = log_dir / f"gunicorn-{self.port}.log"
        with self.log.open("ab") as out:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited: {self.log and self.log.read_text()[-2000:]}")
            try:
                if request(self.port, "GET", "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        pytest.fail(f"gunicorn did not become ready: {self.log and self.log.read_text()[-2000:]}")

    def kill9(self) -> None:
        """SIGKILL to master and workers at once: no graceful anything."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def terminate(self) -> None:
        """SIGTERM without waiting: several servers then shut down side by side."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)


@contextmanager
def gunicorn(database_url: str, log_dir: Path, workers: int = 2) -> Iterator[Gunicorn]:
    server = Gunicorn(database_url, workers=workers).start(log_dir)
    try:
        yield server
    finally:
        server.stop()


def request(
    port: int,
    method: str,
    path: str,
    body: dict[str, Any] | None = None,
    token: str | None = None,
    timeout: float = 10,
    conn: http.client.HTTPConnection | None = None,
) -> tuple[int, Any]:
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        raw = response.read()
        payload = (
            json.loads(raw) if raw and "json" in (response.getheader("Content-Type") or "") else raw
        )
        return response.status, payload
    finally:
        if own:
            conn.close()


def session_body() -> dict[str, Any]:
    return {
        "client_id": str(uuid.uuid4()),
        "started_at": datetime.now(UTC).isoformat(),
        "duration_s": 600,
        "foot": "right",
        "techniques": ["stretch"],
        "pressure": 4,
    }


def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL's server binaries are missing; .ci/run installs them.")
        pytest.skip("PostgreSQL server binaries are not installed (apt-get install postgresql)")
    return found[-1].parent


@dataclass
class PgCluster:
    """initdb in a temp folder, started and stopped by the test itself."""

    root: Path
    port: int = field(default_factory=free_port)
    database: str = "faults_test"

    def __post_init__(self) -> None:
        self.bin = _pg_bin()
        self.data = self.root / "pgdata"
        self.sockets = self.root / "sockets"

    def _run(self, *args: str) -> None:
        command = list(args)
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def init(self) -> PgCluster:
        self.root.mkdir(parents=True, exist_ok=True)
        self.sockets.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.sockets, "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        self.start()
        self.create_database(self.database)
        return self

    def with_database(self, name: str) -> PgCluster:
        """The same running cluster, seen through a new database of its own: one initdb
        serves every fault test, while a test may still count every row of its database."""
        other = PgCluster(self.root, self.port, name)
        other.create_database(name)
        return other

    def create_database(self, name: str) -> None:
        self._run(
            str(self.bin / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            name,
        )

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{self.database}"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")


@dataclass
class Redis:
    """Debian's redis-server on a free port, in memory only: the limiter's shared counts."""

    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> Redis:
        binary = shutil.which("redis-server")
        if binary is None:
            if os.environ.get("CI"):
                pytest.fail(
                    "redis-server is missing; .ci/run installs it (apt-get install redis-server)."
                )
            pytest.skip("redis-server is not installed (apt-get install redis-server)")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.05)
        pytest.fail("redis-server did not start")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)


@dataclass(frozen=True)
class ServerPair:
    """Two gunicorns on one PostgreSQL database and one redis-server, as past one machine:
    the rate limiter's counts and the analysis cache both live in that Redis."""

    a: int
    b: int
    token: str
    """The bearer token of the one account prepare_database made."""
    redis_url: str
    cluster: PgCluster
    """The pair's own database in the run's cluster."""
