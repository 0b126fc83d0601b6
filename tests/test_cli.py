"""`manage.py create-user` and `seed-demo`: clear messages, no tracebacks, a believable demo."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from tracker import cli
from tracker.extensions import db
from tracker.models import CareSession, Checkin, Pause, Plan, User
from tracker.timeutil import local_date_of, local_today

PASSWORD_INPUT = f"{PASSWORD}\n{PASSWORD}\n"
ROOT = Path(__file__).resolve().parent.parent


def _run(app: Flask, *args: str, input: str | None = None) -> Result:
    return app.test_cli_runner().invoke(args=list(args), input=input)


def _count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _refused(result: Result, message: str) -> None:
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_create_user_reads_the_password_from_input(app: Flask) -> None:
    result = _run(
        app,
        "create-user",
        "Kim@Example.com",
        "--timezone",
        "Europe/Berlin",
        "--feet",
        "left",
        input=PASSWORD_INPUT,
    )

    assert result.exit_code == 0, result.output
    assert "Created kim@example.com." in result.output
    with app.app_context():
        user = db.session.scalars(select(User)).one()
        assert (user.email, user.timezone, user.feet) == (
            "kim@example.com",
            "Europe/Berlin",
            "left",
        )
        assert user.password_hash.startswith("$argon2id$")
        assert len(user.plans) == 1
    login = app.test_client().post(
        "/api/v1/auth/login", json={"email": "kim@example.com", "password": PASSWORD}
    )
    assert login.status_code == 200


def test_create_user_twice_is_refused_with_a_message(app: Flask) -> None:
    _run(app, "create-user", "lee@example.com", input=PASSWORD_INPUT)

    result = _run(app, "create-user", "LEE@example.com", input=PASSWORD_INPUT)

    _refused(result, "An account for lee@example.com already exists.")
    assert _count(app, User) == 1


@pytest.mark.parametrize(
    ("args", "input", "message"),
    [
        (["not-an-email"], PASSWORD_INPUT, "'not-an-email' is not an email address."),
        (["max@localhost"], PASSWORD_INPUT, "is not an email address."),
        (["max@example.com", "--timezone", "Moon/Base"], PASSWORD_INPUT, "not an IANA timezone"),
        (["max@example.com"], "short\nshort\n", "Password refused: Use at least 10 characters."),
        (["max@example.com"], "password123\npassword123\n", "Password refused: This password"),
        (["max@example.com", "--feet", "three"], PASSWORD_INPUT, "'three' is not one of"),
    ],
    ids=["email", "email-no-dot", "timezone", "short-password", "common-password", "feet"],
)
def test_create_user_with_bad_input_explains_and_creates_nothing(
    app: Flask, args: list[str], input: str, message: str
) -> None:
    result = _run(app, "create-user", *args, input=input)

    _refused(result, message)
    assert _count(app, User) == 0


def test_create_user_reads_one_piped_line_as_manage_py_is_run(
    app: Flask, database_url: str, tmp_path: Path
) -> None:
    """The README's own command, in a real process with a real pipe (no terminal): the
    bug was a second read for the confirmation, which aborted with nothing piped."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "a-cli-test-secret-" + "x" * 32,
        "FIRSTSTEP_ENV": "development",
    }
    command = [sys.executable, str(ROOT / "manage.py"), "create-user", "pipe@example.com"]

    done = subprocess.run(
        command, input=f"{PASSWORD}\n".encode(), env=env, capture_output=True, timeout=120
    )
    again = subprocess.run(
        command, input=f"{PASSWORD}\n".encode(), env=env, capture_output=True, timeout=120
    )
    weak = subprocess.run(
        [*command[:-1], "weak@example.com"],
        input=b"password123\n",
        env=env,
        capture_output=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().strip() == "Created pipe@example.com."
    assert again.returncode != 0
    assert "An account for pipe@example.com already exists." in again.stderr.decode()
    assert weak.returncode != 0
    assert "Password refused:" in weak.stderr.decode()
    for result in (again, weak):
        assert "Traceback" not in result.stderr.decode()
    login = app.test_client().post(
        "/api/v1/auth/login", json={"email": "pipe@example.com", "password": PASSWORD}
    )
    assert login.status_code == 200
    assert _count(app, User) == 1


@pytest.mark.parametrize(
    ("piped", "stored"),
    [
        (f"{PASSWORD}\n", PASSWORD),
        (f"{PASSWORD}\r\n", PASSWORD),  # a file saved on Windows
        (f"{PASSWORD}", PASSWORD),  # no line end at all
        (f" {PASSWORD} \nsecond line\n", f" {PASSWORD} "),  # spaces are part of it
    ],
)
def test_create_user_takes_exactly_the_first_piped_line(
    app: Flask, piped: str, stored: str
) -> None:
    result = _run(app, "create-user", "line@example.com", input=piped)

    assert result.exit_code == 0, result.output
    login = app.test_client().post(
        "/api/v1/auth/login", json={"email": "line@example.com", "password": stored}
    )
    assert login.status_code == 200


def test_create_user_with_nothing_piped_says_how(app: Flask) -> None:
    result = _run(app, "create-user", "none@example.com", input="")

    _refused(result, "No password on stdin: pipe one line")
    assert _count(app, User) == 0


def test_create_user_with_a_password_that_is_not_utf8_says_so(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["create-user", "latin@example.com"], input="café-au-lait-2026\n".encode("latin-1")
    )

    _refused(result, "The password on stdin is not UTF-8 text.")
    assert _count(app, User) == 0


def test_create_user_at_a_terminal_asks_twice_and_refuses_a_mismatch(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_stdin_is_tty", lambda: True)

    mismatch = _run(app, "create-user", "nia@example.com", input=f"{PASSWORD}\nsomething else\n")
    assert "do not match" in mismatch.output
    assert _count(app, User) == 0
    typed = _run(app, "create-user", "nia@example.com", input=PASSWORD_INPUT)

    assert typed.exit_code == 0, typed.output
    assert typed.output.count("Password") == 1
    assert "Repeat for confirmation" in typed.output
    assert _count(app, User) == 1


def test_seed_demo_tells_a_believable_story(app: Flask) -> None:
    result = _run(app, "seed-demo", "--days", "60")

    assert result.exit_code == 0, result.output
    assert "Seeded demo@example.com" in result.output
    today = local_today("UTC")
    now = datetime.now(UTC)
    with app.app_context():
        user = db.session.scalars(select(User)).one()
        checkins = list(db.session.scalars(select(Checkin).order_by(Checkin.date)))
        sessions = list(db.session.scalars(select(CareSession)))
        plan, change = db.session.scalars(select(Plan).order_by(Plan.effective_from)).all()
        pause = db.session.scalars(select(Pause)).one()

        assert user.email == "demo@example.com"
        assert 50 <= len(checkins) <= 60  # a few forgotten mornings
        assert len({c.date for c in checkins}) == len(checkins)
        assert all(today - timedelta(days=59) <= c.date <= today for c in checkins)
        assert all(c.pain_left is None and 0 <= c.pain_right <= 10 for c in checkins)
        assert plan.effective_from <= checkins[0].date
        # A life, not a lab: a week off ill, longer sessions later, a weekly rating.
        assert (pause.reason, (pause.end_date - pause.start_date).days) == ("illness", 6)
        assert change.effective_from == today - timedelta(days=59 - 42)
        assert (change.minutes_min, change.minutes_max) == (8, 12)
        paused_days = {c.date for c in checkins if pause.start_date <= c.date <= pause.end_date}
        assert len(paused_days) >= 5, "pain is still logged while paused"
        ratings = [c for c in checkins if c.global_change]
        assert len(ratings) >= 4
        assert {c.date.weekday() for c in ratings} == {6}
        assert "With a pause for illness" in result.output

        assert 40 <= len(sessions) <= 120
        assert all(len(s.techniques) >= 1 for s in sessions)
        assert all(s.local_date <= today and s.started_at <= now for s in sessions)
        assert not [s for s in sessions if pause.start_date <= s.local_date <= pause.end_date]
        assert all(1 <= s.pressure <= 10 and 1 <= s.duration_s <= 14400 for s in sessions)
        per_day = {c.date: 0 for c in checkins}
        for s in sessions:
            per_day[s.local_date] = per_day.get(s.local_date, 0) + 1
        assert 0 in per_day.values(), "some days are missed"
        assert max(per_day.values()) == 2
        assert len({s.pressure for s in sessions}) >= 4, "steady and hard weeks differ"

    login = app.test_client().post(
        "/api/v1/auth/login", json={"email": "demo@example.com", "password": "demo-heel-2026"}
    )
    assert login.status_code == 200


def test_seed_demo_dates_sessions_in_the_accounts_timezone(app: Flask) -> None:
    zone = "Pacific/Kiritimati"  # UTC+14: the evening's sessions are the next UTC day

    result = _run(app, "seed-demo", "--days", "30", "--timezone", zone)

    assert result.exit_code == 0, result.output
    now = datetime.now(UTC)
    with app.app_context():
        sessions = list(db.session.scalars(select(CareSession)))
        checkins = list(db.session.scalars(select(Checkin)))
    assert sessions
    assert all(s.local_date == local_date_of(s.started_at, zone) for s in sessions)
    assert all(s.started_at <= now for s in sessions)
    assert max(c.date for c in checkins) <= local_today(zone)


def test_seed_demo_twice_without_replace_refuses(app: Flask) -> None:
    _run(app, "seed-demo", "--days", "20")
    before = (_count(app, Checkin), _count(app, CareSession))

    result = _run(app, "seed-demo", "--days", "20")

    _refused(result, "add --replace to overwrite them")
    assert (_count(app, Checkin), _count(app, CareSession)) == before


def test_seed_demo_with_replace_starts_over(app: Flask) -> None:
    _run(app, "seed-demo", "--days", "60")

    result = _run(app, "seed-demo", "--days", "10", "--replace")

    assert result.exit_code == 0, result.output
    assert _count(app, User) == 1
    assert 1 <= _count(app, Checkin) <= 10
    with app.app_context():
        oldest = db.session.scalar(select(func.min(CareSession.local_date)))
    assert oldest is None or oldest >= local_today("UTC") - timedelta(days=9)


def test_seed_demo_fills_an_existing_account_keeping_its_settings(app: Flask) -> None:
    _run(
        app,
        "create-user",
        "demo@example.com",
        "--timezone",
        "Europe/Berlin",
        "--feet",
        "left",
        input=PASSWORD_INPUT,
    )

    result = _run(app, "seed-demo", "--days", "14")

    assert result.exit_code == 0, result.output
    assert "demo-heel-2026" not in result.output  # the account keeps its own password
    with app.app_context():
        user = db.session.scalars(select(User)).one()
        checkins = list(db.session.scalars(select(Checkin)))
    assert (user.timezone, user.feet) == ("Europe/Berlin", "left")
    assert checkins
    assert all(c.pain_left is not None and c.pain_right is None for c in checkins)


def test_seed_demo_replace_may_change_timezone_and_feet(app: Flask) -> None:
    _run(app, "seed-demo", "--days", "14")

    result = _run(
        app, "seed-demo", "--days", "14", "--replace", "--timezone", "Asia/Tokyo", "--feet", "both"
    )

    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalars(select(User)).one()
        checkins = list(db.session.scalars(select(Checkin)))
    assert (user.timezone, user.feet) == ("Asia/Tokyo", "both")
    assert all(c.pain_left is not None and c.pain_right is not None for c in checkins)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timezone", "Nowhere/Land"], "not an IANA timezone"),
        (["--email", "demo"], "is not an email address"),
        (["--days", "0"], "--days"),
        (["--password", "short"], "Password refused"),
    ],
)
def test_seed_demo_with_bad_input_explains_and_writes_nothing(
    app: Flask, args: list[str], message: str
) -> None:
    result = _run(app, "seed-demo", *args)

    _refused(result, message)
    assert _count(app, User) == 0
