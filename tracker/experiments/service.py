"""Setting up, reading and stopping a person's self-experiments.

The schedule and the result are never stored: they follow from the row (start, pairs,
seed, conditions), the person's pauses and their diary, through the pure analysis
(``tracker.analysis.experiment``), so a pause or a late entry is reflected at once
and nothing can disagree with what was logged.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import asdict, replace
from datetime import date, timedelta
from typing import Any

from flask_smorest.pagination import PaginationParameters
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from tracker.analysis.daily import pain_mean
from tracker.analysis.experiment import (
    MAX_PAIRS,
    MIN_OWN_MORNINGS,
    MIN_PAIRS,
    WASHOUT_DAYS,
    Block,
    ConditionPlan,
    ExperimentResult,
    block_on,
    day_to_day_variation,
    detectable_difference,
    experiment_result,
    make_schedule,
)
from tracker.analysis.voice import Voice
from tracker.common.errors import conflict, invalid
from tracker.common.ownership import get_owned, lock_person
from tracker.common.paging import LAST_OFFSET
from tracker.experiments.schemas import MAX_START_AHEAD_DAYS
from tracker.experiments.templates import BY_SLUG, CUSTOM, describe, shown_label
from tracker.extensions import db
from tracker.history import History, load_history
from tracker.i18n.text import gettext as _
from tracker.i18n.text import number
from tracker.models import Experiment, Pause, User
from tracker.timeutil import local_today

SEED_LIMIT = 2**31
"""Seeds fit the database's INTEGER; 31 random bits are far more orders than 2-4 pairs have."""
ONE_DAY = timedelta(days=1)
OPEN = ("scheduled", "running")
"""The statuses that hold the person's one experiment slot."""


# --- the stored row, as the analysis reads it ------------------------------------------------


def plans_of(experiment: Experiment) -> dict[str, ConditionPlan]:
    return {
        stored["key"]: ConditionPlan(
            key=stored["key"],
            label=shown_label(experiment.template, stored["label"]),
            sessions_per_week=stored["sessions_per_week"],
            minutes=stored["minutes"],
            pressure_min=stored["pressure_min"],
            pressure_max=stored["pressure_max"],
            techniques=tuple(stored["techniques"]),
        )
        for stored in experiment.conditions
    }


def title_of(experiment: Experiment) -> str:
    """The template's title, or "A vs B" in the person's own labels."""
    template = BY_SLUG.get(experiment.template)
    if template is not None:
        return _(template.title)
    plans = plans_of(experiment)
    return _("%(a)s vs %(b)s", a=plans["A"].label, b=plans["B"].label)


def paused_days(user: User, since: date) -> frozenset[date]:
    """Every paused day from ``since`` on: what lengthens an experiment's blocks. Pauses
    never overlap and end at most two years ahead, so this is bounded by the calendar."""
    days: set[date] = set()
    rows = db.session.execute(
        select(Pause.start_date, Pause.end_date).where(
            Pause.user_id == user.id, Pause.end_date >= since
        )
    )
    for first, last in rows:
        day = max(first, since)
        while day <= last:
            days.add(day)
            day += ONE_DAY
    return frozenset(days)


def schedule_of(experiment: Experiment, paused: Iterable[date]) -> list[Block]:
    return make_schedule(experiment.start_date, experiment.pairs, experiment.seed, set(paused))


def status_of(experiment: Experiment, schedule: Sequence[Block], today: date) -> str:
    """The same four statuses the analysis gives, without reading the diary."""
    if experiment.stopped_on is not None:
        return "stopped"
    if today < schedule[0].start:
        return "scheduled"
    return "running" if today <= schedule[-1].end else "complete"


# --- setting one up --------------------------------------------------------------------------


def _start_date(data: dict[str, Any], today: date) -> date:
    start: date = data.get("start_date") or today
    if start < today:
        raise invalid("start_date", _("Must be today (%(day)s) or later.", day=today.isoformat()))
    latest = today + timedelta(days=MAX_START_AHEAD_DAYS)
    if start > latest:
        raise invalid(
            "start_date",
            _(
                "Must be on or before %(day)s (%(days)s days ahead).",
                day=latest.isoformat(),
                days=MAX_START_AHEAD_DAYS,
            ),
        )
    return start


