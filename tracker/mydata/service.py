"""Everything a person stored, as one zip: the export CSVs plus their settings.

The CSV members are the very files the export sends (``export/files.py``: same generators,
same writer), so a physiotherapist's tools and a re-import read them alike.
The zip is written into a spooled temporary file: small accounts stay in
memory, a large history spills to disk, and rows are never all held at once.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date
from tempfile import SpooledTemporaryFile
from typing import IO, Any

from sqlalchemy import func, select

from tracker.common.dates import capped_start
from tracker.experiments.service import experiment_summaries
from tracker.export.csv_writer import csv_chunks
from tracker.export.service import (
    checkin_rows,
    checkins_header,
    daily_header,
    daily_rows,
    pause_rows,
    pauses_header,
    plan_rows,
    plans_header,
    session_rows,
    sessions_header,
)
from tracker.extensions import db
from tracker.models import ApiToken, CareSession, Checkin, Pause, ShareLink, User
from tracker.mydata.schemas import AccountExportSchema
from tracker.timeutil import local_date_of

SPOOL_BYTES = 8 * 1024 * 1024
"""Archives up to 8 MiB stay in memory; larger ones go to a temporary file."""
SEND_CHUNK = 64 * 1024


def first_day(user: User) -> date:
    """The earliest day anything is recorded for: sign-up, or an imported older record."""
    candidates = [local_date_of(user.created_at, user.timezone)]
    for column, owner in (
        (Checkin.date, Checkin.user_id),
        (CareSession.local_date, CareSession.user_id),
        (Pause.start_date, Pause.user_id),
    ):
        earliest = db.session.scalar(select(func.min(column)).where(owner == user.id))
        if earliest is not None:
            candidates.append(earliest)
    candidates.extend(plan.effective_from for plan in user.plans)
    return min(candidates)


def account_document(user: User) -> dict[str, Any]:
    tokens = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
    )
    links = db.session.scalars(
        select(ShareLink).where(ShareLink.user_id == user.id).order_by(ShareLink.id)
    )
    return AccountExportSchema().dump(
        {
            "email": user.email,
            "timezone": user.timezone,
            "feet": user.feet,
            "created_at": user.created_at,
            "global_change_weekday": user.global_change_weekday,
            "morning_reminder": user.morning_reminder,
            "evening_reminder": user.evening_reminder,
            "plans": list(user.plans),
            "api_tokens": list(tokens),
            "share_links": list(links),
            "experiments": experiment_summaries(user),
        }
    )


def _write_csv(
    archive: zipfile.ZipFile, name: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    with archive.open(name, "w") as member:
        for chunk in csv_chunks(header, rows):
            member.write(chunk)


def write_archive(user: User, today: date) -> IO[bytes]:
    """The zip, rewound and ready to send; the caller closes it.

    daily.csv starts on the first day anything is recorded, but goes back no further than
    the common cap on a range (a pause in year 1, stored before pauses were bounded, would
    otherwise ask for millennia of days); the record files keep every row."""
    target: IO[bytes] = SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    zone = user.timezone
    start = capped_start(first_day(user), today)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        daily = daily_rows(user, start, today) if start <= today else iter(())
        _write_csv(archive, "daily.csv", daily_header(zone), daily)
        _write_csv(archive, "sessions.csv", sessions_header(zone), session_rows(user, None, None))
        _write_csv(archive, "checkins.csv", checkins_header(zone), checkin_rows(user, None, None))
        _write_csv(archive, "pauses.csv", pauses_header(zone), pause_rows(user))
        _write_csv(archive, "plans.csv", plans_header(zone), plan_rows(user))
        archive.writestr(
            "account.json", json.dumps(account_document(user), indent=2, ensure_ascii=False)
        )
    target.seek(0)
    return target
