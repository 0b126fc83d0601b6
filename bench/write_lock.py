"""What a POST holds SQLite's write lock for, counted rather than timed (a shared machine's
clock says little): the Python calls and SQL statements from the INSERT that takes the lock
to the end of the COMMIT that frees it, with ``sys.setprofile``; median of N writes, and the
whole request's Python calls beside it. Run from the checkout to measure:

    cd CHECKOUT && python bench/write_lock.py [--writes 75]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path.cwd()))

from sqlalchemy import event

from bench.support import make_app
from tracker.extensions import db


class Counter:
    """Profile events of one request; the lock's share starts at the first INSERT."""

    def __init__(self) -> None:
        self.calls = self.c_calls = 0
        self.locked: list[int] | None = None  # [calls, c_calls, statements] once locked
        self.done = False

    def profile(self, frame: Any, what: str, arg: Any) -> None:
        if what == "call":
            self.calls += 1
            if self.locked is not None and not self.done:
                self.locked[0] += 1
        elif what == "c_call":
            self.c_calls += 1
            if self.locked is not None and not self.done:
                self.locked[1] += 1
        elif (
            what == "c_return"
            and self.locked is not None
            and not self.done
            and getattr(arg, "__name__", "") == "commit"
            and "sqlite3" in repr(arg)
        ):
            self.locked[2] += 1
            self.done = True

    def statement(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if self.locked is None and statement.lstrip().upper().startswith("INSERT"):
            self.locked = [0, 0, 0]
        if self.locked is not None and not self.done:
            self.locked[2] += 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=75)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(folder)
        client = app.test_client()
        account = {"email": "w@example.com", "password": "a long enough passphrase"}
        signed_in = client.post(
            "/api/v1/auth/register", json={**account, "timezone": "UTC", "feet": "both"}
        )
        csrf = {"X-CSRF-Token": signed_in.headers["X-CSRF-Token"]}
        made = client.post("/api/v1/tokens", json={"name": "bench"}, headers=csrf)
        token = made.json["token"]
        client.delete_cookie("session")
        headers = {"Authorization": f"Bearer {token}"}
        with app.app_context():
            engine = db.engine
        bodies = {
            "session": lambda n: (
                "/api/v1/sessions",
                {
                    "started_at": f"2026-11-2{n % 5}T07:{n % 60:02d}:00+00:00",
                    "duration_s": 600,
                    "foot": "right",
                    "techniques": ["thumb-walk", "ball-roll", "stretch"],
                    "pressure": 4,
                },
            ),
            "check-in": lambda n: (
                "/api/v1/checkins",
                {"date": f"2024-{1 + n // 28:02d}-{1 + n % 28:02d}", "pain_right": 3},
            ),
        }
        for kind, body in bodies.items():
            rows = []
            for n in range(opts.writes + 5):
                path, payload = body(n)
                counter = Counter()
                event.listen(engine, "before_cursor_execute", counter.statement)
                sys.setprofile(counter.profile)
                response = client.post(path, json=payload, headers=headers)
                sys.setprofile(None)
                event.remove(engine, "before_cursor_execute", counter.statement)
                assert response.status_code == 201, response.json
                if n >= 5 and counter.locked:  # the first writes warm caches
                    rows.append((*counter.locked, counter.calls))
            med = [statistics.median(column) for column in zip(*rows, strict=True)]
            print(
                f"{kind}: under the lock {med[0]:.0f} Python calls ({med[0] + med[1]:.0f} "
                f"with C calls), {med[2]:.0f} statements incl. COMMIT; "
                f"whole request {med[3]:.0f} Python calls"
            )


if __name__ == "__main__":
    main()