def chosen_plans(data: dict[str, Any]) -> dict[str, ConditionPlan]:
    """A template's conditions, or the custom ones as sent (A first)."""
    if data["template"] != CUSTOM:
        first, second = BY_SLUG[data["template"]].conditions
        return {"A": first, "B": second}
    plans = {}
    for key, sent in zip(("A", "B"), data["conditions"], strict=True):
        plans[key] = ConditionPlan(
            key=key,
            label=sent["label"].strip(),
            sessions_per_week=sent["sessions_per_week"],
            minutes=sent["minutes"],
            pressure_min=sent.get("pressure_min"),
            pressure_max=sent.get("pressure_max"),
            techniques=tuple(sent.get("techniques") or ()),
        )
    return plans


def stored_plans(plans: dict[str, ConditionPlan]) -> list[dict[str, Any]]:
    """The conditions as the row keeps them: A, then B, as plain JSON."""
    return [{**asdict(plans[key]), "techniques": list(plans[key].techniques)} for key in "AB"]


def current_experiment(user: User) -> Experiment | None:
    """The one experiment that is scheduled, running, or the latest to have ended."""
    return db.session.scalars(
        select(Experiment).where(Experiment.user_id == user.id, Experiment.is_current.is_not(None))
    ).first()


def _busy(experiment: Experiment, end: date) -> str:
    return (
        f"Your experiment \u201c{title_of(experiment)}\u201d runs until "
        f"{end.isoformat()}, and one experiment runs at a time so that each week has one "
        f"condition. Stop it first (POST /api/v1/experiments/{experiment.id}/stop)."
    )


def create_experiment(user: User, data: dict[str, Any]) -> Experiment:
    """Start (or schedule) an experiment; the order of each pair is drawn here, by the
    server, so nobody can choose it, and stored so anyone can check it."""
    today = local_today(user.timezone)
    start = _start_date(data, today)
    plans = chosen_plans(data)
    lock_person(user.id)
    current = current_experiment(user)
    if current is not None:
        schedule = schedule_of(current, paused_days(user, current.start_date))
        if status_of(current, schedule, today) in OPEN:
            raise conflict(_busy(current, schedule[-1].end))
        current.is_current = None
        db.session.flush()
    experiment = Experiment(
        user_id=user.id,
        template=data["template"],
        conditions=stored_plans(plans),
        pairs=data["pairs"],
        start_date=start,
        seed=secrets.randbelow(SEED_LIMIT),
        is_current=True,
    )
    db.session.add(experiment)
    try:
        db.session.commit()
    except IntegrityError:  # a second request raced past the lock (it should not)
        db.session.rollback()
        raise conflict("You already have an experiment running; stop it first.") from None
    return experiment


def stop_experiment(user: User, experiment: Experiment) -> Experiment:
    """Stop early: yesterday is the last day that counts (today is never counted), so a new
    experiment may start today without sharing a day with this one."""
    today = local_today(user.timezone)
    schedule = schedule_of(experiment, paused_days(user, experiment.start_date))
    status = status_of(experiment, schedule, today)
    if status == "stopped":
        assert experiment.stopped_on is not None
        raise conflict(
            f"This experiment was already stopped (its last day was "
            f"{experiment.stopped_on.isoformat()})."
        )
    if status == "complete":
        raise conflict(
            f"This experiment ended on {schedule[-1].end.isoformat()}; there is nothing to stop."
        )
    experiment.stopped_on = today - ONE_DAY
    db.session.commit()
    return experiment


def get_own_experiment(user: User, experiment_id: int) -> Experiment:
    return get_owned(Experiment, user.id, experiment_id, "experiment")


# --- reading ---------------------------------------------------------------------------------


def _blocks(schedule: Sequence[Block], plans: dict[str, ConditionPlan] | None) -> list[dict]:
    return [
        {
            "week": block.index + 1,
            "pair": block.pair + 1,
            "condition": block.condition if plans else None,
            "label": plans[block.condition].label if plans else None,
            "start": block.start,
            "end": block.end,
        }
        for block in schedule
    ]


def _summary(experiment: Experiment, schedule: Sequence[Block], today: date) -> dict[str, Any]:
    plans = plans_of(experiment)
    return {
        "id": experiment.id,
        "template": experiment.template,
        "title": title_of(experiment),
        "conditions": [plans["A"], plans["B"]],
        "pairs": experiment.pairs,
        "start_date": experiment.start_date,
        "end_date": schedule[-1].end,
        "seed": experiment.seed,
        "stopped_on": experiment.stopped_on,
        "status": status_of(experiment, schedule, today),
        "created_at": experiment.created_at,
        "schedule": _blocks(schedule, plans),
    }


