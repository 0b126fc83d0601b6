"""Does the sessions export stream in flat memory, and how fast is it beside sqlite3?

Run: ``.venv/bin/python bench/export.py [--rows 1000000]``. It builds a
throwaway SQLite database (migrated like production), bulk-inserts ``--rows``
sessions for one person (one transaction, ``executemany`` of tuples, plus 1-3
techniques each), then:

(a) streams ``/api/v1/export/sessions.csv`` through Flask's test client,
    consuming the response chunk by chunk as a WSGI server would: once plain
    for the rate (rows per second) and the growth of ru_maxrss, once under
    ``tracemalloc`` for the peak of Python allocations. Goal (issue 5): under
    50 MB growth for 1,000,000 rows, i.e. memory flat in the number of rows.
(b) runs the ``sqlite3`` command-line shell with ``-csv`` on an equivalent
    SELECT (techniques joined by ``group_concat``) into /dev/null, and prints
    our rate as a ratio of its rate: the floor any exporter could reach. The ratio
    of CPU seconds is printed too (ours in this process, sqlite3's as a child), which a
    shared machine's load moves much less than the wall clock.

With ``--database-url postgresql://...`` (an empty database: its schema is dropped and
migrated), the same rows are copied from the SQLite file into PostgreSQL and (a) runs
against PostgreSQL; the ratio is still to ``sqlite3 -csv`` (the issue's yardstick), and
``psql``'s ``COPY ... TO STDOUT CSV`` of the same SELECT is printed beside it.
"""

from __future__ import annotations

import argparse
import gc
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from support import make_app

from tracker.auth.service import create_user
from tracker.extensions import db

EMAIL = "bench@example.com"
PASSWORD = "bench passphrase long enough"
PATH = "/api/v1/export/sessions.csv"
GOAL_MB = 50.0
BATCH = 100_000

SQLITE_QUERY = """
SELECT s.id, s.client_id, s.local_date, s.started_at, s.duration_s, s.foot,
       (SELECT group_concat(slug, ';') FROM (
            SELECT t.slug FROM session_techniques st JOIN techniques t ON t.id = st.technique_id
            WHERE st.session_id = s.id ORDER BY t.slug)) AS techniques,
       s.pressure, s.discomfort, s.tool, s.notes, s.created_at, s.updated_at
FROM care_sessions s WHERE s.user_id = {user_id}
ORDER BY s.local_date, s.started_at, s.id;
"""


def seed(app: Flask, path: Path, rows: int) -> int:
    """One person with ``rows`` sessions, inserted with the sqlite3 module directly:
    the ORM would take minutes for a million rows, and the bench is about reading."""
    with app.app_context():
        user = create_user(EMAIL, PASSWORD, "Europe/Berlin", "right")
        db.session.commit()
        user_id = user.id
        db.engine.dispose()
    conn = sqlite3.connect(path)
    technique_ids = [row[0] for row in conn.execute("SELECT id FROM techniques ORDER BY id")]
    start = datetime(2020, 1, 1, 7, tzinfo=UTC)
    stamp = "2026-01-01 12:00:00.000000"
    with conn:
        for first in range(0, rows, BATCH):
            ids = range(first + 1, min(rows, first + BATCH) + 1)
            sessions = []
            links = []
            for i in ids:
                moment = start + timedelta(hours=12 * (i - 1))
                sessions.append(
                    (
                        i,
                        user_id,
                        moment.strftime("%Y-%m-%d %H:%M:%S.000000"),
                        moment.date().isoformat(),
                        300 + i % 600,
                        ("left", "right", "both")[i % 3],
                        1 + i % 10,
                        None if i % 4 else i % 11,
                        "tennis ball" if i % 2 else None,
                        "=evening, stiff" if i % 7 == 0 else "fine",
                        stamp,
                        stamp,
                    )
                )
                for k in range(1 + i % 3):
                    links.append((i, technique_ids[(i + 5 * k) % len(technique_ids)]))
            conn.executemany(
                "INSERT INTO care_sessions (id, user_id, started_at, local_date, duration_s,"
                " foot, pressure, discomfort, tool, notes, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                sessions,
            )
            conn.executemany(
                "INSERT INTO session_techniques (session_id, technique_id) VALUES (?, ?)", links
            )
    conn.close()
    return user_id


POSTGRES_QUERY = """
COPY (SELECT s.id, s.client_id, s.local_date, s.started_at, s.duration_s, s.foot,
       (SELECT string_agg(t.slug, ';' ORDER BY t.slug) FROM session_techniques st
            JOIN techniques t ON t.id = st.technique_id WHERE st.session_id = s.id) AS techniques,
       s.pressure, s.discomfort, s.tool, s.notes, s.created_at, s.updated_at
FROM care_sessions s WHERE s.user_id = {user_id}
ORDER BY s.local_date, s.started_at, s.id) TO STDOUT WITH (FORMAT csv, HEADER)
"""

COPIED = ("users", "plans", "care_sessions", "session_techniques")
"""The tables copied from the seeded SQLite file into PostgreSQL, parents first."""


def empty_postgres(url: str) -> None:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def copy_to_postgres(path: Path, url: str) -> None:
    """The seeded rows, as they are, into the migrated PostgreSQL database (COPY): SQLite's
    naive UTC text becomes timestamptz in a session whose time zone is UTC."""
    import psycopg

    source = sqlite3.connect(path)
    with psycopg.connect(url) as conn:
        conn.execute("SET TIME ZONE 'UTC'")
        for table in COPIED:
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            names = ", ".join(columns)
            with conn.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {names} FROM {table}"):
                    copy.write_row(row)
        conn.execute(
            "SELECT setval(pg_get_serial_sequence('care_sessions', 'id'),"
            " (SELECT max(id) FROM care_sessions))"
        )
        conn.execute("ANALYZE")
    source.close()


