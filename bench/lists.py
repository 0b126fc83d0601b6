"""What one page of the session list costs, before and after it became one query.

Run: ``.venv/bin/python bench/lists.py``. It seeds one person with 180 days of the demo
diary (as bench/load.py's reader) in a throwaway SQLite database (or, with
``--database-url``, a PostgreSQL database whose name contains "test", emptied first), then
times ``GET /api/v1/sessions`` at page_size 10 and 100 through Flask's test client, with a
bearer token as a phone or script sends it. "Before" is the code of ``--before`` (a git
revision, by default the commit the one-query lists were built on) unpacked into a
temporary folder; "after" is this checkout. Each side runs in a process of its own over
the same database file, the two alternating round by round, so a busy moment on this
shared machine falls on both; each figure is the median of the rounds' medians.

Each side also reports the SQL statements one request sends and a digest of the response
(body and X-Pagination header): the digests must match, or the bench stops.

``--cpu`` instead compares CPU, not wall time, per request of bench/load.py's reader
(``GET /api/v1/sessions``, its first 10-row page, no query string) under the production
settings bench/load.py's servers run with (``FIRSTSTEP_ENV=production``, rate limits off,
JSON logs at warning): before, after and bench/baseline_app.py (its bare ORM query of 10 rows,
with as many rows as the reader has), alternating, each the median of ``time.process_time``
over ``--requests`` requests after 50 warm-up requests. CPU is what a shared machine's other
work disturbs least, and the load bench's ratio is bounded by it: "after ÷ baseline" is the
figure to hold against the issue's 0.6 (as rates: baseline ms ÷ app ms).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BEFORE = "14571ae"
"""Main just before the lists became one query each (three statements per page)."""
HISTORY_DAYS = 180
PAGE_SIZES = (10, 100)
PATH = "/api/v1/sessions"


def seed(folder: str, url: str | None) -> tuple[str, str, int]:
    """A migrated database with one person's half year; returns (url, token, sessions).

    SQLite in ``folder`` unless ``url`` names a PostgreSQL database, which is emptied first
    (so, as for the tests, its name must contain "test")."""
    sys.path.insert(0, str(ROOT))
    from flask_migrate import upgrade
    from sqlalchemy.engine import make_url

    from tests.conftest import _reset_postgres, make_config
    from tracker import create_app
    from tracker.auth.service import create_user, issue_token
    from tracker.cli import _write_demo
    from tracker.demo import generate_demo
    from tracker.extensions import db
    from tracker.timeutil import local_today

    if url is None:
        url = f"sqlite:///{folder}/lists.db"
    else:
        if "test" not in (make_url(url).database or ""):
            raise SystemExit("--database-url: the bench empties it; name one with 'test' in it")
        _reset_postgres(url)
    app = create_app(make_config(url))
    with app.app_context():
        upgrade()
        user = create_user("lists@example.com", "a-long-passphrase-1", "UTC", "right")
        db.session.flush()
        token = issue_token(user, "bench")[1]
        sessions = _write_demo(user, generate_demo(HISTORY_DAYS, local_today("UTC"), seed=3))
        user.plans[0].effective_from -= timedelta(days=HISTORY_DAYS)
        db.session.commit()
        db.engine.dispose()
    return url, token, sessions


def unpack(revision: str, folder: str) -> str:
    """The tracker package as it was at ``revision``, in a folder of its own."""
    archive = subprocess.run(
        ["git", "archive", revision, "tracker", "tests/conftest.py", "tests/__init__.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def child(tree: str, url: str, token: str, requests: int) -> dict[str, Any]:
    """Times one side: ``tree``'s tracker package, imported ahead of the installed one."""
    sys.path.insert(0, tree)
    from sqlalchemy import event

    import tracker
    from tests.conftest import make_config
    from tracker import create_app
    from tracker.extensions import db

    assert Path(tracker.__file__).resolve().is_relative_to(Path(tree).resolve()), tracker.__file__
    app = create_app(make_config(url))
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    result: dict[str, Any] = {}
    for size in PAGE_SIZES:
        query = {"page_size": size, "page": 2}

        def get(query: dict[str, int] = query) -> Any:
            response = client.get(PATH, query_string=query, headers=headers)
            assert response.status_code == 200, response.status_code
            return response

        for _ in range(20):  # warm-up: imports, statement caches, the page cache
            get()
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            get()
            times.append((time.perf_counter() - start) * 1000)
        statements: list[str] = []

        def record(conn: Any, cursor: Any, statement: str, *args: Any, sent=statements) -> None:
            sent.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", record)
        response = get()
        event.remove(engine, "before_cursor_execute", record)
        digest = hashlib.sha256(response.data + response.headers["X-Pagination"].encode())
        result[str(size)] = {
            "ms": statistics.median(times),
            "statements": len(statements),
            "rows": len(response.json),
            "digest": digest.hexdigest()[:16],
        }
    return result


PRODUCTION = {
    "FIRSTSTEP_ENV": "production",
    "SECRET_KEY": "lists-bench-secret-of-at-least-32-characters",
    "RATELIMIT_ENABLED": "0",
    "FORCE_HTTPS": "0",
    "LOG_LEVEL": "warning",
}
"""What bench/load.py's servers run with (plain HTTP on 127.0.0.1, rate limits off)."""


