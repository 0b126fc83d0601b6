"""Believable demo data: a person whose pain falls faster in steady weeks.

Plain Python (no database) so tests can check the story it tells. Weeks
alternate, at random, between steady routines (most sessions done, light to
medium pressure) and hard-but-irregular ones (many misses, high pressure);
weekends slip; the first-step pain falls with the past week's consistency,
barely moves with intensity, and is noisy like a real diary.

With ``DemoLife`` the person also lives a little: a week off ill (a pause: no
sessions, pain still logged), one plan change (longer sessions once it helps),
and a weekly answer to "how is it going?" that follows their own scores; and, if
asked, a consistency-vs-intensity self-experiment over the last weeks, each week
lived as its condition asks (most sessions done), so its result tells the same story.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from tracker.analysis.experiment import Block, ConditionPlan, make_schedule, sessions_on

TECHNIQUE_MIX = (
    ("morning-release",),
    ("stretch", "calf-release"),
    ("thumb-walk", "heel-knead"),
    ("frozen-bottle",),
    ("ball-roll", "sustained-pressure"),
    ("cross-friction", "stretch"),
    ("calf-release",),
    ("foot-roller", "stretch"),
)


@dataclass
class DemoDay:
    day: date
    pain_left: int | None
    pain_right: int | None
    stiffness: int
    sessions: list[dict] = field(default_factory=list)
    warning_signs: list[str] = field(default_factory=list)
    global_change: str | None = None


@dataclass(frozen=True)
class DemoLife:
    """The events of a demo history; None where the history is too short for them."""

    pause: tuple[date, date, str] | None
    plan_change: tuple[date, int, int, int] | None
    """(first day, sessions per day, minutes min, minutes max)."""
    rating_weekday: int = 6
    experiment: tuple[Block, ...] = ()
    """The blocks of a self-experiment, lived by ``plans`` below."""
    plans: dict[str, ConditionPlan] = field(default_factory=dict)


PAUSE_DAYS = 7
EXPERIMENT_PAIRS = 3
EXPERIMENT_STARTS = {"ended": 2 * 7 * EXPERIMENT_PAIRS + 1, "running": 9}
"""Days before today the demo experiment starts: "ended" finished the day before
yesterday (so the morning after its last day is logged), "running" is in its second week."""
EXPERIMENT_MIN_DAYS = {"ended": 90, "running": 30}
"""Enough history that the illness week (40% in) comes before the experiment."""


def experiment_schedule(when: str, end: date, seed: int) -> tuple[date, list[Block]]:
    """The demo experiment's start and blocks: ``when`` is "ended" or "running"."""
    start = end - timedelta(days=EXPERIMENT_STARTS[when])
    return start, make_schedule(start, EXPERIMENT_PAIRS, seed)


def _condition_sessions(
    rng: random.Random, plan: ConditionPlan, day: date, block: Block, feet: str
) -> list[dict]:
    """A day lived as the condition asks, 9 times in 10: its sessions that day by the
    rest-day rule (``sessions_on``), its minutes and pressure range, its techniques."""
    planned = sessions_on(plan, (day - block.start).days)  # the demo pauses no experiment day
    slots = (7, 20)[:planned] if plan.sessions_per_week >= 7 else (19,)[:planned]
    low, high = plan.pressure_min or 3, plan.pressure_max or 5
    sessions = []
    for slot, hour in enumerate(slots):
        if rng.random() >= 0.9:
            continue
        picked = plan.techniques or TECHNIQUE_MIX[rng.randrange(len(TECHNIQUE_MIX))]
        minutes = rng.randint(plan.minutes, plan.minutes + 2)
        sessions.append(
            {
                "started_at": datetime.combine(day, time(hour, rng.randint(0, 50)), UTC),
                "duration_s": minutes * 60 * (2 if feet == "both" else 1),
                "foot": feet,
                "techniques": sorted(rng.sample(list(picked), min(2, len(picked)))),
                "pressure": rng.randint(max(1, min(low, high)), high),
                "discomfort": rng.randint(1, 4),
                "slot": slot,
            }
        )
    return sessions


def _block_of(blocks: Sequence[Block], day: date) -> Block | None:
    return next((b for b in blocks if b.start <= day <= b.end), None)


