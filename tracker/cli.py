"""Commands for the people who run FirstStep: `python manage.py <command>`.

Each command commits once at the end, so a failure leaves the database as it
was; bad input is a message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time
import uuid
from dataclasses import replace as replace_life
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from tracker.auth.passwords import password_problem
from tracker.auth.service import create_user, find_user_by_email, normalize_email
from tracker.catalog import FEET
from tracker.demo import (
    EXPERIMENT_MIN_DAYS,
    EXPERIMENT_PAIRS,
    DemoDay,
    demo_life,
    experiment_schedule,
    generate_demo,
)
from tracker.experiments.service import chosen_plans, stored_plans
from tracker.extensions import db
from tracker.models import CareSession, Checkin, Experiment, Pause, Plan, Technique, User
from tracker.ops.backup import BackupError, BackupResult, backup, restore
from tracker.reminders.service import run_tick, vapid_from
from tracker.reminders.vapid import new_vapid_keys
from tracker.reminders.webpush import Vapid
from tracker.timeutil import is_valid_timezone, local_today


def _valid_email(email: str) -> str:
    email = normalize_email(email)
    local, _, domain = email.partition("@")
    if not local or "." not in domain or len(email) > 254:
        raise click.BadParameter(f"{email!r} is not an email address.", param_hint="EMAIL")
    return email


def _stdin_is_tty() -> bool:
    return sys.stdin.isatty()


def _read_password() -> str:
    """At a terminal, a hidden prompt asked twice (a typo would lock the person out);
    piped, exactly one line, as ``printf '%s\\n' "$PW" | manage.py create-user EMAIL``
    sends it: a script has nothing to confirm, and a second read would hit the end.

    Piped bytes are decoded here, strictly: the text layer may be set to pass bad
    bytes through as surrogates, which no password hash can take.
    """
    if _stdin_is_tty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    raw = getattr(sys.stdin, "buffer", None)
    try:
        line = raw.readline().decode("utf-8") if raw is not None else sys.stdin.readline()
    except UnicodeDecodeError:
        raise click.UsageError("The password on stdin is not UTF-8 text.") from None
    if not line:
        raise click.UsageError(
            "No password on stdin: pipe one line, e.g. "
            "printf '%s\\n' \"$PASSWORD\" | python manage.py create-user EMAIL."
        )
    return line.removesuffix("\n").removesuffix("\r")


@click.command("create-user")
@click.argument("email")
@click.option("--timezone", default="UTC", show_default=True, help="IANA timezone.")
@click.option("--feet", type=click.Choice(FEET), default="both", show_default=True)
@with_appcontext
def create_user_command(email: str, timezone: str, feet: str) -> None:
    """Create an account.

    The password is asked for twice at a terminal, or read as one line from
    stdin when piped: printf '%s\\n' "$PASSWORD" | manage.py create-user EMAIL.
    """
    email = _valid_email(email)
    if not is_valid_timezone(timezone):
        raise click.BadParameter(f"{timezone!r} is not an IANA timezone.", param_hint="--timezone")
    if find_user_by_email(email):
        raise click.UsageError(f"An account for {email} already exists.")
    password = _read_password()
    problem = password_problem(password)
    if problem:
        raise click.UsageError(f"Password refused: {problem}")
    create_user(email, password, timezone, feet)
    try:
        db.session.commit()
    except IntegrityError:  # made by someone else between the check and the commit
        db.session.rollback()
        raise click.UsageError(f"An account for {email} already exists.") from None
    click.echo(f"Created {email}.")


@click.command("seed-demo")
@click.option("--email", default="demo@example.com", show_default=True)
@click.option("--password", default="demo-heel-2026", show_default=True)
@click.option("--days", type=click.IntRange(1, 366 * 30), default=180, show_default=True)
@click.option("--seed", type=int, default=7, show_default=True, help="Random seed.")
@click.option("--timezone", help="IANA timezone.  [default: the account's own, or UTC]")
@click.option("--feet", type=click.Choice(FEET), help="[default: the account's own, or right]")
@click.option("--replace", is_flag=True, help="Replace this account's existing entries.")
@click.option(
    "--experiment",
    type=click.Choice(tuple(EXPERIMENT_MIN_DAYS)),
    help="Add a consistency-vs-intensity self-experiment (3 pairs of weeks) over the last "
    "weeks: 'ended' two days ago (its result is ready), or 'running' (in its second week).",
)
@with_appcontext
def seed_demo_command(
    email: str,
    password: str,
    days: int,
    seed: int,
    timezone: str | None,
    feet: str | None,
    replace: bool,
    experiment: str | None,
) -> None:
    """Fill an account with months of believable check-ins and sessions."""
    email = _valid_email(email)
    if experiment and days < EXPERIMENT_MIN_DAYS[experiment]:
        raise click.BadParameter(
            f"--experiment {experiment} needs --days {EXPERIMENT_MIN_DAYS[experiment]} or more.",
            param_hint="--days",
        )
    if timezone is not None and not is_valid_timezone(timezone):
        raise click.BadParameter(f"{timezone!r} is not an IANA timezone.", param_hint="--timezone")
    user = find_user_by_email(email)
    created = user is None
    if user is None:
        problem = password_problem(password)
        if problem:
            raise click.UsageError(f"Password refused: {problem}")
        user = create_user(email, password, timezone or "UTC", feet or "right")
        db.session.flush()
    elif not replace and db.session.scalar(select(Checkin.id).where(Checkin.user_id == user.id)):
        raise click.UsageError(f"{email} already has entries; add --replace to overwrite them.")
    else:
        db.session.execute(delete(Checkin).where(Checkin.user_id == user.id))
        db.session.execute(delete(CareSession).where(CareSession.user_id == user.id))
        db.session.execute(delete(Pause).where(Pause.user_id == user.id))
        db.session.execute(delete(Experiment).where(Experiment.user_id == user.id))
        for later_plan in user.plans[1:]:  # the demo tells its own plan history
            user.plans.remove(later_plan)
        # An existing account keeps its own settings unless the options say otherwise.
        user.feet, user.timezone = feet or user.feet, timezone or user.timezone
    end = local_today(user.timezone)
    life = demo_life(days, end)
    trial = None
    if experiment:
        plans = chosen_plans({"template": "consistency-vs-intensity"})
        start, blocks = experiment_schedule(experiment, end, seed)
        life = replace_life(life, experiment=tuple(blocks), plans=plans)
        trial = Experiment(
            user_id=user.id,
            template="consistency-vs-intensity",
            conditions=stored_plans(plans),
            pairs=EXPERIMENT_PAIRS,
            start_date=start,
            seed=seed,
            is_current=True,
        )
    demo = generate_demo(days, end, seed=seed, feet=user.feet, life=life)
    sessions = _write_demo(user, demo)
    first_plan = user.plans[0]
    first_plan.effective_from = min(first_plan.effective_from, end - timedelta(days - 1))
    story = []
    if life.pause:
        start, last, reason = life.pause
        db.session.add(Pause(user_id=user.id, start_date=start, end_date=last, reason=reason))
        story.append(f"a pause for {reason} {start.isoformat()}–{last.isoformat()}")
    if life.plan_change:
        day, per_day, low, high = life.plan_change
        first_plan.effective_from = min(first_plan.effective_from, day - timedelta(days=1))
        user.plans.append(
            Plan(effective_from=day, sessions_per_day=per_day, minutes_min=low, minutes_max=high)
        )
        story.append(f"a plan change on {day.isoformat()} ({low}–{high} minutes)")
    ratings = sum(1 for d in demo if d.global_change)
    if ratings:
        story.append(f"{ratings} weekly ratings")
    if trial is not None:
        db.session.add(trial)
        last = life.experiment[-1].end
        story.append(
            f"a consistency-vs-intensity experiment {trial.start_date.isoformat()}–"
            f"{last.isoformat()} ({experiment}, seed {seed})"
        )
    db.session.commit()
    click.echo(f"Seeded {email}: {len(demo)} check-ins and {sessions} sessions over {days} days.")
    if story:
        click.echo("With " + ", ".join(story) + ".")
    if created:
        click.echo(f"Sign in with {email} / {password}")


def _write_demo(user: User, demo: list[DemoDay]) -> int:
    """Store the demo; returns how many sessions were written.

    The demo's clock times are read as the person's local time, so each session's
    `local_date` agrees with its `started_at`; today's sessions still to come are left out.
    """
    techniques = {t.slug: t for t in db.session.scalars(select(Technique))}
    zone = ZoneInfo(user.timezone)
    now = datetime.now(UTC)
    written = 0
    for day in demo:
        db.session.add(
            Checkin(
                user_id=user.id,
                client_id=uuid.uuid4(),
                date=day.day,
                pain_left=day.pain_left,
                pain_right=day.pain_right,
                stiffness=day.stiffness,
                warning_signs=day.warning_signs,
                global_change=day.global_change,
            )
        )
        for s in day.sessions:
            started_at = s["started_at"].replace(tzinfo=zone)
            if started_at > now:
                continue
            written += 1
            db.session.add(
                CareSession(
                    user_id=user.id,
                    client_id=uuid.uuid4(),
                    started_at=started_at,
                    local_date=day.day,
                    duration_s=s["duration_s"],
                    foot=s["foot"],
                    pressure=s["pressure"],
                    discomfort=s["discomfort"],
                    techniques=[techniques[slug] for slug in s["techniques"]],
                )
            )
    return written


def _describe(result: BackupResult) -> str:
    return (
        f"{result.users} accounts, {result.checkins} check-ins, {result.sessions} sessions "
        f"(schema {result.revision or 'unknown'})"
    )


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--overwrite", is_flag=True, help="Replace an existing file at PATH.")
@with_appcontext
def backup_command(path: Path, overwrite: bool) -> None:
    """Copy the SQLite database to PATH while the app keeps running."""
    try:
        result = backup(current_app.config["SQLALCHEMY_DATABASE_URI"], path, overwrite=overwrite)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up {_describe(result)} to {path} ({result.bytes:,} bytes).")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the SQLite database's content with the backup at PATH."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    if not yes:
        click.confirm(
            f"Replace everything in the current database with {path}?", abort=True, err=True
        )
    db.engine.dispose()  # this process's pooled connections must not outlive the old content
    try:
        result = restore(url, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {_describe(result)} from {path}.")


@click.command("vapid-keys")
def vapid_keys_command() -> None:
    """Print a new Web Push (VAPID) key pair, as environment settings.

    Set both, with VAPID_SUBJECT, on every app server and the reminders scheduler. Keep
    the pair: browsers subscribed with the public key, and a new pair means every device
    has to turn its reminders on again."""
    private, public = new_vapid_keys()
    click.echo(f"VAPID_PRIVATE_KEY={private}")
    click.echo(f"VAPID_PUBLIC_KEY={public}")
    click.echo("VAPID_SUBJECT=mailto:you@example.com")
    click.echo("(Put your own address in VAPID_SUBJECT: push services write there.)", err=True)


log = logging.getLogger("tracker.reminders")


@click.command("reminders")
@click.option("--once", is_flag=True, help="Send what is due now, then exit (for tests or cron).")
@click.option(
    "--interval",
    type=click.FloatRange(5, 600),
    default=30,
    show_default=True,
    help="Seconds between looks at what is due.",
)
@with_appcontext
def reminders_command(once: bool, interval: float) -> None:
    """Send the Web Push reminders as they fall due, until stopped (SIGTERM or Ctrl-C).

    Run one or several: a reminder is claimed in the database before it is sent, so two
    schedulers never send it twice."""
    vapid = vapid_from(current_app.config)
    if vapid is None:
        raise click.ClickException(
            "Push reminders need VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY and VAPID_SUBJECT in the "
            "environment; `python manage.py vapid-keys` prints a new pair."
        )
    stop = threading.Event()
    if not once:
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        click.echo(f"Sending reminders every {interval:g} s; stop with Ctrl-C or SIGTERM.")
    try:
        while not stop.is_set():
            started = time.monotonic()
            _reminders_tick(vapid, once)
            if once:
                return
            stop.wait(max(0.0, interval - (time.monotonic() - started)))
    except KeyboardInterrupt:
        click.echo("Stopped.")


def _reminders_tick(vapid: Vapid, once: bool) -> None:
    """One look at what is due; a database that is down is logged, and the loop goes on."""
    try:
        report = run_tick(datetime.now(UTC), vapid)
    except SQLAlchemyError as error:
        db.session.rollback()
        log.error("reminders tick failed: %s", type(error).__name__)
        if once:
            raise click.ClickException("The database could not be reached.") from None
        return
    if report.due or once:
        click.echo(
            f"{report.sent} sent, {report.taken} taken by another scheduler, "
            f"{report.failed} to retry, {report.gone} devices gone."
        )


def init_cli(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(vapid_keys_command)
    app.cli.add_command(reminders_command)
    from tracker.i18n.cli import translations_command

    app.cli.add_command(translations_command)