def cpu_child(tree: str, url: str, token: str, requests: int) -> dict[str, Any]:
    """CPU per request of one side: ``tree``'s tracker package, or the baseline app when
    ``tree`` is "baseline" (seeded with as many sessions as the reader has)."""
    os.environ.update({**PRODUCTION, "DATABASE_URL": url})
    headers = {"Accept": "application/json"}
    if tree == "baseline":
        sys.path.insert(0, str(ROOT))
        from bench.baseline_app import Session, create_app, db

        app = create_app(url)
        with app.app_context():
            if not db.session.query(Session).count():
                started = datetime(2026, 1, 1, 8, tzinfo=UTC)
                for n in range(int(os.environ["LISTS_SESSIONS"])):
                    moment = started + timedelta(hours=17 * n)
                    db.session.add(
                        Session(
                            user_id=1,
                            client_id=str(uuid.uuid4()),
                            started_at=moment,
                            local_date=moment.date(),
                            duration_s=300,
                            foot="right",
                            pressure=5,
                            techniques=["towel-stretch", "calf-stretch"],
                        )
                    )
                db.session.commit()
    else:
        sys.path.insert(0, tree)
        import tracker
        from tracker import create_app

        assert Path(tracker.__file__).resolve().is_relative_to(Path(tree).resolve())
        app = create_app()
        headers["Authorization"] = f"Bearer {token}"
    client = app.test_client()
    for _ in range(50):
        response = client.get(PATH, headers=headers)
        assert response.status_code == 200, response.status_code
    times = []
    for _ in range(requests):
        start = time.process_time()
        client.get(PATH, headers=headers)
        times.append((time.process_time() - start) * 1000)
    return {"ms": statistics.median(times), "rows": len(response.json)}


def run_side(
    tree: str, url: str, token: str, requests: int, *, cpu: bool = False, sessions: int = 0
) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", tree, "--url", url, "--token", token]
    command += ["--requests", str(requests)] + (["--cpu"] if cpu else [])
    if cpu:
        os.environ["LISTS_SESSIONS"] = str(sessions)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=BEFORE, help=f"git revision (default {BEFORE})")
    parser.add_argument("--rounds", type=int, default=7, help="alternating rounds (median)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests a round")
    parser.add_argument("--database-url", help="a PostgreSQL database to empty and use")
    parser.add_argument(
        "--cpu", action="store_true", help="CPU per request: before, after and the baseline app"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure = cpu_child if args.cpu else child
        print(json.dumps(measure(args.child, args.url, args.token, args.requests)))
        return 0
    if args.cpu:
        return cpu_main(args)

    with tempfile.TemporaryDirectory(prefix="firststep-lists-") as folder:
        before = unpack(args.before, f"{folder}/before")
        url, token, sessions = seed(folder, args.database_url)
        rounds: dict[str, list[dict[str, Any]]] = {"before": [], "after": []}
        for n in range(args.rounds):
            for side, tree in (("before", before), ("after", str(ROOT))):
                rounds[side].append(run_side(tree, url, token, args.requests))
            print(
                f"round {n + 1}: "
                + " ".join(
                    f"{side} {size}: {rounds[side][-1][str(size)]['ms']:.2f} ms"
                    for side in rounds
                    for size in PAGE_SIZES
                ),
                file=sys.stderr,
            )

    database = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"GET {PATH}, page 2, one person with {HISTORY_DAYS} days ({sessions} sessions), "
        f"{database}, Flask test client, bearer token; before = {args.before}, after = this "
        f"checkout. Median of {args.rounds} alternating rounds, each the median of "
        f"{args.requests} requests after 20 warm-up requests."
    )
    print(f"{'page_size':>9} {'before ms':>9} {'after ms':>9} {'after/before':>12} {'SQL':>7}")
    for size in PAGE_SIZES:
        key = str(size)
        digests = {r[key]["digest"] for side in rounds.values() for r in side}
        if len(digests) != 1:
            raise SystemExit(f"page_size {size}: the two sides answered differently {digests}")
        old = statistics.median(r[key]["ms"] for r in rounds["before"])
        new = statistics.median(r[key]["ms"] for r in rounds["after"])
        sql = [rounds[side][0][key]["statements"] for side in ("before", "after")]
        queries = f"{sql[0]} -> {sql[1]}"
        print(f"{size:>9} {old:>9.2f} {new:>9.2f} {new / old:>12.2f} {queries:>7}")
    print("SQL: statements per request, the bearer token's lookup included; bodies identical.")
    return 0


def cpu_main(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="firststep-lists-") as folder:
        before = unpack(args.before, f"{folder}/before")
        url, token, sessions = seed(folder, args.database_url)
        sides = {"before": before, "after": str(ROOT), "baseline": "baseline"}
        rounds: dict[str, list[float]] = {side: [] for side in sides}
        for n in range(args.rounds):
            for side, tree in sides.items():
                result = run_side(tree, url, token, args.requests, cpu=True, sessions=sessions)
                rounds[side].append(result["ms"])
            b, a, base = (rounds[side][-1] for side in sides)
            print(
                f"round {n + 1}: before {b:.2f} ms, after {a:.2f} ms, baseline {base:.2f} ms; "
                f"after/baseline {base / a:.2f} (before {base / b:.2f})",
                file=sys.stderr,
            )
    database = "PostgreSQL" if args.database_url else "SQLite"
    medians = {side: statistics.median(values) for side, values in rounds.items()}
    print(
        f"GET {PATH} (first 10-row page), {database}, production settings, CPU per request "
        f"(time.process_time), median of {args.rounds} alternating rounds of {args.requests}; "
        f"before = {args.before}, after = this checkout."
    )
    for side, value in medians.items():
        print(f"{side:>9} {value:6.2f} ms")
    base = medians["baseline"]
    print(
        f"app ÷ baseline as rates: after {base / medians['after']:.2f}, "
        f"before {base / medians['before']:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
