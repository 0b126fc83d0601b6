"""The scheduler's tick against a fake push service on this machine: what a browser would
receive (decrypted with its own key), whom it reaches, and what is never sent twice."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from tests.api.conftest import Rows
from tests.api.helpers import ME
from tests.conftest import VAPID, ApiClient, make_config, register
from tests.reminders.push_helpers import (
    SUBSCRIPTIONS,
    Browser,
    FakePushService,
    decrypt,
    verify_vapid,
)
from tracker import create_app
from tracker.extensions import db
from tracker.models import CareSession, Checkin, Pause, PushSubscription, SentReminder
from tracker.reminders import service
from tracker.reminders.service import LEASE, RETRY_AFTER, TickReport, run_tick, vapid_from

DAY = date(2030, 6, 14)
MORNING = datetime(2030, 6, 14, 7, 1, tzinfo=UTC)
"""A minute after a 07:00 reminder for someone in UTC."""
EVENING = datetime(2030, 6, 14, 20, 1, tzinfo=UTC)


@pytest.fixture
def push() -> Iterator[FakePushService]:
    with FakePushService() as service:
        yield service


@dataclass
class Someone:
    client: ApiClient
    user_id: int
    browsers: dict[str, Browser]


def someone(
    app: Flask, push: FakePushService, devices: tuple[str, ...] = ("phone",), **me: Any
) -> Someone:
    """An account with reminders switched on (morning by default) and subscribed devices."""
    client = register(app)
    settings = {"morning_push": True, **me}
    response = client.patch(ME, json=settings)
    assert response.status_code == 200, response.json
    browsers = {}
    for name in devices:
        browsers[name] = Browser.new()
        body = browsers[name].body(push.endpoint(f"{response.json['id']}-{name}"))
        assert client.post(SUBSCRIPTIONS, json=body).status_code == 201
    return Someone(client, response.json["id"], browsers)


def about(moment: datetime | None, expected: datetime) -> bool:
    """Times written during a tick are its ``now`` plus the (short) time it has run."""
    return moment is not None and timedelta(0) <= moment - expected < timedelta(seconds=10)


def tick(app: Flask, now: datetime) -> TickReport:
    with app.app_context():
        vapid = vapid_from(app.config)
        assert vapid is not None
        return run_tick(now, vapid)


def add(app: Flask, *rows: Any) -> None:
    with app.app_context():
        db.session.add_all(rows)
        db.session.commit()


def test_a_due_reminder_reaches_the_device_encrypted_signed_and_without_health_data(
    app: Flask, push: FakePushService, rows: Rows
) -> None:
    alice = someone(app, push)
    add(
        app,
        Checkin(
            user_id=alice.user_id,
            date=DAY - timedelta(days=1),
            pain_right=9,
            notes="private: the heel is worse",
        ),
    )

    report = tick(app, MORNING)

    assert (report.due, report.sent) == (1, 1)
    [message] = push.to(f"{alice.user_id}-phone")
    assert decrypt(message, alice.browsers["phone"]) == {
        "kind": "morning",
        "title": "FirstStep",
        "body": "Time for your first-step check-in",
        "url": "/",
        "tag": "firststep-morning",
    }
    assert "heel" not in str(message.headers)
    claims = verify_vapid(message, VAPID["VAPID_PUBLIC_KEY"], push.origin)
    assert claims["sub"] == "mailto:tests@example.com"
    assert message.headers["content-encoding"] == "aes128gcm"
    assert 0 < int(message.headers["ttl"]) <= 3 * 3600
    assert message.headers["topic"] == "firststep-morning"
    sent = rows.one(select(SentReminder))
    assert (sent.kind, sent.local_date) == ("morning", DAY)
    assert about(sent.sent_at, MORNING)
    assert about(rows.one(select(PushSubscription)).last_success_at, MORNING)


def test_the_evening_reminder_opens_log(app: Flask, push: FakePushService) -> None:
    bob = someone(app, push, morning_push=False, evening_push=True)

    assert tick(app, EVENING).sent == 1

    [message] = push.received
    payload = decrypt(message, bob.browsers["phone"])
    assert (payload["kind"], payload["url"], payload["tag"]) == (
        "evening",
        "/log",
        "firststep-evening",
    )
    assert payload["body"] == "Time for today's self-care session"


def test_every_device_of_the_person_gets_it_once_and_no_later_tick_repeats_it(
    app: Flask, push: FakePushService
) -> None:
    alice = someone(app, push, devices=("phone", "laptop"))

    tick(app, MORNING)
    for minutes in (1, 30, 170):
        assert tick(app, MORNING + timedelta(minutes=minutes)).due == 0

    assert len(push.to(f"{alice.user_id}-phone")) == 1
    assert len(push.to(f"{alice.user_id}-laptop")) == 1


def test_a_logged_check_in_skips_the_morning_and_the_next_day_still_rings(
    app: Flask, push: FakePushService
) -> None:
    alice = someone(app, push)
    add(app, Checkin(user_id=alice.user_id, date=DAY, pain_right=4))

    assert tick(app, MORNING).due == 0
    assert push.received == []
    assert tick(app, MORNING + timedelta(days=1)).sent == 1


def test_the_evening_is_skipped_once_the_planned_session_is_logged(
    app: Flask, push: FakePushService
) -> None:
    bob = someone(app, push, morning_push=False, evening_push=True)
    bob.client.patch(ME, json={"plan": {"sessions_per_day": 1}})
    add(
        app,
        CareSession(
            user_id=bob.user_id,
            started_at=EVENING - timedelta(hours=10),
            local_date=DAY,
            duration_s=600,
            foot="right",
            pressure=4,
        ),
    )

    assert tick(app, EVENING).due == 0
    assert push.received == []


def test_a_paused_day_and_a_switched_off_reminder_send_nothing(
    app: Flask, push: FakePushService
) -> None:
    paused = someone(app, push)
    add(app, Pause(user_id=paused.user_id, start_date=DAY, end_date=DAY, reason="travel"))
    switched_off = someone(app, push)
    switched_off.client.patch(ME, json={"morning_push": False})

    assert tick(app, MORNING).due == 0
    assert push.received == []


def test_the_reminder_rings_at_the_persons_own_local_time(
    app: Flask, push: FakePushService
) -> None:
    someone(app, push, timezone="Pacific/Kiritimati")  # 07:00 on the 15th is 17:00 UTC

    assert tick(app, MORNING).due == 0
    assert tick(app, datetime(2030, 6, 14, 17, 0, tzinfo=UTC)).sent == 1


def test_a_person_with_a_zone_no_longer_known_is_skipped_and_everyone_else_reminded(
    app: Flask, push: FakePushService, rows: Rows
) -> None:
    from sqlalchemy import update

    from tracker.models import User

    lost = someone(app, push)
    kept = someone(app, push)
    rows.execute(update(User).where(User.id == lost.user_id).values(timezone="Mars/Olympus"))

    report = tick(app, MORNING)

    assert report.sent == 1
    assert push.to(f"{lost.user_id}-phone") == []
    assert len(push.to(f"{kept.user_id}-phone")) == 1


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_subscription_is_deleted_and_the_others_still_get_it(
    app: Flask, push: FakePushService, rows: Rows, status: int
) -> None:
    alice = someone(app, push, devices=("old", "new"))
    push.answers[f"/push/{alice.user_id}-old"] = status

    report = tick(app, MORNING)

    assert (report.sent, report.gone) == (1, 1)
    assert [s["device_name"] for s in alice.client.get(SUBSCRIPTIONS).json] == ["Pixel 8"]
    kept = rows.one(select(PushSubscription))
    assert kept.endpoint.endswith("-new")


def test_a_failing_push_service_is_retried_on_a_later_tick_and_then_sent_once(
    app: Flask, push: FakePushService, rows: Rows
) -> None:
    alice = someone(app, push)
    path = f"/push/{alice.user_id}-phone"
    push.answers[path] = 503

    first = tick(app, MORNING)
    assert (first.sent, first.failed) == (0, 1)
    waiting = rows.one(select(SentReminder))
    assert waiting.sent_at is None
    assert about(rows.one(select(PushSubscription)).last_failure_at, MORNING)

    assert tick(app, MORNING + RETRY_AFTER / 2).taken == 1  # too soon: not tried again
    push.answers[path] = 201
    retry = MORNING + RETRY_AFTER + timedelta(seconds=10)
    assert tick(app, retry).sent == 1
    assert tick(app, retry + RETRY_AFTER).due == 0

    assert len(push.to(f"{alice.user_id}-phone")) == 2  # the refused one, then the retry
    done = rows.one(select(SentReminder))
    assert done.attempts == 2
    assert about(done.sent_at, retry)


def test_an_unreachable_push_service_is_a_failure_not_a_crash(app: Flask, rows: Rows) -> None:
    with FakePushService() as push:
        alice = someone(app, push)
    # The service is shut down: nothing listens at the endpoint any more.

    report = tick(app, MORNING)

    assert (report.sent, report.failed) == (0, 1)
    assert rows.one(select(SentReminder)).sent_at is None
    assert rows.count(PushSubscription, PushSubscription.user_id == alice.user_id) == 1


def test_a_reminder_stops_being_retried_when_its_window_closes(
    app: Flask, push: FakePushService
) -> None:
    alice = someone(app, push)
    push.answers[f"/push/{alice.user_id}-phone"] = 500

    tick(app, MORNING)
    assert tick(app, MORNING + timedelta(hours=2, minutes=58)).failed == 1
    assert tick(app, MORNING + timedelta(hours=3)).due == 0


def test_sent_rows_are_forgotten_after_a_week(
    app: Flask, push: FakePushService, rows: Rows
) -> None:
    someone(app, push)
    tick(app, MORNING)

    tick(app, MORNING + timedelta(days=8))

    days = [r.local_date for r in rows.all(select(SentReminder).order_by(SentReminder.id))]
    assert days == [DAY + timedelta(days=8)]


def test_deleting_the_account_deletes_its_subscriptions_and_sent_reminders(
    app: Flask, push: FakePushService, rows: Rows
) -> None:
    from tests.conftest import PASSWORD

    alice = someone(app, push)
    tick(app, MORNING)

    assert alice.client.delete(ME, json={"password": PASSWORD}).status_code == 204

    assert rows.count(PushSubscription) == 0
    assert rows.count(SentReminder) == 0


# --- Several schedulers at once --------------------------------------------------------


@pytest.fixture
def second_app(app: Flask, database_url: str) -> Iterator[Flask]:
    """Another scheduler process's app: its own engine, its own connections."""
    other = create_app(make_config(database_url))
    yield other
    with other.app_context():
        db.engine.dispose()


