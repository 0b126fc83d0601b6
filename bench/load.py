"""Load against a bare baseline: the production command under wrk, on SQLite and PostgreSQL.

For each database this starts two servers with the same gunicorn settings
(gunicorn.conf.py): the real app, and bench/baseline_app.py, which writes the
same rows with no auth, validation or idempotency. wrk then drives each with
16 connections for a fixed time, all on 127.0.0.1: POST a check-in and POST a
session with a bearer token (every request a new client_id), GET the session
list, GET the summary and GET the dashboard of a person with the 180-day demo diary
(served from the analysis cache after the first load; the baseline runs one aggregate
query). Printed: req/s, p50 and p99 latency, non-2xx responses, the app's ratio to the
baseline, and beside each GET its uncached cost (the cache emptied first: the first load
after a write), timed in-process.

Goals (issue 17): POSTs and the session list at >= 0.6 of the baseline's req/s with p99
<= 2x the baseline's, the cached summary and dashboard at >= 0.6, zero non-2xx. Each
figure is the median of `--rounds` alternating runs (default 5).

    python bench/load.py                 # SQLite, and PostgreSQL if its binaries exist
    python bench/load.py --seconds 20 --connections 16
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from bench import baseline_app  # noqa: E402
from tests.conftest import make_config  # noqa: E402
from tests.faults.support import PgCluster, free_port, request  # noqa: E402
from tracker import create_app  # noqa: E402
from tracker.auth.service import create_user, issue_token  # noqa: E402
from tracker.cli import _write_demo  # noqa: E402
from tracker.demo import generate_demo  # noqa: E402
from tracker.extensions import cache, db  # noqa: E402
from tracker.timeutil import local_today  # noqa: E402

WRITERS = 8
"""People per wrk run of POST check-in: one check-in a morning each, so a run walks their
mornings back from yesterday, and every app run gets people of its own."""
HISTORY_DAYS = 180
ENDPOINTS = (
    ("POST check-in", "/api/v1/checkins", "post.lua", "checkin"),
    ("POST session", "/api/v1/sessions", "post.lua", "session"),
    ("GET sessions", "/api/v1/sessions", "get.lua", None),
    ("GET summary", "/api/v1/stats/summary", "get.lua", None),
    ("GET dashboard", "/api/v1/dashboard", "get.lua", None),
)
CACHED = ("GET summary", "GET dashboard")
"""Served from the analysis cache between writes; their uncached cost is printed beside."""
UNCACHED_RUNS = 7


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad: int


def prepare_app_database(url: str, groups: int) -> tuple[str, list[list[str]]]:
    """Migrate; one reader with half a year of diary, and `groups` × WRITERS writers.
    Returns the reader's token and the writers' tokens, group by group."""
    app = create_app(make_config(url))
    tokens = []
    with app.app_context():
        upgrade()
        for n in range(1 + groups * WRITERS):
            user = create_user(f"load{n}@example.com", "a-long-passphrase-1", "UTC", "right")
            db.session.flush()
            tokens.append(issue_token(user, "load")[1])
            if n == 0:
                _write_demo(user, generate_demo(HISTORY_DAYS, local_today("UTC"), seed=3))
                user.plans[0].effective_from -= timedelta(days=HISTORY_DAYS)
        db.session.commit()
        db.engine.dispose()
    writers = tokens[1:]
    return tokens[0], [writers[i : i + WRITERS] for i in range(0, len(writers), WRITERS)]


def start(module: str | None, url: str, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {
        **os.environ,
        "FIRSTSTEP_ENV": "production",
        "SECRET_KEY": "load-bench-secret-of-at-least-32-characters",
        "DATABASE_URL": url,
        "BIND": f"127.0.0.1:{port}",
        "RATELIMIT_ENABLED": "0",
        "FORCE_HTTPS": "0",  # plain HTTP on 127.0.0.1; behind TLS in real production
        "LOG_LEVEL": "warning",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
    if module:
        command.append(module)
    with log.open("ab") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    path = "/healthz" if module is None else "/api/v1/sessions"
    for _ in range(300):
        if process.poll() is not None:
            break  # gunicorn gave up (a worker failed to boot): no point waiting
        try:
            if request(port, "GET", path)[0] == 200:
                return process, port
        except OSError:
            time.sleep(0.1)
    stop(process)  # never leave a half-started server behind
    raise SystemExit(f"server did not start; see {log}")


def stop(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(process.pid, 15)  # the whole group: a dead master may leave workers
    process.wait(20)


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(
    port: int,
    path: str,
    script: str,
    kind: str | None,
    tokens: list[str],
    seconds: int,
    connections: int,
    threads: int,
) -> Result:
    # Reads take one token (the person with history); writes a group of people.
    args = [kind, str(threads), *tokens] if kind else tokens
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(ROOT / "bench" / "wrk" / script),
            f"http://127.0.0.1:{port}{path}",
            "--",
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Result(
        rps=rps,
        p50_ms=_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        p99_ms=_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        requests=total,
        bad=int(bad.group(1)) if bad else 0,
    )


def _median(results: list[Result]) -> Result:
    """Each figure's median over the rounds (non-2xx: the total, which must be 0)."""
    return Result(
        rps=statistics.median(r.rps for r in results),
        p50_ms=statistics.median(r.p50_ms for r in results),
        p99_ms=statistics.median(r.p99_ms for r in results),
        requests=sum(r.requests for r in results),
        bad=sum(r.bad for r in results),
    )


