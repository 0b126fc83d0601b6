"""Believable demo data: a person whose pain falls faster in steady weeks.

Plain Python (no database) so tests can check the story it tells. Weeks
alternate, at random, between steady routines (most sessions done, light to
medium pressure) and hard-but-irregular ones (many misses, high pressure);
weekends slip; the first-step pain falls with the past week's consistency,
barely moves with intensity, and is noisy like a real diary.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

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


def generate_demo(days: int, end: date, seed: int = 7, feet: str = "right") -> list[DemoDay]:
    rng = random.Random(seed)
    start = end - timedelta(days=days - 1)
    pain = 7.5
    recent: list[float] = []
    out: list[DemoDay] = []
    steady = True
    for offset in range(days):
        day = start + timedelta(days=offset)
        if day.weekday() == 0 or offset == 0:
            steady = rng.random() < 0.6
        do_prob = 0.9 if steady else 0.45
        if day.weekday() >= 5:
            do_prob -= 0.2
        pressure_base = 4 if steady else 8
        sessions = []
        for slot, hour in enumerate((7, 20)):
            if rng.random() < do_prob:
                techniques = rng.choice(TECHNIQUE_MIX)
                minutes = rng.randint(5, 10) if steady else rng.randint(10, 25)
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
        recent = ([*recent, len(sessions) / 2])[-7:]
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
            )
        )
    return out
