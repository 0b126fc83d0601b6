"""How often does the headline claim a link? Simulated diaries, through the analysis package.

Each scenario generates diaries (check-ins, sessions, pauses) with a fixed seed,
builds the daily series with ``build_daily_series`` exactly as the dashboard
does, and asks ``consistency_vs_intensity`` for its verdicts with each
candidate method. Printed: the share of histories in which each verdict is
claimed (consistency lower / higher, intensity lower / higher) at 30, 60, 90
and 180 days. Goals: at most 5% for every verdict where there is no link
(7% at 500 histories is within Monte-Carlo error), at least 80% power for
the 2-point consistency effect by 90 days.

    python bench/verdicts.py            # 500 histories per cell, 2 processes (~10 min)
    python bench/verdicts.py --quick    # 100 histories per cell (~2 min)
    python bench/verdicts.py --methods glsar-bc,glsar,hac-spline,hac-linear,ols-spline
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from multiprocessing import Pool
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.analysis import (
    CheckinRecord,
    PauseRecord,
    PlanPeriod,
    SessionRecord,
    build_daily_series,
    consistency_vs_intensity,
)
from tracker.analysis.model import METHODS
from tracker.demo import demo_life, generate_demo

END = date(2026, 6, 30)
LENGTHS = (30, 60, 90, 180)
PLAN = (PlanPeriod(start=date(1990, 1, 1), sessions_per_day=2),)
VERDICTS = ("c-lower", "c-higher", "i-lower", "i-higher")


@dataclass(frozen=True)
class History:
    checkins: list[CheckinRecord]
    sessions: list[SessionRecord]
    pauses: list[PauseRecord]
    first: date
    last: date


def _ar1(rng: np.random.Generator, n: int, phi: float, sd: float) -> np.ndarray:
    """AR(1) noise with marginal standard deviation ``sd``, started in equilibrium."""
    e = rng.normal(0, sd * math.sqrt(1 - phi**2), n)
    out = np.empty(n)
    out[0] = rng.normal(0, sd)
    for k in range(1, n):
        out[k] = phi * out[k - 1] + e[k]
    return out


def _trailing_mean(values: np.ndarray, active: np.ndarray) -> np.ndarray:
    """7-day consistency as the analysis defines it (non-paused days only)."""
    out = np.full(len(values), np.nan)
    for k in range(len(values)):
        lo = max(0, k - 6)
        window = active[lo : k + 1]
        if window.any():
            out[k] = values[lo : k + 1][window].mean()
    return out


@dataclass
class Spec:
    """One scenario: how the routine is kept, and what the morning pain does."""

    do_prob: Callable[[np.ndarray, np.ndarray], np.ndarray]
    """(t in 0..1, week-steady flags) -> probability of each planned session."""
    pressure: Callable[[np.random.Generator, np.ndarray, np.ndarray], np.ndarray]
    """(rng, t, steady flags) -> the day's base pressure."""
    trend: Callable[[np.ndarray], np.ndarray]
    phi: float = 0.7
    noise_sd: float = 1.0
    consistency_effect: float = 0.0
    """Pain points per 1.0 of 7-day consistency (whole vs half = half of it)."""
    intensity_effect: float = 0.0
    """Pain points per pressure point of 7-day intensity."""
    missing: float = 0.05
    pause: bool = False
    weekly_switch: float = 0.5


def _recovery(t: np.ndarray) -> np.ndarray:
    """A recovery curve that flattens: 7 to about 3 over the history."""
    return 3.0 + 4.0 * np.exp(-2.5 * t)


def _flat(t: np.ndarray) -> np.ndarray:
    return np.full(len(t), 5.0)


def _steadying(t: np.ndarray, steady: np.ndarray) -> np.ndarray:
    return 0.95 - 0.55 * np.exp(-3.0 * t) + 0.0 * steady


def _slackening(t: np.ndarray, steady: np.ndarray) -> np.ndarray:
    return 0.45 + 0.5 * np.exp(-3.0 * t) + 0.0 * steady


def _switching(t: np.ndarray, steady: np.ndarray) -> np.ndarray:
    return np.where(steady, 0.9, 0.4)


def _steady_light(rng: np.random.Generator, t: np.ndarray, steady: np.ndarray) -> np.ndarray:
    return np.where(steady, 4, 7).astype(float)


