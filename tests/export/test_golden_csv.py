"""The sessions and check-ins CSV files, byte for byte, against files made before the export
was made fast (issue 17): speed must not change a single byte a physiotherapist receives.

The golden files in ``golden/`` were written by main's export code of 2026-11-27 (commit
8632255, the row-at-a-time path), from the history built below, with
``GOLDEN_WRITE=1 pytest tests/export/test_golden_csv.py`` on SQLite; the same files are
checked on PostgreSQL. Never regenerate them with the code under test: that would only
compare the new code with itself.

The history is varied where the fast path takes short cuts: time zones with whole-hour,
half-hour and 45-minute offsets, one west of UTC and one at +14, an old date whose offset
has seconds (Amsterdam's +00:19:32 of 1925), instants on both sides of the DST changes,
around local and UTC midnight, with and without microseconds; notes in several scripts,
every formula sign, hidden leads, quotes and line breaks; no technique, one, or all of them;
both feet; client ids or none; days with nothing logged between.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from tests.conftest import ApiClient, register
from tracker.extensions import db
from tracker.models import CareSession, Checkin, Technique, User

GOLDEN = Path(__file__).parent / "golden"

ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "America/St_Johns",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "Europe/Amsterdam",
    "UTC",
]

NOTES = [
    "",
    "fine",
    "Fußsohle brennt, café au lait",
    "痛い、朝の一歩目 😣",
    "=1+1",
    "+49 30 123456",
    "-2",
    "@SUM(A1:A2)",
    '  =HYPERLINK("x")',
    "\u200b=hidden",
    "\tTab first",
    "\nline first",
    "＝full width",
    "|calc",
    "'already quoted",
    "it's fine",
    'say "hi", then\nleave',
    "a,b;c",
    "\u00a0\u3000+spaces of other scripts",
    "ends with space ",
]

TOOLS = [None, "tennis ball", "=tool", "-lacrosse ball", "frozen bottle, 0.5 l"]

DST_DAYS = [
    datetime(2026, 3, 8, tzinfo=UTC),  # United States
    datetime(2026, 3, 29, tzinfo=UTC),  # European Union
    datetime(2026, 4, 5, tzinfo=UTC),  # Lord Howe, Chatham (end)
    datetime(2026, 9, 27, tzinfo=UTC),  # Chatham (start)
    datetime(2026, 10, 4, tzinfo=UTC),  # Lord Howe (start)
    datetime(2026, 10, 25, tzinfo=UTC),  # European Union
    datetime(2026, 11, 1, tzinfo=UTC),  # United States
]


def _instants() -> list[datetime]:
    """Every half hour for a day around each DST change, some with microseconds; a few
    lone days far apart (empty days between), and one instant of 1925."""
    moments = []
    for n, day in enumerate(DST_DAYS):
        for step in range(-12, 36):
            micro = (0, 1, 123456, 999999)[(step + n) % 4]
            shift = timedelta(minutes=30 * step, seconds=step % 60, microseconds=micro)
            moments.append(day + shift)
    moments += [
        datetime(2026, 1, 1, 0, 0, tzinfo=UTC),
        datetime(2026, 1, 1, 0, 0, tzinfo=UTC),  # the same instant twice: the id decides
        datetime(2026, 6, 30, 23, 59, 59, 999999, tzinfo=UTC),
        datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(1925, 5, 1, 6, 30, tzinfo=UTC),
    ]
    return moments


def _build(app: Flask, zone_name: str, first_id: int) -> ApiClient:
    """One person in ``zone_name`` with the whole varied history, signed in."""
    person = register(app, f"golden-{first_id}@example.com", timezone=zone_name)
    zone = ZoneInfo(zone_name)
    with app.app_context():
        user = db.session.execute(
            db.select(User).where(User.email == f"golden-{first_id}@example.com")
        ).scalar_one()
        assert user.timezone == zone_name
        techniques = db.session.execute(db.select(Technique).order_by(Technique.id)).scalars().all()
        for n, moment in enumerate(_instants()):
            picked = [] if n % 5 == 0 else techniques[n % len(techniques) :][: 1 + n % 4]
            if n % 17 == 0:
                picked = list(techniques)
            db.session.add(
                CareSession(
                    id=first_id + n,
                    user_id=user.id,
                    client_id=None if n % 3 == 0 else uuid.UUID(int=(first_id + n) * 7919),
                    started_at=moment,
                    local_date=moment.astimezone(zone).date(),
                    duration_s=1 + (n * 97) % 14400,
                    foot=("left", "right", "both")[n % 3],
                    pressure=1 + n % 10,
                    discomfort=None if n % 4 == 0 else n % 11,
                    tool=TOOLS[n % len(TOOLS)],
                    notes=NOTES[n % len(NOTES)],
                    created_at=moment + timedelta(minutes=n % 90),
                    updated_at=moment + timedelta(hours=n % 30, microseconds=n % 2),
                    techniques=picked,
                )
            )
        first_day = date(2026, 2, 1)
        for n in range(0, 300, 1 + (first_id // 1000) % 3):
            moment = datetime(2026, 2, 1, 5, 45, n % 60, (n * 4099) % 1_000_000, tzinfo=UTC)
            moment += timedelta(days=n, hours=n % 24)
            db.session.add(
                Checkin(
                    id=first_id + n,
                    user_id=user.id,
                    client_id=None if n % 4 == 0 else uuid.UUID(int=(first_id + n) * 104729),
                    date=first_day + timedelta(days=n),
                    pain_left=None if n % 3 == 1 else n % 11,
                    pain_right=None if n % 3 == 2 else (n * 3) % 11,
                    stiffness=None if n % 5 == 0 else n % 11,
                    warning_signs=[] if n % 6 else ["numbness", "night_pain"][: 1 + n % 2],
                    global_change=None if n % 7 else "much-improved",
                    notes=NOTES[(n * 3) % len(NOTES)],
                    created_at=moment,
                    updated_at=moment + timedelta(days=n % 3),
                )
            )
        db.session.commit()
    return person


@pytest.mark.parametrize("kind", ["sessions", "checkins"])
def test_record_files_are_byte_for_byte_as_before(app: Flask, kind: str) -> None:
    clients = [(zone, _build(app, zone, 900_000 + 1000 * n)) for n, zone in enumerate(ZONES)]

    for zone_name, client in clients:
        body = client.get(f"/api/v1/export/{kind}.csv").get_data()
        ranged = client.get(f"/api/v1/export/{kind}.csv?from=2026-03-29&to=2026-10-04").get_data()
        for name, data in ((f"{kind}-{zone_name}", body), (f"{kind}-{zone_name}-ranged", ranged)):
            path = GOLDEN / (name.replace("/", "_") + ".csv")
            if os.environ.get("GOLDEN_WRITE") == "1":
                path.write_bytes(data)
            assert data == path.read_bytes(), name