def demo_life(days: int, end: date) -> DemoLife:
    """A week's illness about 40% in (from 60 days on), longer sessions 70% in (from 45)."""
    start = end - timedelta(days=days - 1)
    pause = None
    if days >= 60:
        first = start + timedelta(days=int(days * 0.4))
        pause = (first, first + timedelta(days=PAUSE_DAYS - 1), "illness")
    change = (start + timedelta(days=int(days * 0.7)), 2, 8, 12) if days >= 45 else None
    return DemoLife(pause=pause, plan_change=change)


RATING_STEPS = (
    (-3.0, "very-much-improved"),
    (-2.0, "much-improved"),
    (-0.75, "minimally-improved"),
    (0.75, "no-change"),
    (2.0, "minimally-worse"),
    (3.0, "much-worse"),
)


def _rating(scores: list[int]) -> str | None:
    """How the person would answer: their last week against their first, as they feel it."""
    if len(scores) < 14:
        return None
    change = sum(scores[-7:]) / 7 - sum(scores[:7]) / 7
    return next((slug for limit, slug in RATING_STEPS if change <= limit), "very-much-worse")


def generate_demo(
    days: int, end: date, seed: int = 7, feet: str = "right", life: DemoLife | None = None
) -> list[DemoDay]:
    rng = random.Random(seed)
    start = end - timedelta(days=days - 1)
    pain = 7.5
    recent: list[float] = []
    out: list[DemoDay] = []
    steady = True
    scores: list[int] = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        if day.weekday() == 0 or offset == 0:
            steady = rng.random() < 0.6
        do_prob = 0.9 if steady else 0.45
        if day.weekday() >= 5:
            do_prob -= 0.2
        paused = bool(life and life.pause and life.pause[0] <= day <= life.pause[1])
        if paused:
            do_prob = 0.0  # ill in bed: no sessions, the morning is still logged
        pressure_base = 4 if steady else 8
        sessions = []
        block = _block_of(life.experiment, day) if life else None
        if life and block is not None:
            plan = life.plans[block.condition]
            sessions = _condition_sessions(rng, plan, day, block, feet)
            pressure_base = ((plan.pressure_min or 3) + (plan.pressure_max or 5)) // 2
            do_prob = 0.0
        for slot, hour in enumerate((7, 20)):
            if rng.random() < do_prob:
                techniques = rng.choice(TECHNIQUE_MIX)
                low, high = (5, 10)
                if life and life.plan_change and day >= life.plan_change[0]:
                    low, high = life.plan_change[2], life.plan_change[3]  # the new plan
                minutes = rng.randint(low, high) if steady else rng.randint(10, 25)
                started = datetime.combine(day, time(hour, rng.randint(0, 50)), UTC)
                sessions.append(
                    {
                        "started_at": started,
                        "duration_s": minutes * 60 * (2 if feet == "both" else 1),
                        "foot": feet,
                        "techniques": list(techniques),
                        "pressure": max(1, min(10, pressure_base + rng.randint(-1, 1))),
                        "discomfort": rng.randint(1, 4) if steady else rng.randint(3, 7),
                        "slot": slot,
                    }
                )
        if not paused:  # a paused day is out of the week's consistency, as in the analysis
            recent = ([*recent, len(sessions) / 2])[-7:]
        elif not recent:
            recent = [0.5]
        consistency = sum(recent) / len(recent)
        # The slow trend: steady weeks heal, irregular ones barely hold the line.
        pain += -0.04 * consistency + 0.01 + rng.gauss(0, 0.03)
        pain = max(0.5, min(9.5, pain))
        if rng.random() < 0.06:
            continue  # a forgotten morning
        # The morning itself: a slack week shows the next day; a hard session
        # leaves the heel only a little sorer.
        flare = 2.6 * (0.75 - consistency) + 0.05 * (pressure_base - 6)
        score = max(0, min(10, round(pain + flare + rng.gauss(0, 0.5))))
        other = max(0, min(10, score + rng.choice((-1, 0, 0, 1))))
        signs = ["bruising"] if pressure_base == 8 and rng.random() < 0.03 else []
        scores.append(score)
        rating = _rating(scores) if life and day.weekday() == life.rating_weekday else None
        out.append(
            DemoDay(
                day=day,
                pain_left=score if feet in ("left", "both") else None,
                pain_right=(other if feet == "both" else score)
                if feet in ("right", "both")
                else None,
                stiffness=max(0, min(10, score + rng.randint(-2, 1))),
                sessions=sessions,
                warning_signs=signs,
                global_change=rating,
            )
        )
    return out
