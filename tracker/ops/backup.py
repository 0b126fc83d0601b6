"""Online backup and restore of a SQLite database.

SQLite's backup API copies a consistent snapshot while the app keeps writing
(each step is a read transaction; in WAL mode writers are never blocked), so
no downtime is needed. A restore is checked before it touches anything: the
file must be a SQLite database that passes ``PRAGMA integrity_check`` and
carries this app's schema, so a wrong file cannot replace real data.
PostgreSQL has its own, better tools (``pg_dump``/``pg_restore``), documented
in the README rather than wrapped here.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

PAGES_PER_STEP = 1024
"""Copy 4 MB at a time, releasing the lock between steps so writers keep going."""
REQUIRED_TABLES = frozenset({"alembic_version", "users", "checkins", "care_sessions"})


class BackupError(Exception):
    """A message for the person at the command line."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    bytes: int
    users: int
    checkins: int
    sessions: int
    revision: str


def sqlite_path(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise BackupError(
            f"The database is {parsed.get_backend_name()}, not SQLite. Back up PostgreSQL with "
            "pg_dump --format=custom and restore with pg_restore (see README, 'Backups')."
        )
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("An in-memory database has nothing to back up.")
    return Path(parsed.database)


def _check(conn: sqlite3.Connection, what: str) -> BackupResult:
    try:
        status = conn.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{what} is not a SQLite database ({error}).") from error
    if status != "ok":
        raise BackupError(f"{what} failed SQLite's integrity check: {status}.")
    missing = REQUIRED_TABLES - tables
    if missing:
        raise BackupError(f"{what} is not a FirstStep database (no {', '.join(sorted(missing))}).")

    def count(table: str) -> int:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return BackupResult(
        Path(what),
        0,
        count("users"),
        count("checkins"),
        count("care_sessions"),
        revision[0] if revision else "",
    )


def backup(url: str, target: Path, *, overwrite: bool = False) -> BackupResult:
    source_path = sqlite_path(url)
    if not source_path.exists():
        raise BackupError(f"There is no database at {source_path}.")
    if target.exists() and not overwrite:
        raise BackupError(f"{target} already exists; choose a new file or pass --overwrite.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy, pages=PAGES_PER_STEP)
        result = _check(copy, str(target))
    finally:
        copy.close()
        source.close()
    partial.replace(target)  # a finished backup appears at once, never half-written
    return BackupResult(
        target,
        target.stat().st_size,
        result.users,
        result.checkins,
        result.sessions,
        result.revision,
    )


def restore(url: str, source: Path) -> BackupResult:
    """Replace the live database's content with ``source``, in one step.

    The backup API writes the whole copy in one transaction on the live file, so
    running app servers see either the old data or the restored data, never a mix;
    their next query simply reads the restored content.
    """
    target_path = sqlite_path(url)
    if not source.is_file():
        raise BackupError(f"There is no backup file at {source}.")
    backup_conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        checked = _check(backup_conn, str(source))
        live = sqlite3.connect(target_path, timeout=30)
        try:
            backup_conn.backup(live)  # pages=-1: all at once, one transaction
            _check(live, str(target_path))
        finally:
            live.close()
    finally:
        backup_conn.close()
    return BackupResult(
        target_path,
        target_path.stat().st_size,
        checked.users,
        checked.checkins,
        checked.sessions,
        checked.revision,
    )
