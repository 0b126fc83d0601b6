"""`manage.py vapid-keys` and `manage.py reminders`: the keys, the refusals, and real
scheduler processes against a fake push service."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask

from tests.api.helpers import ME
from tests.conftest import VAPID, make_config, register
from tests.reminders.push_helpers import SUBSCRIPTIONS, Browser, FakePushService, decrypt
from tracker import create_app
from tracker.config import ConfigError, load_config
from tracker.extensions import db
from tracker.reminders.vapid import public_key_of

ROOT = Path(__file__).resolve().parents[2]


def _run(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=list(args))


def _refused(result: Result, message: str) -> None:
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_vapid_keys_prints_a_pair_the_settings_accept(app: Flask, tmp_path: Path) -> None:
    result = _run(app, "vapid-keys")

    assert result.exit_code == 0
    printed = dict(
        line.split("=", 1) for line in result.stdout.splitlines() if line.startswith("VAPID_")
    )
    assert set(printed) == set(VAPID)
    assert public_key_of(printed["VAPID_PRIVATE_KEY"]) == printed["VAPID_PUBLIC_KEY"]
    settings = load_config(tmp_path, {**printed, "SECRET_KEY": "x"})
    assert settings["VAPID_PUBLIC_KEY"] == printed["VAPID_PUBLIC_KEY"]
    assert _run(app, "vapid-keys").stdout != result.stdout  # a new pair each time


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"VAPID_SUBJECT": ""}, "VAPID_SUBJECT not set"),
        ({"VAPID_PRIVATE_KEY": "", "VAPID_PUBLIC_KEY": ""}, "VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY"),
        ({"VAPID_PRIVATE_KEY": "not a key"}, "VAPID_PRIVATE_KEY is not a P-256 private key"),
        ({"VAPID_PRIVATE_KEY": "AAAA"}, "VAPID_PRIVATE_KEY is not a P-256 private key"),
        ({"VAPID_PUBLIC_KEY": Browser.new().p256dh}, "does not belong to VAPID_PRIVATE_KEY"),
        ({"VAPID_SUBJECT": "admin@example.com"}, "VAPID_SUBJECT must be a mailto:"),
    ],
)
def test_keys_that_cannot_work_are_refused_at_start_saying_which(
    tmp_path: Path, change: dict[str, str], message: str
) -> None:
    env = {**VAPID, **change, "SECRET_KEY": "x"}

    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path, env)


def test_no_keys_at_all_is_a_server_without_push(tmp_path: Path) -> None:
    settings = load_config(tmp_path, {"SECRET_KEY": "x"})

    assert settings["VAPID_PUBLIC_KEY"] is None


@pytest.fixture
def keyless_app(app: Flask, database_url: str) -> Iterator[Flask]:
    keyless = create_app(make_config(database_url, **dict.fromkeys(VAPID)))
    yield keyless
    with keyless.app_context():
        db.engine.dispose()


def test_the_scheduler_refuses_to_start_without_keys(keyless_app: Flask) -> None:
    result = _run(keyless_app, "reminders", "--once")

    _refused(result, "Push reminders need VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY and VAPID_SUBJECT")
    assert "manage.py vapid-keys" in result.output


def test_production_refuses_to_start_the_scheduler_without_keys(
    database_url: str, tmp_path: Path
) -> None:
    env = {
        **_clean_environment(),
        "FIRSTSTEP_ENV": "production",
        "SECRET_KEY": "s" * 40,
        "DATABASE_URL": database_url,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "reminders", "--once"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 1
    assert "Push reminders need VAPID_PRIVATE_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def _clean_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("VAPID_", "DATABASE_URL"))}


def _due_now() -> dict[str, str]:
    """Settings that make a morning reminder due now: a whole-hour zone where it is about
    noon (far from midnight), the reminder a minute ago."""
    now = datetime.now(UTC)
    offset = (12 - now.hour) % 24
    offset = offset - 24 if offset > 14 else offset
    zone = "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"  # POSIX signs are reversed
    local = now + timedelta(hours=offset) - timedelta(minutes=1)
    return {"timezone": zone, "morning_reminder": local.strftime("%H:%M"), "morning_push": True}


def _scheduler_env(database_url: str) -> dict[str, str]:
    return {**_clean_environment(), **VAPID, "DATABASE_URL": database_url, "SECRET_KEY": "x" * 40}


def test_two_scheduler_processes_at_once_send_each_reminder_once(
    app: Flask, database_url: str
) -> None:
    with FakePushService() as push:
        people = []
        for _ in range(3):
            client = register(app)
            me = client.patch(ME, json=_due_now()).json
            browser = Browser.new()
            endpoint = push.endpoint(str(me["id"]))
            assert client.post(SUBSCRIPTIONS, json=browser.body(endpoint)).status_code == 201
            people.append((me["id"], browser))

        command = [sys.executable, "manage.py", "reminders", "--once"]
        env = _scheduler_env(database_url)
        runs = [
            subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        outputs = [run.communicate(timeout=180)[0] for run in runs]

    assert [run.returncode for run in runs] == [0, 0]
    sent = [int(output.split(" sent")[0].split()[-1]) for output in outputs]
    assert sum(sent) == 3, outputs
    for user_id, browser in people:
        [message] = push.to(str(user_id))
        assert decrypt(message, browser)["kind"] == "morning"


def test_the_scheduler_loop_stops_cleanly_on_sigterm(database_url: str) -> None:
    run = subprocess.Popen(
        [sys.executable, "manage.py", "reminders", "--interval", "5"],
        cwd=ROOT,
        env=_scheduler_env(database_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert run.stdout is not None
    assert "Sending reminders every 5 s" in run.stdout.readline()

    run.send_signal(signal.SIGTERM)
    _, errors = run.communicate(timeout=60)

    assert run.returncode == 0
    assert "Traceback" not in errors