def test_two_schedulers_at_once_send_each_reminder_once(
    app: Flask,
    second_app: Flask,
    push: FakePushService,
    rows: Rows,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both read who is due before either claims anything (a barrier holds the first
    until the second has read too), so both try to send every reminder; the unique row
    lets exactly one of them."""
    people = [
        someone(app, push, devices=("phone", "laptop"), evening_push=True, evening_reminder="07:00")
        for _ in range(4)
    ]
    barrier = threading.Barrier(2, timeout=30)
    read = service._people

    def read_then_wait(now: datetime) -> Any:
        found = read(now)
        barrier.wait()
        return found

    monkeypatch.setattr(service, "_people", read_then_wait)
    reports: list[TickReport] = []
    errors: list[BaseException] = []

    def scheduler(flask_app: Flask) -> None:
        try:
            reports.append(tick(flask_app, MORNING))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=scheduler, args=(a,)) for a in (app, second_app)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert [r.due for r in reports] == [8, 8]  # each saw all 4 people × 2 reminders
    assert sum(r.sent for r in reports) == 8
    assert sum(r.taken for r in reports) == 8
    for person in people:
        for device in ("phone", "laptop"):
            kinds = [
                decrypt(m, person.browsers[device])["kind"]
                for m in push.to(f"{person.user_id}-{device}")
            ]
            assert sorted(kinds) == ["evening", "morning"]
    assert rows.count(SentReminder) == 8


def test_a_scheduler_that_died_mid_send_leaves_the_reminder_to_another_after_the_lease(
    app: Flask, second_app: Flask, push: FakePushService, rows: Rows
) -> None:
    alice = someone(app, push)
    add(
        app,
        SentReminder(
            user_id=alice.user_id,
            kind="morning",
            local_date=DAY,
            claimed_at=MORNING,
            lease_until=MORNING + LEASE,
        ),
    )

    assert tick(second_app, MORNING + LEASE / 2).taken == 1
    assert push.received == []
    assert tick(second_app, MORNING + LEASE).sent == 1
    assert len(push.received) == 1
