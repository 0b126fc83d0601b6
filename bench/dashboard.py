"""How the dashboard's server time grows with years of daily data.

Run: ``.venv/bin/python bench/dashboard.py``. It builds a throwaway SQLite
database (migrated like production), seeds one person per size with the demo
diary (1, 5 and 20 years of days), then times what one dashboard load asks of
the server: the summary plus the five chart JSON responses, which the page
fetches as one GET /api/v1/dashboard, through Flask's test client. Beside it,
as a baseline in the same process, the same six documents fetched separately
(/stats/summary and /charts/<name>), each re-reading and re-analysing the history.
Both are timed uncached (the analysis cache emptied before each run), then the
dashboard load again from the cache (the same person, data version and day: what
every load after the first costs until the next write) and as a phone's revalidation
(``If-None-Match`` answered ``304``).
The app is readied as ``tracker/wsgi.py`` readies production's (``tracker.startup``: the
statistics libraries loaded, start-up's objects frozen out of the garbage collector's walks, a
young collection due after 20,000 new objects rather than 700);
``--no-freeze`` leaves the collector as it was before that, for comparison.
Goals (issue 4): at most 100 ms for 5 years on this machine,
growth no worse than linear, and the same number of SQL queries whatever the
size, so the database round trips never grow with the history.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from support import make_app

from tracker.analysis.model import load_statistics
from tracker.auth.service import create_user
from tracker.charts import CHART_NAMES
from tracker.cli import _write_demo
from tracker.demo import generate_demo
from tracker.extensions import cache, db
from tracker.startup import ready_to_serve
from tracker.timeutil import local_today

PASSWORD = "bench passphrase long enough"
YEARS = (1, 5, 20)
PATHS = ("/api/v1/stats/summary", *(f"/api/v1/charts/{name}" for name in CHART_NAMES))
DASHBOARD = "/api/v1/dashboard"
GOAL_MS_5Y = 100.0


def seed(app: Flask, years: int) -> tuple[str, int, int]:
    """One person with ``years`` of the demo diary ending today; returns (email, days, sessions)."""
    email = f"bench-{years}y@example.com"
    days = 365 * years
    with app.app_context():
        user = create_user(email, PASSWORD, "UTC", "right")
        db.session.flush()
        end = local_today(user.timezone)
        sessions = _write_demo(user, generate_demo(days, end, seed=years))
        user.plans[0].effective_from = end - timedelta(days=days - 1)
        db.session.commit()
    return email, days, sessions


def signed_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.json
    return client


def uncached(app: Flask, action: Callable[[FlaskClient], Any]) -> Callable[[FlaskClient], Any]:
    """``action`` with the analysis cache emptied first: every run reads and analyses."""

    def run(client: FlaskClient) -> Any:
        with app.app_context():
            cache.clear()
        return action(client)

    return run


def dashboard_load(client: FlaskClient) -> str:
    """What the /dashboard page fetches after its first paint; returns its ETag."""
    response = client.get(DASHBOARD)
    assert response.status_code == 200, response.status_code
    assert len(response.json["charts"]) == len(CHART_NAMES)
    return response.headers["ETag"]


def revalidation(client: FlaskClient, etag: str) -> None:
    """A phone's repeat visit: it sends the ETag it holds and gets no body back."""
    response = client.get(DASHBOARD, headers={"If-None-Match": etag})
    assert response.status_code == 304, response.status_code


def separate_requests(client: FlaskClient) -> None:
    """The same documents one by one: the baseline the combined request is measured against."""
    for path in PATHS:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)


def count_queries(app: Flask, action: Callable[[], Any]) -> int:
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def median_ms(action: Callable[[], Any], runs: int) -> float:
    return medians_ms(action, runs)[0]


