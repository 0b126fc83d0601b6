"""Push subscriptions, and the scheduler's tick that sends the reminders due.

No duplicates, however many schedulers run: a reminder is a row of ``sent_reminders``
whose unique key is (person, kind, local day). A scheduler INSERTs and commits that row
*before* it sends, and sends only if its INSERT won; every other scheduler's INSERT fails
on the key and it moves on. The database is the lock, so it holds across processes and
machines, on SQLite and PostgreSQL alike, with no Redis to keep alive and no lock that
can expire while its holder is still sending (a Redis lock with a timeout can). The row
also remembers, for the rest of the day, that the reminder went out.

A reminder no device accepted (the push service answered 5xx, or did not answer) keeps
its row with ``sent_at`` empty and a short lease; a later tick takes it over with a
conditional UPDATE (``lease_until`` passed, still not sent) that only one scheduler can
win, and tries again while the reminder's window is open. Accepted by one device is
sent: the person has been reminded. A scheduler killed between a push service's
"accepted" and its own commit would leave the reminder to be sent again after the
lease: at least once for that one instant, never twice otherwise.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from sqlalchemy import CursorResult, delete, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from tracker.common.errors import invalid
from tracker.common.ownership import get_owned
from tracker.extensions import db
from tracker.i18n.text import DEFAULT_LANGUAGE, LANGUAGES
from tracker.models import CareSession, Checkin, Pause, Plan, PushSubscription, SentReminder, User
from tracker.reminders.due import Due, Facts, Kind, Person, due_reminders, local_day
from tracker.reminders.webpush import Outcome, Target, Vapid, send
from tracker.timeutil import is_valid_timezone

if TYPE_CHECKING:
    import requests

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
"""How long a claimed reminder is its scheduler's alone: far longer than sending it to
every device of one person can take (10 s a push service at most). Only a scheduler that
died mid-send makes anyone wait for it."""
RETRY_AFTER = timedelta(minutes=1)
"""A reminder no device accepted is tried again a tick or two later."""
KEEP_SENT = timedelta(days=7)
"""Sent rows older than this are only history, and are deleted."""
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


# --- Subscriptions ---------------------------------------------------------------------


def owned_subscriptions(user: User) -> list[PushSubscription]:
    return list(
        db.session.scalars(
            select(PushSubscription)
            .where(PushSubscription.user_id == user.id)
            .order_by(PushSubscription.id)
        )
    )


def _check_endpoint(endpoint: str, allow_loopback_http: bool) -> None:
    """A push service's address: https, the only scheme browsers hand out. Plain http to
    this machine only in testing, for a fake push service."""
    parts = urlsplit(endpoint)
    if parts.scheme == "https" and parts.hostname:
        return
    if allow_loopback_http and parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS:
        return
    raise invalid("endpoint", "Must be an https:// address of a browser's push service.")


def subscribe(
    user: User,
    endpoint: str,
    p256dh: str,
    auth: str,
    device_name: str,
    *,
    language: str | None = None,
    allow_loopback_http: bool = False,
) -> tuple[PushSubscription, bool]:
    """Store a browser's subscription; ``True`` if it is new.

    The same endpoint again (the browser subscribed anew, or someone else signed in on
    that device) updates the row: the device gets each reminder once, for whoever is
    signed in on it now. ``language`` is the browser's (its reminders' words when the
    account has none)."""
    _check_endpoint(endpoint, allow_loopback_http)
    values = {
        "user_id": user.id,
        "p256dh": p256dh,
        "auth": auth,
        "device_name": device_name,
        "language": language,
    }
    for _ in range(2):  # a second try when a parallel request stored the endpoint first
        row = db.session.scalars(
            select(PushSubscription).where(PushSubscription.endpoint == endpoint)
        ).one_or_none()
        created = row is None
        if row is None:
            row = PushSubscription(endpoint=endpoint, **values)
            db.session.add(row)
        else:
            for key, value in values.items():
                setattr(row, key, value)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            continue
        return row, created
    raise invalid("endpoint", "This subscription is being stored by another request; retry.")


def unsubscribe(user: User, subscription_id: int) -> None:
    db.session.delete(get_owned(PushSubscription, user.id, subscription_id, "subscription"))
    db.session.commit()


# --- The scheduler's tick --------------------------------------------------------------


@dataclass
class TickReport:
    """What one tick did, for the log and the tests."""

    due: int = 0
    sent: int = 0
    taken: int = 0
    """Due, but claimed by another scheduler (or already being retried by one)."""
    failed: int = 0
    gone: int = 0
    """Subscriptions the push service said no longer exist, now deleted."""


Sender = Callable[[Target, Kind, Vapid, int, "requests.Session"], Outcome]


def run_tick(now: datetime, vapid: Vapid, sender: Sender = send) -> TickReport:
    """Send every reminder due at ``now`` (aware), each at most once across schedulers.

    What is due is decided at ``now``; leases and timestamps are taken at ``now`` plus the
    time the tick has run, so a long tick (many people, slow push services) never writes a
    lease that has already run out."""
    import requests  # the scheduler's alone (see webpush.send)

    started = time.monotonic()

    def clock() -> datetime:
        return now + timedelta(seconds=time.monotonic() - started)

    report = TickReport()
    people = _people(now)
    db.session.rollback()  # no transaction held open while the network is used
    with requests.Session() as session:
        for user_id, (person, facts) in people.items():
            for due in due_reminders(now, person, facts):
                report.due += 1
                if not _claim(user_id, due, clock()):
                    report.taken += 1
                    continue
                _deliver(user_id, due, clock, vapid, sender, session, report)
    _forget_old(now)
    return report


def _wants_push() -> Any:
    has_device = exists().where(PushSubscription.user_id == User.id)
    return select(User.id).where(or_(User.morning_push, User.evening_push), has_device)


def _grouped(stmt: Any) -> dict[int, list[tuple[Any, ...]]]:
    """A query's rows by their first column, the person's id."""
    found: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for user_id, *rest in db.session.execute(stmt):
        found[user_id].append(tuple(rest))
    return found


def _people(now: datetime) -> dict[int, tuple[Person, Facts]]:
    """Everyone with a reminder switched on and a device, and the facts of the local days
    around now (every zone's today is within a day of UTC's): a fixed number of queries,
    whatever the number of people."""
    wanted = _wants_push()
    first, last = now.date() - timedelta(days=1), now.date() + timedelta(days=1)
    users = db.session.execute(
        select(
            User.id,
            User.timezone,
            User.morning_reminder,
            User.evening_reminder,
            User.morning_push,
            User.evening_push,
        ).where(User.id.in_(wanted))
    ).all()
    checkins = _grouped(
        select(Checkin.user_id, Checkin.date).where(
            Checkin.user_id.in_(wanted), Checkin.date.between(first, last)
        )
    )
    sessions = _grouped(
        select(CareSession.user_id, CareSession.local_date, func.count())
        .where(CareSession.user_id.in_(wanted), CareSession.local_date.between(first, last))
        .group_by(CareSession.user_id, CareSession.local_date)
    )
    pauses = _grouped(
        select(Pause.user_id, Pause.start_date, Pause.end_date).where(
            Pause.user_id.in_(wanted), Pause.start_date <= last, Pause.end_date >= first
        )
    )
    plans = _grouped(
        select(Plan.user_id, Plan.effective_from, Plan.sessions_per_day)
        .where(Plan.user_id.in_(wanted))
        .order_by(Plan.effective_from)
    )
    sent = _grouped(
        select(SentReminder.user_id, SentReminder.kind, SentReminder.local_date).where(
            SentReminder.user_id.in_(wanted),
            SentReminder.local_date.between(first, last),
            SentReminder.sent_at.is_not(None),
        )
    )
    people = {}
    for user_id, zone, morning_at, evening_at, morning_on, evening_on in users:
        if not is_valid_timezone(zone):  # one row the zone database no longer knows
            log.warning("reminders skip person %s: unknown time zone", user_id)
            continue
        today = local_day(now, zone)
        in_force = [per_day for since, per_day in plans[user_id] if since <= today]
        facts = Facts(
            pauses=[(start, end) for start, end in pauses[user_id]],
            checkins={day for (day,) in checkins[user_id]},
            sessions=dict(sessions[user_id]),
            sessions_per_day=in_force[-1] if in_force else 1,
            sent={(kind, day) for kind, day in sent[user_id]},
        )
        people[user_id] = (Person(zone, morning_at, evening_at, morning_on, evening_on), facts)
    return people


def _claim(user_id: int, due: Due, now: datetime) -> bool:
    """Make this reminder ours, committed before anything is sent; False if another
    scheduler has it (or sent it, or is retrying it)."""
    db.session.add(
        SentReminder(
            user_id=user_id,
            kind=due.kind,
            local_date=due.local_date,
            claimed_at=now,
            lease_until=now + LEASE,
            attempts=1,
        )
    )
    try:
        db.session.commit()
        return True
    except IntegrityError:
        db.session.rollback()
    retried = db.session.execute(
        update(SentReminder)
        .where(
            SentReminder.user_id == user_id,
            SentReminder.kind == due.kind,
            SentReminder.local_date == due.local_date,
            SentReminder.sent_at.is_(None),
            SentReminder.lease_until <= now,
        )
        .values(lease_until=now + LEASE, attempts=SentReminder.attempts + 1)
    )
    db.session.commit()
    return cast("CursorResult[Any]", retried).rowcount == 1


def _deliver(
    user_id: int,
    due: Due,
    clock: Callable[[], datetime],
    vapid: Vapid,
    sender: Sender,
    session: requests.Session,
    report: TickReport,
) -> None:
    targets = [
        Target(row.id, row.endpoint, row.p256dh, row.auth, reminder_language(*row[4:]))
        for row in db.session.execute(
            select(
                PushSubscription.id,
                PushSubscription.endpoint,
                PushSubscription.p256dh,
                PushSubscription.auth,
                User.language,
                PushSubscription.language,
            )
            .join(User, User.id == PushSubscription.user_id)
            .where(PushSubscription.user_id == user_id)
        )
    ]
    db.session.rollback()
    ttl = int((due.closes - clock()).total_seconds())
    results: dict[Outcome, list[int]] = defaultdict(list)
    for target in targets:
        outcome = sender(target, due.kind, vapid, ttl, session)
        results[outcome].append(target.id)
    now = clock()
    mine = (
        SentReminder.user_id == user_id,
        SentReminder.kind == due.kind,
        SentReminder.local_date == due.local_date,
    )
    if results["gone"]:
        db.session.execute(
            delete(PushSubscription).where(
                PushSubscription.user_id == user_id, PushSubscription.id.in_(results["gone"])
            )
        )
        report.gone += len(results["gone"])
    if results["failed"]:
        db.session.execute(
            update(PushSubscription)
            .where(PushSubscription.id.in_(results["failed"]))
            .values(last_failure_at=now)
        )
    if results["delivered"]:
        db.session.execute(
            update(PushSubscription)
            .where(PushSubscription.id.in_(results["delivered"]))
            .values(last_success_at=now)
        )
        db.session.execute(update(SentReminder).where(*mine).values(sent_at=now))
        report.sent += 1
    else:
        db.session.execute(update(SentReminder).where(*mine).values(lease_until=now + RETRY_AFTER))
        report.failed += 1 if results["failed"] else 0
    db.session.commit()


def reminder_language(account: str | None, browser: str | None) -> str:
    """The words of a notification: the language chosen on Settings; for a person who
    chose none, the language the subscribing browser asked pages in (each device its own:
    a German phone and an English laptop); English when neither is known (a device that
    subscribed before languages were kept)."""
    for language in (account, browser):
        if language in LANGUAGES:
            return language
    return DEFAULT_LANGUAGE


def _forget_old(now: datetime) -> None:
    db.session.execute(delete(SentReminder).where(SentReminder.local_date < now.date() - KEEP_SENT))
    db.session.commit()


def vapid_from(config: dict[str, Any]) -> Vapid | None:
    """The configured keys, or None when push reminders are not set up on this server."""
    private, public, subject = (
        config.get("VAPID_PRIVATE_KEY"),
        config.get("VAPID_PUBLIC_KEY"),
        config.get("VAPID_SUBJECT"),
    )
    if not (private and public and subject):
        return None
    return Vapid(private, public, subject)
