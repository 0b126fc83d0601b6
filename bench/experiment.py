"""How often does a self-experiment claim a difference? Simulated experiments, through the analysis.

Each run draws a schedule with ``make_schedule`` (its own random seed), lives it
day by day (which routine was done, the sessions logged, the next-morning pain
with a recovery trend, AR(1) noise and carry-over from the previous week), and
asks ``experiment_result`` for the verdict with each candidate method, exactly
as the app does once the last block has ended. Printed: the share of runs
claiming a difference (the 95% interval excludes 0) in each direction, for 2, 3
and 4 pairs. Goals: at most 5% claims where there is no difference (within
Monte-Carlo error: 1.4 points at 1000 runs), and the power for a 1.5-point
difference.

    python bench/experiment.py              # 1000 runs per cell, 2 processes
    python bench/experiment.py --quick      # 200 runs per cell
    python bench/experiment.py --methods pair-t,gls-ar1-bc
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from dataclasses import dataclass, replace
from datetime import date, timedelta
from multiprocessing import Pool
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.analysis.experiment import (
    METHOD,
    METHODS,
    ConditionPlan,
    block_on,
    detectable_difference,
    experiment_result,
    make_schedule,
)
from tracker.analysis.records import CheckinRecord, SessionRecord

START = date(2026, 3, 2)
PAIRS = (2, 3, 4)
PLANS = {
    "A": ConditionPlan("A", "daily and light", 14, 5, None, 4, ()),
    "B": ConditionPlan("B", "three harder sessions a week", 3, 10, 6, 7, ()),
}
HARD_DAYS = (0, 2, 4)
"""Days of a B week (counted from its start) with a harder session."""


@dataclass(frozen=True)
class Spec:
    """One scenario: how the conditions are kept and what the morning pain does."""

    effect: float = 0.0
    """True B - A difference in next-morning pain once a routine has fully taken hold."""
    trend: float = 0.0
    """Recovery over the experiment: pain falls from 3 + trend to about 3, flattening."""
    phi: float = 0.7
    sd: float = 1.0
    """Marginal SD of the AR(1) day-to-day noise (before rounding to whole points)."""
    carry: float = 0.5
    """Carry-over: each day the routine's effect moves half-way to the new routine's."""
    adherence: float = 1.0
    """Chance a day follows its week's routine; otherwise half the time the other
    routine, half the time nothing (counted as the A level of pain)."""
    missing: float = 0.05
    pause: bool = False
    """A 4-day pause (illness) inside the second week, which the schedule absorbs."""


NULL = Spec()
SPECS: dict[str, Spec] = {
    "no difference": NULL,
    "no difference, strong recovery (7 to 3)": replace(NULL, trend=4.0),
    "no difference, AR(1) 0.9, SD 1.5": replace(NULL, phi=0.9, sd=1.5),
    "no difference, 30% mornings missing + pause": replace(
        NULL, trend=2.0, missing=0.3, pause=True
    ),
    "no difference, 60% adherence": replace(NULL, trend=2.0, adherence=0.6),
    "1.5 points": replace(NULL, effect=-1.5),
    "1.5 points, recovery + 20% missing": replace(NULL, effect=-1.5, trend=2.0, missing=0.2),
    "1.5 points, 75% adherence": replace(NULL, effect=-1.5, adherence=0.75),
}
NO_DIFFERENCE = tuple(name for name, spec in SPECS.items() if spec.effect == 0)
CALIBRATION = "detectable difference (no missing, no carry-over)"
"""The promise before the start: a true difference of ``detectable_difference(pairs, SD,
phi)`` should be found in about 80% of runs; SD includes rounding to whole points."""


def _ar1(rng: np.random.Generator, n: int, phi: float, sd: float) -> np.ndarray:
    e = rng.normal(0, sd * math.sqrt(1 - phi**2), n)
    out = np.empty(n)
    out[0] = rng.normal(0, sd)
    for k in range(1, n):
        out[k] = phi * out[k - 1] + e[k]
    return out


def _sessions(day: date, routine: str, day_in_block: int) -> list[SessionRecord]:
    if routine == "A":
        return [
            SessionRecord(day, 360, 3, frozenset({"ball-roll"})),
            SessionRecord(day, 330, 4, frozenset({"ball-roll"})),
        ]
    if routine == "B" and day_in_block in HARD_DAYS:
        return [SessionRecord(day, 660, 7, frozenset({"ball-roll"}))]
    return []


@dataclass(frozen=True)
class Run:
    schedule: list
    checkins: list[CheckinRecord]
    sessions: list[SessionRecord]
    paused: frozenset[date]
    today: date


def simulate(spec: Spec, pairs: int, seed: int) -> Run:
    rng = np.random.default_rng(seed)
    paused = (
        frozenset(START + timedelta(days=9 + k) for k in range(4)) if spec.pause else frozenset()
    )
    schedule = make_schedule(START, pairs, int(rng.integers(2**31)), paused)
    days = (schedule[-1].end - START).days + 2
    level = 3.0 + spec.trend * np.exp(-2.5 * np.arange(days) / days)
    noise = _ar1(rng, days, spec.phi, spec.sd)
    state = 0.0
    checkins: list[CheckinRecord] = []
    sessions: list[SessionRecord] = []
    for k in range(days):
        day = START + timedelta(days=k)
        pain = level[k] + noise[k] + state
        if rng.random() >= spec.missing:
            checkins.append(CheckinRecord(day, None, int(np.clip(np.rint(pain), 0, 10))))
        block = block_on(schedule, day)
        if block is None or day in paused:
            continue
        routine = block.condition
        if rng.random() >= spec.adherence:
            routine = ("B" if routine == "A" else "A") if rng.random() < 0.5 else "none"
        sessions += _sessions(day, routine, (day - block.start).days)
        target = spec.effect if routine == "B" else 0.0
        state = spec.carry * state + (1 - spec.carry) * target
    return Run(schedule, checkins, sessions, paused, schedule[-1].end + timedelta(days=2))


def claims(run: Run, methods: tuple[str, ...]) -> dict[str, str]:
    """Per method: "B lower", "B higher" or "none" (no claim, or not enough to tell)."""
    out = {}
    for method in methods:
        result = experiment_result(
            run.schedule, run.checkins, run.sessions, PLANS, run.today, None, run.paused, method
        )
        c = result.comparison
        out[method] = (
            "none"
            if c is None or not c.excludes_zero
            else ("B lower" if c.difference < 0 else "B higher")
        )
    return out


def _spec(scenario: str, pairs: int) -> Spec:
    if scenario == CALIBRATION:
        rounded_sd = math.sqrt(NULL.sd**2 + 1 / 12)
        effect = detectable_difference(pairs, rounded_sd, NULL.phi)
        return replace(NULL, effect=-effect, missing=0.0, carry=0.0)
    return SPECS[scenario]


def _cell(args: tuple[str, int, int, int, tuple[str, ...]]) -> tuple[str, int, dict]:
    scenario, pairs, runs, base_seed, methods = args
    spec = _spec(scenario, pairs)
    counts = {m: {"B lower": 0, "B higher": 0, "none": 0} for m in methods}
    for k in range(runs):
        for method, claim in claims(simulate(spec, pairs, base_seed + k), methods).items():
            counts[method][claim] += 1
    return scenario, pairs, counts


def _seed(scenario: str, pairs: int) -> int:
    return 1_000_003 * (sorted([*SPECS, CALIBRATION]).index(scenario) + 1) + 10_007 * pairs


def shares(scenario: str, pairs: int, runs: int, methods: tuple[str, ...]) -> dict:
    """Share of runs claiming each direction, per method (used by the tests too)."""
    _, _, counts = _cell((scenario, pairs, runs, _seed(scenario, pairs), methods))
    return {m: {v: c / runs for v, c in counts[m].items()} for m in methods}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 runs per cell")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument(
        "--methods",
        default=",".join(METHODS),
        help=f"comma-separated, of: {', '.join(METHODS)} (in use: {METHOD})",
    )
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    runs = args.runs or (200 if args.quick else 1000)
    methods = tuple(args.methods.split(","))
    scenarios = [*SPECS, CALIBRATION]
    jobs = [(s, p, runs, _seed(s, p), methods) for s in scenarios for p in PAIRS]
    began, cpu = time.perf_counter(), time.process_time()
    table = {}
    with Pool(args.processes) as pool:
        for done, (s, p, counts) in enumerate(pool.imap_unordered(_cell, jobs), start=1):
            table[(s, p)] = counts
            print(f"{done}/{len(jobs)} cells, {time.perf_counter() - began:.0f} s", file=sys.stderr)
    print(f"{runs} runs per cell; share claiming a difference, B lower / B higher (%)\n")
    print("| scenario | pairs | " + " | ".join(methods) + " |")
    print("|---|---:|" + "---:|" * len(methods))
    for s in scenarios:
        for p in PAIRS:
            cells = " | ".join(
                f"{100 * table[(s, p)][m]['B lower'] / runs:.1f} / "
                f"{100 * table[(s, p)][m]['B higher'] / runs:.1f}"
                for m in methods
            )
            print(f"| {s} | {p} | {cells} |")
    print()
    for m in methods:
        worst = max(
            100 * (table[(s, p)][m]["B lower"] + table[(s, p)][m]["B higher"]) / runs
            for s in NO_DIFFERENCE
            for p in PAIRS
        )
        power = [100 * table[("1.5 points", p)][m]["B lower"] / runs for p in PAIRS]
        print(
            f"{m}: worst no-difference claim rate {worst:.1f}% (goal <= 5%); power for 1.5 "
            "points at 2/3/4 pairs " + " / ".join(f"{x:.0f}%" for x in power)
        )
    print(
        "\ndetectable difference (SD 1.0 + rounding, rho 0.7), 2/3/4 pairs: "
        + " / ".join(
            f"{detectable_difference(p, math.sqrt(NULL.sd**2 + 1 / 12), NULL.phi):.2f}"
            for p in PAIRS
        )
    )
    print(f"\n{time.perf_counter() - began:.0f} s wall, {time.process_time() - cpu:.0f} s CPU here")


if __name__ == "__main__":
    main()