def medians_ms(action: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Wall clock and this process's CPU time, medians: on shared cores the wall clock also
    counts the time spent waiting for a core, the CPU time only the work."""
    action()  # warm-up: first-request imports, statement caches
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per size (median)")
    parser.add_argument("--profile", type=int, metavar="YEARS", help="cProfile one load")
    parser.add_argument(
        "--no-freeze",
        action="store_true",
        help="the garbage collector as Python sets it: no gc.freeze(), the default thresholds "
        "(production changes both: tracker/startup.py)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="firststep-bench-") as folder:
        app = make_app(folder)
        if args.no_freeze:
            load_statistics()
        else:
            ready_to_serve()  # as tracker/wsgi.py does in gunicorn's master
        rows = []
        for years in YEARS:
            email, days, sessions = seed(app, years)
            client = signed_in(app, email)
            cold_load, cold_six = uncached(app, dashboard_load), uncached(app, separate_requests)
            ms, cpu_ms = medians_ms(lambda c=client, f=cold_load: f(c), args.runs)
            one = median_ms(lambda c=client, f=cold_six: f(c), args.runs)
            queries = count_queries(app, lambda c=client, f=cold_load: f(c))
            hot = median_ms(lambda c=client: dashboard_load(c), args.runs)
            hot_queries = count_queries(app, lambda c=client: dashboard_load(c))
            etag = dashboard_load(client)
            not_modified = median_ms(lambda c=client, e=etag: revalidation(c, e), args.runs)
            cached_figures = (hot, hot_queries, not_modified)
            rows.append(
                (years, days, sessions, ms, cpu_ms, ms / years, queries, one, *cached_figures)
            )
            if args.profile == years:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                profiler.runcall(cold_load, client)
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)

    print(
        f"Dashboard load = summary + {len(CHART_NAMES)} charts in one request; baseline: "
        f"the same as {len(PATHS)} separate requests. "
        f"median of {args.runs} runs after a warm-up, SQLite, Flask test client. "
        "Uncached: the analysis cache emptied before each run; cached: served from it; "
        "304: revalidated with the ETag. "
        + (
            "Garbage collector as Python sets it (--no-freeze)."
            if args.no_freeze
            else "Garbage collector set as production sets it (tracker/startup.py)."
        )
    )
    head = (
        "years",
        "days",
        "sessions",
        "ms",
        "CPU ms",
        "ms/year",
        "queries",
        "6 requests ms",
        "ratio",
        "cached ms",
        "queries",
        "304 ms",
    )
    print("{:>5} {:>6} {:>8} {:>8} {:>7} {:>8} {:>7} {:>13} {:>6} {:>9} {:>7} {:>7}".format(*head))
    for years, days, sessions, ms, cpu_ms, per_year, queries, one, hot, hot_q, revalidated in rows:
        print(
            f"{years:>5} {days:>6} {sessions:>8} {ms:>8.1f} {cpu_ms:>7.1f} {per_year:>8.1f} "
            f"{queries:>7} "
            f"{one:>13.1f} {ms / one:>6.2f} {hot:>9.1f} {hot_q:>7} {revalidated:>7.1f}"
        )
    by_years = {r[0]: r for r in rows}
    ratio = by_years[20][3] / by_years[1][3]
    five = by_years[5][3]
    constant = len({r[6] for r in rows}) == 1
    print(f"20y / 1y time ratio: {ratio:.1f} (linear growth would be 20.0)")
    print(
        f"5 years: {five:.1f} ms (goal <= {GOAL_MS_5Y:.0f} ms): "
        f"{'met' if five <= GOAL_MS_5Y else 'NOT met'}; "
        f"{by_years[5][4]:.1f} ms of CPU (the wall clock also counts waiting for a core)"
    )
    print(
        f"5 years from the cache: {by_years[5][8]:.1f} ms ({five / by_years[5][8]:.0f}x faster), "
        f"revalidated (304): {by_years[5][10]:.1f} ms"
    )
    print(
        f"queries per load: {'constant' if constant else 'NOT constant'} "
        f"({', '.join(str(r[6]) for r in rows)})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