def _weekly_pressure(rng: np.random.Generator, t: np.ndarray, steady: np.ndarray) -> np.ndarray:
    """Pressure changes week by week, independently of how steady the week was."""
    weeks = len(t) // 7 + 1
    return np.repeat(rng.choice([3.0, 5.0, 7.0], size=weeks), 7)[: len(t)]


def _random_pressure(rng: np.random.Generator, t: np.ndarray, steady: np.ndarray) -> np.ndarray:
    return rng.integers(3, 9, len(t)).astype(float)


def _independent_prob(t: np.ndarray, steady: np.ndarray) -> np.ndarray:
    return np.full(len(t), 0.7)


SPECS: dict[str, Spec] = {
    "shared trend": Spec(_steadying, _weekly_pressure, _recovery),
    "reverse trend": Spec(_slackening, _weekly_pressure, _recovery),
    "AR(1) 0.9, weekly switch": Spec(
        _switching, _steady_light, _flat, phi=0.9, noise_sd=1.2, weekly_switch=0.5
    ),
    "independent": Spec(_independent_prob, _random_pressure, _flat, phi=0.0, weekly_switch=0.0),
    "20% missing + pause": Spec(_steadying, _weekly_pressure, _recovery, missing=0.2, pause=True),
    "2-point consistency effect": Spec(
        _switching, _weekly_pressure, _recovery, consistency_effect=-4.0
    ),
    "intensity effect": Spec(_switching, _weekly_pressure, _recovery, intensity_effect=0.5),
}
NO_LINK = (
    "shared trend",
    "reverse trend",
    "AR(1) 0.9, weekly switch",
    "independent",
    "20% missing + pause",
)


def simulate(spec: Spec, days: int, seed: int) -> History:
    rng = np.random.default_rng(seed)
    first = END - timedelta(days=days - 1)
    t = np.arange(days) / max(1, days - 1)
    weeks = days // 7 + 1
    steady = (
        np.repeat(rng.random(weeks) < 0.6, 7)[:days]
        if spec.weekly_switch
        else (np.ones(days, dtype=bool))
    )
    paused = np.zeros(days, dtype=bool)
    pauses: list[PauseRecord] = []
    if spec.pause and days >= 30:
        start = int(days * 0.4)
        paused[start : start + 7] = True
        pauses.append(
            PauseRecord(first + timedelta(days=start), first + timedelta(days=start + 6), "illness")
        )
    prob = np.clip(spec.do_prob(t, steady), 0, 1)
    done = (rng.random((days, 2)) < prob[:, None]) & ~paused[:, None]
    base = spec.pressure(rng, t, steady)
    pressures = np.clip(base[:, None] + rng.integers(-1, 2, (days, 2)), 1, 10)
    adherence = done.sum(axis=1) / 2
    consistency = _trailing_mean(adherence, ~paused)
    counts = done.sum(axis=1)
    psum = (pressures * done).sum(axis=1)
    intensity = np.full(days, np.nan)
    for k in range(days):
        lo = max(0, k - 6)
        n = counts[lo : k + 1][~paused[lo : k + 1]].sum()
        if n:
            intensity[k] = psum[lo : k + 1][~paused[lo : k + 1]].sum() / n
    # Morning k+1 follows day k: the effects act through the previous day's windows.
    pain = spec.trend(t) + _ar1(rng, days, spec.phi, spec.noise_sd)
    prev_c = np.concatenate([[np.nan], consistency[:-1]])
    prev_i = np.concatenate([[np.nan], intensity[:-1]])
    pain = pain + spec.consistency_effect * (np.nan_to_num(prev_c, nan=0.5) - 0.5)
    pain = pain + spec.intensity_effect * (np.nan_to_num(prev_i, nan=5.0) - 5.0)
    scores = np.clip(np.rint(pain), 0, 10).astype(int)
    logged = rng.random(days) >= spec.missing
    checkins = [
        CheckinRecord(day=first + timedelta(days=k), pain_left=None, pain_right=int(scores[k]))
        for k in range(days)
        if logged[k]
    ]
    sessions = [
        SessionRecord(
            day=first + timedelta(days=k),
            duration_s=600,
            pressure=int(pressures[k, slot]),
            techniques=frozenset({"ball-roll"}),
        )
        for k in range(days)
        for slot in range(2)
        if done[k, slot]
    ]
    return History(checkins, sessions, pauses, first, END)