LATEST_FIRST = (Experiment.start_date.desc(), Experiment.id.desc())


def _summaries(user: User, rows: Sequence[Experiment]) -> list[dict[str, Any]]:
    if not rows:
        return []
    today = local_today(user.timezone)
    paused = paused_days(user, min(row.start_date for row in rows))
    return [_summary(row, schedule_of(row, paused), today) for row in rows]


def list_experiments(user: User, pagination: PaginationParameters) -> list[dict[str, Any]]:
    """The person's experiments, latest start first, each with its status and schedule."""
    pagination.item_count = db.session.scalar(
        select(func.count()).select_from(Experiment).where(Experiment.user_id == user.id)
    )
    rows = db.session.scalars(
        select(Experiment)
        .where(Experiment.user_id == user.id)
        .order_by(*LATEST_FIRST)
        .limit(pagination.page_size)
        .offset(min(pagination.first_item, LAST_OFFSET))
    ).all()
    return _summaries(user, rows)


def experiment_summaries(user: User) -> list[dict[str, Any]]:
    """Every experiment of the person, as the list shows them: for the download of
    everything (a person has a handful)."""
    rows = db.session.scalars(
        select(Experiment).where(Experiment.user_id == user.id).order_by(*LATEST_FIRST)
    ).all()
    return _summaries(user, rows)


def _today(
    schedule: Sequence[Block], plans: dict[str, ConditionPlan], paused: frozenset[date], today: date
) -> dict[str, Any] | None:
    block = block_on(schedule, today)
    if block is None:
        return None
    lived = (block.start + timedelta(days=k) for k in range((today - block.start).days + 1))
    unpaused_so_far = sum(day not in paused for day in lived)
    plan = plans[block.condition]
    return {
        "date": today,
        "week": block.index + 1,
        "weeks": len(schedule),
        "condition": block.condition,
        "label": plan.label,
        "description": describe(plan),
        "day_of_block": (today - block.start).days + 1,
        "washout": today not in paused and unpaused_so_far <= WASHOUT_DAYS,
    }


def _result(result: ExperimentResult) -> dict[str, Any]:
    return {
        "status": result.status,
        "sentence": result.sentence,
        "comparison": result.comparison,
        "blocks": [
            {
                "week": b.block.index + 1,
                "condition": b.block.condition,
                "days_counted": b.days_counted,
                "mean_pain": b.mean_pain,
                "adherence": b.adherence,
                "as_done": b.as_done,
            }
            for b in result.blocks
        ],
    }


def evaluate(
    user: User,
    experiment: Experiment,
    today: date,
    paused: frozenset[date] | None = None,
    voice: Voice = "you",
    history: History | None = None,
) -> tuple[list[Block], ExperimentResult]:
    """The schedule and the analysis's result for ``today``: what every reader of a result
    (the API, the FHIR export, the dashboard, the report) asks for; ``voice`` "they" words
    its sentence for a share link's reader. A caller that has read the diary up to the
    schedule's end already passes it as ``history``."""
    if paused is None:
        paused = paused_days(user, experiment.start_date)
    schedule = schedule_of(experiment, paused)
    if history is None:
        history = load_history(user, until=schedule[-1].end)
    first = schedule[0].start
    result = experiment_result(
        schedule,
        [c for c in history.checkins if c.day > first],
        [s for s in history.sessions if s.day >= first],
        plans_of(experiment),
        today,
        experiment.stopped_on,
        paused=paused,
        voice=voice,
    )
    return schedule, result


def experiment_detail(user: User, experiment: Experiment) -> dict[str, Any]:
    """One experiment with its schedule, today's condition and the result inside."""
    today = local_today(user.timezone)
    paused = paused_days(user, experiment.start_date)
    schedule, result = evaluate(user, experiment, today, paused)
    detail = _summary(experiment, schedule, today)
    running = detail["status"] == "running"
    detail["today"] = _today(schedule, plans_of(experiment), paused, today) if running else None
    detail["result"] = _result(result)
    return detail


# --- before it starts ------------------------------------------------------------------------


SCALE_POINTS = 10
"""The widest difference first-step pain (0-10) can show."""