def print_settings(name: str, app_url: str, base_url: str) -> None:
    """Both sides' connection settings as a pooled connection reads them back, so a reader
    sees the comparison is like for like (the baseline takes them from the app's code)."""
    sides = (
        ("app", create_app(make_config(app_url)), db),
        ("baseline", baseline_app.create_app(base_url), baseline_app.db),
    )
    for side, flask_app, extension in sides:
        with flask_app.app_context():
            figures = baseline_app.settings(extension.engine)
            print(f"{name} {side:9} " + ", ".join(f"{k}={v}" for k, v in figures.items()))
            extension.engine.dispose()


def uncached_costs(url: str, reader: str) -> dict[str, float]:
    """Each GET's cost with the analysis cache emptied first, as on the first load after a
    write (wrk then measures the cached loads in between): ms per request in one process,
    the median of a few, through the test client, so no queueing is in it."""
    app = create_app(make_config(url))
    client = app.test_client()
    headers = {"Authorization": f"Bearer {reader}"}
    costs = {}
    with app.app_context():
        for label, path, _script, _kind in ENDPOINTS:
            if label not in CACHED:
                continue
            times = []
            for _ in range(UNCACHED_RUNS + 1):  # the first warms imports and statement caches
                cache.clear()
                started = time.perf_counter()
                assert client.get(path, headers=headers).status_code == 200, path
                times.append((time.perf_counter() - started) * 1000)
            costs[label] = statistics.median(times[1:])
        db.engine.dispose()
    return costs


Row = tuple[str, Result, Result, float | None]
"""An endpoint's label, the app's and the baseline's medians, and its uncached ms (GETs)."""


def bench_database(
    name: str, app_url: str, base_url: str, work: Path, opts: argparse.Namespace
) -> list[Row]:
    reader, writers = prepare_app_database(app_url, opts.rounds)
    print_settings(name, app_url, base_url)
    uncached = uncached_costs(app_url, reader)
    rows: list[Row] = []
    app, app_port = start(None, app_url, work / f"{name}-app.log")
    try:
        base, base_port = start(
            "bench.baseline_app:create_app()", base_url, work / f"{name}-base.log"
        )
    except BaseException:
        stop(app)
        raise
    try:
        # Same history size on both sides, so reads compare like with like.
        for _ in range(3):
            run_wrk(
                base_port,
                "/api/v1/sessions",
                "post.lua",
                "session",
                writers[0],
                2,
                opts.connections,
                opts.threads,
            )
        for label, path, script, kind in ENDPOINTS:
            if opts.only and opts.only not in label:
                continue
            # Alternate app and baseline, several rounds: a stall of this shared machine
            # (a checkpoint, a neighbour) then hits one round of one side, not the verdict.
            runs: list[tuple[Result, Result]] = []
            for group in writers:
                tokens = group if kind else [reader]
                ours = run_wrk(
                    app_port,
                    path,
                    script,
                    kind,
                    tokens,
                    opts.seconds,
                    opts.connections,
                    opts.threads,
                )
                theirs = run_wrk(
                    base_port,
                    path,
                    script,
                    kind,
                    tokens,
                    opts.seconds,
                    opts.connections,
                    opts.threads,
                )
                runs.append((ours, theirs))
                print(
                    f"  {name} {label} round {len(runs)}: app {ours.rps:.0f} req/s p99 "
                    f"{ours.p99_ms:.1f} ms, baseline {theirs.rps:.0f} req/s p99 "
                    f"{theirs.p99_ms:.1f} ms",
                    file=sys.stderr,
                    flush=True,
                )
            rows.append(
                (
                    label,
                    _median([r[0] for r in runs]),
                    _median([r[1] for r in runs]),
                    uncached.get(label),
                )
            )
    finally:
        stop(app)
        stop(base)
    return rows


def report(name: str, rows: list[Row]) -> None:
    print(f"\n{name}")
    print(
        f"{'':14} {'app req/s':>10} {'base req/s':>10} {'ratio':>6} {'app p50':>8} "
        f"{'app p99':>8} {'base p99':>8} {'p99 x':>6} {'non-2xx':>8} {'uncached':>9}"
    )
    for label, ours, theirs, cold in rows:
        print(
            f"{label:14} {ours.rps:>10.0f} {theirs.rps:>10.0f} {ours.rps / theirs.rps:>6.2f} "
            f"{ours.p50_ms:>7.1f}ms {ours.p99_ms:>7.1f}ms {theirs.p99_ms:>7.1f}ms "
            f"{ours.p99_ms / theirs.p99_ms:>6.2f} {ours.bad:>8} "
            + (f"{cold:>7.1f}ms" if cold is not None else f"{'':>9}")
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5, help="alternating runs; medians shown")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--only", help="run just the endpoints whose label contains this")
    opts = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="firststep-load-"))
    work.chmod(0o755)
    print(
        f"wrk -t{opts.threads} -c{opts.connections} -d{opts.seconds}s x {opts.rounds} rounds "
        "(medians); gunicorn.conf.py "
        f"(WEB_CONCURRENCY={os.environ.get('WEB_CONCURRENCY', '2')}); logs in {work}"
    )
    results = {}
    if not opts.no_sqlite:
        results["SQLite"] = bench_database(
            "sqlite", f"sqlite:///{work}/app.db", f"sqlite:///{work}/base.db", work, opts
        )
    if not opts.no_postgres:
        cluster = PgCluster(work / "pg").init()
        try:
            for database in ("bench_app", "bench_base"):
                cluster.create_database(database)
            base = f"postgresql+psycopg://postgres@127.0.0.1:{cluster.port}"
            results["PostgreSQL"] = bench_database(
                "postgres", f"{base}/bench_app", f"{base}/bench_base", work, opts
            )
        finally:
            cluster.stop()
    for name, rows in results.items():
        report(name, rows)


if __name__ == "__main__":
    main()