def postgres_rate(url: str, user_id: int, rows: int) -> None:
    binary = shutil.which("psql")
    if binary is None:
        print("psql: NOT AVAILABLE; no PostgreSQL floor printed.")
        return
    began = time.perf_counter()
    with open("/dev/null", "wb") as sink:
        subprocess.run(
            [binary, "-X", "-q", url, "-c", POSTGRES_QUERY.format(user_id=user_id)],
            stdout=sink,
            check=True,
        )
    seconds = time.perf_counter() - began
    print(f"psql COPY csv: {rows:,} rows in {seconds:.2f} s = {rows / seconds:,.0f} rows/s")


def signed_in(app: Flask) -> FlaskClient:
    client = app.test_client()
    response = client.post("/api/v1/auth/login", json={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 200, response.json
    return client


def stream(client: FlaskClient, query: str = "") -> tuple[int, int, float, float]:
    """Consume the export chunk by chunk, as a server writes it out.

    Returns (bytes, lines, seconds, highest RSS in MB sampled after each chunk):
    sampling, because the kernel's own peak may still hold the seeding's.
    """
    began = time.perf_counter()
    response = client.get(PATH + query, buffered=False)
    assert response.status_code == 200
    size = lines = 0
    highest = rss_now()
    for n, chunk in enumerate(response.response):
        size += len(chunk)
        lines += chunk.count(b"\r\n")
        if n % 16 == 0:
            highest = max(highest, rss_now())
    response.close()
    return size, lines, time.perf_counter() - began, max(highest, rss_now())


def _status_mb(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def rss_now() -> float:
    """Resident memory now (VmRSS); ru_maxrss where /proc is missing (a coarser upper bound)."""
    now = _status_mb("VmRSS")
    return now if now is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sqlite_rate(path: Path, user_id: int, rows: int) -> float | None:
    binary = shutil.which("sqlite3")
    if binary is None:
        print("sqlite3 CLI: NOT AVAILABLE (apt-get install -y sqlite3); no ratio printed.")
        return None
    began = time.perf_counter()
    with open("/dev/null", "wb") as sink:
        subprocess.run(
            [binary, "-csv", "-header", str(path), SQLITE_QUERY.format(user_id=user_id)],
            stdout=sink,
            check=True,
        )
    seconds = time.perf_counter() - began
    rate = rows / seconds
    print(f"sqlite3 -csv: {rows:,} rows in {seconds:.2f} s = {rate:,.0f} rows/s")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the traced pass")
    parser.add_argument(
        "--database-url",
        help="export from this PostgreSQL database (emptied first) instead of SQLite",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        app = make_app(folder)
        began = time.perf_counter()
        user_id = seed(app, path, args.rows)
        print(f"seeded {args.rows:,} sessions in {time.perf_counter() - began:.1f} s")
        if args.database_url:
            empty_postgres(args.database_url)
            driver = args.database_url.replace("postgresql://", "postgresql+psycopg://", 1)
            app = make_app(folder, driver)
            began = time.perf_counter()
            copy_to_postgres(path, args.database_url)
            print(f"copied them to PostgreSQL in {time.perf_counter() - began:.1f} s")
        print(f"exporting from: {'PostgreSQL' if args.database_url else 'SQLite'}")
        client = signed_in(app)

        stream(client, "?to=2020-01-31")  # warm-up: imports, first query plans, caches
        gc.collect()
        before = rss_now()
        cpu = time.process_time()
        size, lines, seconds, highest = stream(client)
        cpu = time.process_time() - cpu
        growth_rss = highest - before
        assert lines - 1 >= args.rows, (lines, args.rows)
        ours = args.rows / seconds
        print(
            f"ours: {args.rows:,} rows, {size / 1e6:.1f} MB of CSV in {seconds:.2f} s"
            f" = {ours:,.0f} rows/s ({cpu:.2f} s of CPU)"
        )
        print(f"peak RSS growth while streaming (VmRSS sampled per 16 chunks): {growth_rss:.1f} MB")

        if not args.no_tracemalloc:
            tracemalloc.start()
            base = tracemalloc.get_traced_memory()[0]
            stream(client)
            peak = (tracemalloc.get_traced_memory()[1] - base) / 1e6
            tracemalloc.stop()
            verdict = "OK" if peak < GOAL_MB else "OVER"
            print(
                f"peak traced Python allocations while streaming: {peak:.1f} MB"
                f" (goal < {GOAL_MB:.0f} MB: {verdict})"
            )

        if args.database_url:
            postgres_rate(args.database_url, user_id, args.rows)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        theirs = sqlite_rate(path, user_id, args.rows)
        if theirs:
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            their_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
            print(
                f"ratio ours/sqlite3: {ours / theirs:.2f} (sqlite3 is {theirs / ours:.1f}x faster)"
            )
            # On a shared machine the wall-clock ratio moves with the neighbours' load;
            # CPU seconds (ours in this process, sqlite3's as a child) move much less.
            print(f"ratio by CPU time (sqlite3's {their_cpu:.2f} s / ours): {their_cpu / cpu:.2f}")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