def _preview_sentence(pairs: int, smallest: float, sd: float, n: int, assumed: bool) -> str:
    if assumed:
        basis = _(
            "you have %(n)s mornings logged, too few to measure your own day-to-day "
            "variation, so a typical one (SD %(sd)s points) is assumed",
            n=n,
            sd=number(sd),
        )
    else:
        basis = _(
            "your mornings vary by about %(sd)s points from day to day (your last %(n)s)",
            sd=number(sd),
            n=n,
        )
    if smallest > SCALE_POINTS:
        if pairs < MAX_PAIRS:
            advice = _("choose more pairs: %(most)s give it the best chance", most=MAX_PAIRS)
        else:
            advice = _("it would likely find nothing")
        return _(
            "With %(pairs)s pairs of weeks, the experiment could not tell even the largest "
            "difference the 0-10 scale allows from day-to-day ups and downs: %(advice)s. "
            "This assumes you log every morning: %(basis)s.",
            pairs=pairs,
            advice=advice,
            basis=basis,
        )
    return _(
        "With %(pairs)s pairs of weeks, the experiment would likely find a difference of "
        "%(smallest)s points or more between the two conditions, if there is one; a "
        "smaller difference may go unseen. This assumes you log every morning: %(basis)s.",
        pairs=pairs,
        smallest=number(smallest),
        basis=basis,
    )


def _variation(user: User, today: date) -> tuple[float, float, int]:
    history = load_history(user, until=today)
    pains = [(c.day, pain) for c in history.checkins if (pain := pain_mean(c)) is not None]
    return day_to_day_variation(pains)


def preview(user: User, data: dict[str, Any]) -> dict[str, Any]:
    """The dates and what the experiment can find, before anything is stored. The order of
    each pair is left out: it is drawn when the experiment is created, so previewing again
    and again cannot pick it."""
    today = local_today(user.timezone)
    start = _start_date(data, today)
    plans = chosen_plans(data)
    pairs = data["pairs"]
    schedule = make_schedule(start, pairs, 0, paused_days(user, start))
    sd, rho, n = _variation(user, today)
    assumed = n < MIN_OWN_MORNINGS
    smallest = detectable_difference(pairs, sd, rho)
    return {
        "pairs": pairs,
        "start_date": start,
        "end_date": schedule[-1].end,
        "conditions": [
            replace(plans[key], label=shown_label(data["template"], plans[key].label))
            for key in "AB"
        ],
        "schedule": _blocks(schedule, None),
        "detectable_difference": smallest,
        "variation": {"sd": sd, "rho": rho, "mornings": n, "assumed": assumed},
        "sentence": _preview_sentence(pairs, smallest, sd, n, assumed),
    }


def preview_sentences(user: User) -> dict[int, tuple[float, str]]:
    """For each allowed number of pairs: the smallest difference it would likely detect and
    the sentence saying so. The set-up page shows them side by side as the person picks,
    from one read of their diary (the start day does not change them)."""
    sd, rho, n = _variation(user, local_today(user.timezone))
    assumed = n < MIN_OWN_MORNINGS
    found = {}
    for pairs in range(MIN_PAIRS, MAX_PAIRS + 1):
        smallest = detectable_difference(pairs, sd, rho)
        found[pairs] = (smallest, _preview_sentence(pairs, smallest, sd, n, assumed))
    return found


# --- the daily export ------------------------------------------------------------------------


def experiment_days(user: User, start: date, end: date) -> dict[date, tuple[int, str]]:
    """Each day of ``start``..``end`` under an experiment: its week (1-based) and condition
    ("A: Daily and light"). A stopped experiment's days end with its last day that counts,
    so no day is under two experiments."""
    rows = db.session.scalars(
        select(Experiment)
        .where(Experiment.user_id == user.id, Experiment.start_date <= end)
        .order_by(Experiment.start_date, Experiment.id)
    ).all()
    if not rows:
        return {}
    paused = paused_days(user, min(row.start_date for row in rows))
    marks: dict[date, tuple[int, str]] = {}
    for row in rows:
        plans = plans_of(row)
        last = end if row.stopped_on is None else min(end, row.stopped_on)
        for block in schedule_of(row, paused):
            day = max(block.start, start)
            while day <= min(block.end, last):
                marks[day] = (block.index + 1, f"{block.condition}: {plans[block.condition].label}")
                day += ONE_DAY
    return marks
