"""The worst case of every range-taking route, at the widest range the rules allow.

Seeds the demo account the way a newcomer would (`manage.py seed-demo --email E --days
180`) in a throwaway SQLite database (or the PostgreSQL database named by
``--database-url``), signs in, opens a share link, then asks each route for its widest
allowed range (and the ranges that are clamped to it, such as ``to=9999-12-31``).
Printed per route: the worst and the median CPU time of one request over ``--rounds``
runs, measured with ``time.process_time`` around the test client's call, so the
figure is the server's work plus the client's (small) share, never time spent waiting.

Goal (issue 13): no request above 1 s of CPU.

    python bench/ranges.py
    python bench/ranges.py --database-url postgresql://postgres@127.0.0.1:55432/firststep_bench
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from tests.conftest import make_config  # noqa: E402
from tracker import create_app  # noqa: E402
from tracker.common.dates import (  # noqa: E402
    EARLIEST,
    FHIR_MAX_DAYS,
    MAX_RANGE_DAYS,
    REPORT_MAX_DAYS,
)
from tracker.extensions import db  # noqa: E402
from tracker.timeutil import local_today  # noqa: E402

EMAIL = "demo@example.com"
PASSWORD = "demo-heel-2026"
LIMIT_S = 1.0
REFUSED = [
    "/api/v1/dashboard?from=0002-01-01",
    "/api/v1/stats/summary?from=0001-01-01&to=0001-01-07",
    "/api/v1/export/daily.csv?from=1970-01-01",
]
"""What the review sent: 5-7 s of CPU, a 500, and a 56-year file before the bounds."""


def widest(days: int, today: date) -> list[str]:
    """The queries that reach ``days`` days: ending today, starting at the earliest date,
    with an end far ahead that the route clamps to today, and none (the default)."""
    end = today
    start = end - timedelta(days=days - 1)
    first = EARLIEST + timedelta(days=days - 1)
    return [
        f"from={start}&to={end}",
        f"from={start}&to=9999-12-31",
        f"from={EARLIEST}&to={first}",
        "",
    ]


def routes(today: date, token: str) -> dict[str, list[str]]:
    api = widest(MAX_RANGE_DAYS, today)
    share = f"/s/{token}"
    return {
        "/api/v1/stats/summary": api,
        "/api/v1/dashboard": api,
        "/api/v1/charts/pain": api,
        "/api/v1/charts/calendar": api,
        "/api/v1/charts/weekly": api,
        "/api/v1/export/daily.csv": api,
        "/api/v1/export/sessions.csv": api,
        "/api/v1/export/checkins.csv": api,
        "/api/v1/export/pauses.csv": api,
        "/api/v1/export/fhir": widest(FHIR_MAX_DAYS, today),
        "/api/v1/checkins": api,
        "/api/v1/sessions": api,
        "/api/v1/pauses": api,
        "/api/v1/my-data": [""],
        "/report": [*widest(REPORT_MAX_DAYS, today)[:2], ""],
        f"{share}/dashboard.json": api,
        f"{share}/daily.csv": api,
        f"{share}/sessions.csv": api,
        f"{share}/checkins.csv": api,
        f"{share}/report": [*widest(REPORT_MAX_DAYS, today)[:2], ""],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL database to empty and use")
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{folder}/bench.db"
        if url.startswith("postgresql"):
            from tests.conftest import _reset_postgres

            _reset_postgres(url)
        app = create_app(make_config(url))
        with app.app_context():
            upgrade()
        seeded = app.test_cli_runner().invoke(
            args=["seed-demo", "--email", EMAIL, "--days", "180", "--password", PASSWORD]
        )
        assert seeded.exit_code == 0, seeded.output
        client = app.test_client()
        signed_in = client.post("/api/v1/auth/login", json={"email": EMAIL, "password": PASSWORD})
        assert signed_in.status_code == 200, signed_in.get_json()
        csrf = {"X-CSRF-Token": signed_in.headers["X-CSRF-Token"]}
        link = client.post(
            "/api/v1/share-links", json={"label": "bench", "expires_in_days": 30}, headers=csrf
        )
        assert link.status_code == 201, link.get_json()
        share = app.test_client()
        with app.app_context():
            today = local_today("UTC")

        print(f"seed-demo, 180 days; {options.rounds} rounds; CPU ms per request")
        print("| route | widest query | worst ms | median ms | status |")
        print("|---|---|---:|---:|---|")
        worst_overall = 0.0
        for path, queries in routes(today, link.get_json()["token"]).items():
            caller = share if path.startswith("/s/") else client
            worst: tuple[float, str, float, int] = (0.0, "", 0.0, 0)
            for query in queries:
                url_ = f"{path}?{query}" if query else path
                times = []
                status = 0
                for _ in range(options.rounds):
                    began = time.process_time()
                    response = caller.get(url_)
                    response.get_data()  # a streamed file is produced while it is read
                    times.append(time.process_time() - began)
                    status = response.status_code
                    assert status < 500, (url_, status)
                if max(times) > worst[0]:
                    worst = (max(times), query or "(none)", statistics.median(times), status)
            worst_overall = max(worst_overall, worst[0])
            print(
                f"| `{path.replace(link.get_json()['token'], '<token>')}` | `{worst[1]}` "
                f"| {worst[0] * 1000:.0f} | {worst[2] * 1000:.0f} | {worst[3]} |"
            )
        for refused in REFUSED:
            began = time.process_time()
            response = client.get(refused)
            spent = time.process_time() - began
            assert response.status_code == 422, (refused, response.status_code)
            print(f"| `{refused}` | refused | {spent * 1000:.0f} | | 422 |")
        verdict = "met" if worst_overall <= LIMIT_S else "NOT met"
        print(f"\nworst request: {worst_overall * 1000:.0f} ms of CPU; goal <= 1 s: {verdict}")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
