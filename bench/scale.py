"""One person's dashboard and export in a clinic-sized PostgreSQL, against a database
holding only that person.

Loads 10,000 people x 1 year (a check-in a day, one or two sessions a day with their
techniques) with COPY into a throwaway PostgreSQL cluster, and the same measured person
alone into a second database. Then times, through the app, that person's dashboard
summary and their 8-week daily CSV export in both, and prints the ratio (goal: <= 1.5),
and EXPLAINs the queries behind them to show index scans, not table scans.

    python bench/scale.py                 # 10,000 people; about 10 minutes on 2 cores
    python bench/scale.py --users 1000    # a quicker look
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from tests.conftest import make_config  # noqa: E402
from tests.faults.support import PgCluster  # noqa: E402
from tracker import create_app  # noqa: E402
from tracker.auth.service import issue_token  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.models import User  # noqa: E402

DAYS = 365
END = date.today()
START = END - timedelta(days=DAYS - 1)
HASH = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$bm90IGEgcmVhbCBoYXNo"
RUNS = 9


NULL = "\\N"


def _line(*values: object) -> str:
    """One COPY text-format row."""
    return "\t".join(NULL if v is None else str(v) for v in values) + "\n"


def _buffer(rows: list[str]) -> io.StringIO:
    return io.StringIO("".join(rows))


COLUMNS = {
    "users": "id, email, password_hash, timezone, feet, created_at, session_token, "
    "global_change_weekday, morning_reminder, evening_reminder",
    "plans": "user_id, effective_from, sessions_per_day, minutes_min, minutes_max",
    "checkins": "user_id, client_id, date, pain_left, pain_right, stiffness, warning_signs, "
    "global_change, notes, created_at, updated_at",
    "care_sessions": "id, user_id, client_id, started_at, local_date, duration_s, foot, "
    "pressure, discomfort, tool, notes, created_at, updated_at",
    "session_techniques": "session_id, technique_id",
}


def load(url: str, users: range, technique_ids: list[int]) -> None:
    """COPY people, plans, check-ins, sessions and their techniques, a thousand people a batch."""
    session_id = 0
    with psycopg.connect(url) as conn:
        for first in range(users.start, users.stop, 1000):
            batch = range(first, min(first + 1000, users.stop))
            people, plans, mornings, sessions, links = [], [], [], [], []
            for uid in batch:
                rng = random.Random(uid)
                created = datetime.combine(START, datetime.min.time(), UTC).isoformat()
                email = f"person{uid}@example.com"
                people.append(
                    _line(uid, email, HASH, "UTC", "right", created, f"s{uid}", 6, "07:00", "20:00")
                )
                plans.append(_line(uid, START, 2, 5, 10))
                for n in range(DAYS):
                    day = START + timedelta(days=n)
                    pain = max(0, min(10, 7 - n // 60 + rng.randint(-1, 1)))
                    client = uuid.UUID(int=rng.getrandbits(128))
                    mornings.append(
                        _line(uid, client, day, None, pain, None, "[]", None, "", created, created)
                    )
                    for slot in range(rng.choice((1, 2, 2))):
                        session_id += 1
                        at = datetime(day.year, day.month, day.day, 7 + 12 * slot, tzinfo=UTC)
                        client = uuid.UUID(int=rng.getrandbits(128))
                        pressure = rng.randint(2, 7)
                        sessions.append(
                            _line(
                                session_id,
                                uid,
                                client,
                                at.isoformat(),
                                day,
                                600,
                                "right",
                                pressure,
                                None,
                                None,
                                "",
                                created,
                                created,
                            )
                        )
                        for technique in rng.sample(technique_ids, 2):
                            links.append(_line(session_id, technique))
            with conn.cursor() as cur:
                for table, rows in (
                    ("users", people),
                    ("plans", plans),
                    ("checkins", mornings),
                    ("care_sessions", sessions),
                    ("session_techniques", links),
                ):
                    columns = COLUMNS[table]
                    with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        copy.write(_buffer(rows).read())
            conn.commit()
            print(f"  loaded {batch.stop - 1:,} people", end="\r", flush=True)
        with conn.cursor() as cur:
            for table in ("users", "care_sessions"):
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            cur.execute("ANALYZE")
        conn.commit()
    print()


def prepare(url: str, users: range) -> tuple[object, str]:
    app = create_app(make_config(url.replace("postgresql://", "postgresql+psycopg://")))
    with app.app_context():
        upgrade()
        technique_ids = [t for (t,) in db.session.execute(db.text("SELECT id FROM techniques"))]
        db.engine.dispose()
    began = time.perf_counter()
    load(url, users, technique_ids)
    print(f"  {len(users):,} people x {DAYS} days loaded in {time.perf_counter() - began:.0f} s")
    with app.app_context():
        _, token = issue_token(db.session.get(User, 1), "bench")
        db.session.commit()
    return app, token


def timed(client, token: str, path: str) -> list[float]:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {token}"}
    client.get(path, headers=headers).get_data()  # warm-up
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        response = client.get(path, headers=headers)
        response.get_data()
        assert response.status_code == 200, response.status_code
        times.append((time.perf_counter() - began) * 1000)
    return times


def explain(url: str) -> None:
    since = (END - timedelta(weeks=8)).isoformat()
    queries = {
        "check-ins (history)": "SELECT date, pain_left, pain_right FROM checkins WHERE user_id = 1",
        "sessions (history)": "SELECT id, local_date FROM care_sessions WHERE user_id = 1",
        "techniques (history)": (
            "SELECT st.session_id, t.slug FROM session_techniques st JOIN techniques t "
            "ON t.id = st.technique_id JOIN care_sessions s ON s.id = st.session_id "
            "WHERE s.user_id = 1"
        ),
        "sessions (8-week export)": (
            f"SELECT * FROM care_sessions WHERE user_id = 1 AND local_date >= '{since}' "
            "ORDER BY local_date, started_at, id"
        ),
        "check-in notes (8-week export)": (
            f"SELECT date, notes FROM checkins WHERE user_id = 1 AND date >= '{since}'"
        ),
    }
    with psycopg.connect(url) as conn:
        for label, sql in queries.items():
            plan = [row[0] for row in conn.execute(f"EXPLAIN {sql}")]
            scans = [line.strip().lstrip("-> ").split("  (")[0] for line in plan if "Scan" in line]
            print(f"  {label}:")
            for scan in scans:
                print(f"      {scan}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=10_000)
    opts = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="firststep-scale-"))
    work.chmod(0o755)
    cluster = PgCluster(work / "pg").init()
    try:
        base = f"postgresql://postgres@127.0.0.1:{cluster.port}"
        for name in ("scale_big", "scale_one"):
            cluster.create_database(name)
        print(f"clinic database: {opts.users:,} people")
        big, big_token = prepare(f"{base}/scale_big", range(1, opts.users + 1))
        print("alone: the same first person only")
        one, one_token = prepare(f"{base}/scale_one", range(1, 2))
        since = (END - timedelta(weeks=8) + timedelta(days=1)).isoformat()
        paths = {
            "dashboard summary": "/api/v1/stats/summary",
            "8-week daily CSV": f"/api/v1/export/daily.csv?from={since}&to={END}",
            "8-week sessions CSV": f"/api/v1/export/sessions.csv?from={since}&to={END}",
        }
        print(f"\n{'':22} {'alone ms':>9} {'clinic ms':>10} {'ratio':>6}   (median of {RUNS})")
        for label, path in paths.items():
            alone = statistics.median(timed(one.test_client(), one_token, path))  # type: ignore[attr-defined]
            clinic = statistics.median(timed(big.test_client(), big_token, path))  # type: ignore[attr-defined]
            print(f"{label:22} {alone:>9.1f} {clinic:>10.1f} {clinic / alone:>6.2f}")
        print("\nquery plans in the clinic database (EXPLAIN):")
        explain(f"{base}/scale_big")
        for app in (big, one):
            with app.app_context():  # type: ignore[attr-defined]
                db.engine.dispose()
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