def demo_history(days: int, seed: int) -> History:
    """seed-demo's own generator, with its week of illness and plan change."""
    life = demo_life(days, END)
    demo = generate_demo(days, END, seed=seed, life=life)
    checkins = [CheckinRecord(d.day, d.pain_left, d.pain_right) for d in demo]
    sessions = [
        SessionRecord(
            day=s["started_at"].astimezone(UTC).date(),
            duration_s=s["duration_s"],
            pressure=s["pressure"],
            techniques=frozenset(s["techniques"]),
        )
        for d in demo
        for s in d.sessions
    ]
    pauses = [PauseRecord(*life.pause)] if life.pause else []
    return History(checkins, sessions, pauses, END - timedelta(days=days - 1), END)


def verdicts(history: History, methods: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    days = build_daily_series(
        history.checkins, history.sessions, PLAN, history.pauses, history.first, history.last
    )
    out = {}
    for method in methods:
        h = consistency_vs_intensity(days, method=method)
        out[method] = (h.consistency.kind, h.intensity.kind)
    return out


def _cell(args: tuple[str, int, int, int, tuple[str, ...]]) -> tuple[str, int, dict]:
    scenario, days, histories, base_seed, methods = args
    counts = {m: dict.fromkeys(VERDICTS, 0) for m in methods}
    for k in range(histories):
        seed = base_seed + k
        history = (
            demo_history(days, seed)
            if scenario == "seed-demo"
            else simulate(SPECS[scenario], days, seed)
        )
        for method, (c, i) in verdicts(history, methods).items():
            for prefix, kind in (("c", c), ("i", i)):
                if kind in ("lower", "higher"):
                    counts[method][f"{prefix}-{kind}"] += 1
    return scenario, days, counts


def shares(scenario: str, days: int, histories: int, methods: tuple[str, ...]) -> dict:
    """Share of histories claiming each verdict, per method (used by the tests too)."""
    _, _, counts = _cell((scenario, days, histories, _seed(scenario, days), methods))
    return {m: {v: c / histories for v, c in counts[m].items()} for m in methods}


def _seed(scenario: str, days: int) -> int:
    return 1_000_003 * (sorted([*SPECS, "seed-demo"]).index(scenario) + 1) + 10_007 * days


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 histories per cell")
    parser.add_argument("--histories", type=int, default=None)
    parser.add_argument(
        "--methods",
        default="glsar-bc,hac-spline",
        help=f"comma-separated, of: {', '.join(METHODS)} (the first is in use)",
    )
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    histories = args.histories or (100 if args.quick else 500)
    methods = tuple(args.methods.split(","))
    scenarios = [*SPECS, "seed-demo"]
    jobs = [(s, d, histories, _seed(s, d), methods) for s in scenarios for d in LENGTHS]
    began = time.perf_counter()
    results = []
    with Pool(args.processes) as pool:
        for done, result in enumerate(pool.imap_unordered(_cell, jobs), start=1):
            results.append(result)
            print(f"{done}/{len(jobs)} cells, {time.perf_counter() - began:.0f} s", file=sys.stderr)
    table = {(s, d): c for s, d, c in results}
    print(f"{histories} histories per cell; share claiming each verdict (%)")
    for method in methods:
        print(f"\n### {method}\n")
        print("| scenario | days | cons. lower | cons. higher | int. lower | int. higher |")
        print("|---|---:|---:|---:|---:|---:|")
        for s in scenarios:
            for d in LENGTHS:
                c = table[(s, d)][method]
                cells = " | ".join(f"{100 * c[v] / histories:.1f}" for v in VERDICTS)
                print(f"| {s} | {d} | {cells} |")
        worst = max(
            100 * table[(s, d)][method][v] / histories
            for s in NO_LINK
            for d in LENGTHS
            for v in VERDICTS
        )
        power90 = 100 * table[("2-point consistency effect", 90)][method]["c-lower"] / histories
        print(
            f"\nworst no-link claim rate {worst:.1f}% (goal <= 5%, <= 7% within MC error); "
            f"power at 90 days {power90:.1f}% (goal >= 80%)"
        )
    print(f"\n{time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
