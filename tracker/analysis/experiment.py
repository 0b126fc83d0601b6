"""A guided self-experiment (N-of-1 trial): two conditions in randomized week blocks.

Watching a diary can only say what *went with* lower pain; alternating two
conditions in blocks, in an order nobody chose, and comparing them within
each pair of weeks is the one design that tells a single person what works
for them, because a recovery trend then hits both conditions alike.

Definitions (shared by the API, the exports and the report):

- **Schedule.** 2-4 pairs of 1-week blocks. ``make_schedule`` draws the order
  inside each pair from ``random.Random(seed)``: for pair 1, 2, ... in turn it
  takes the next ``rng.random()``; below 0.5 the pair runs A then B, otherwise
  B then A. Python guarantees the same numbers for the same integer seed on
  every version and platform, so a clinician can redo the draw with
  ``random.Random(seed)`` by hand.
- **Pauses** extend the block they fall in: a block holds 7 unpaused days, so
  a paused day pushes its block's end (and every later block) one day later.
- **Next-morning pain.** A day under a condition is judged by the pain of the
  *next* morning: day d of a block goes with the first-step pain logged on
  d + 1 (mean of the feet rated). The morning after a block's last day is that
  block's, even though it falls on the first day of the next block.
- **Washout.** The first 2 unpaused days of each block do not count (the
  previous condition may still act on their next mornings); the other 5 do.
- **Rest days.** A condition with fewer than 7 sessions a week spreads them from the
  block's first unpaused day (``sessions_on``: 3 a week on days 1, 3 and 5); the daily
  series plans each day under the experiment from its condition
  (``planned_by_condition``), and a day that plans none is neither kept nor missed.
- **Missing mornings** are left out, never filled in; paused days are left
  out of both pain and adherence.
- **The comparison** (``METHOD_TEXT``): per pair, the B week's mean counted
  pain minus the A week's; the mean of those differences with a Student t
  interval on pairs - 1 degrees of freedom. A pair enters only when both its
  weeks have at least 3 counted mornings, and a verdict needs 2 such pairs.
  Chosen in ``bench/experiment.py`` (table in ``bench/README.md``): it was
  the only candidate that kept false claims at or under 5% in every
  no-difference scenario (strong recovery, slow swings, missing mornings,
  poor adherence); the day-level models (a level per pair, AR(1) errors)
  had 2-3 times the power but 19-45% false claims in their worst scenario,
  because a few weeks cannot pin down how strongly pain carries over. The
  price is honest and large: 1-week blocks find a 1.5-point difference in
  28% of 3-pair and 46% of 4-pair experiments, and with 2 pairs (1 degree
  of freedom) almost never;
  ``detectable_difference`` says so before the start (above 10 points means
  no difference the 0-10 scale allows).
"""

from __future__ import annotations

import math
import random
import warnings
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np

from tracker.i18n import text
from tracker.i18n.text import N_

from .daily import MIN_SESSION_SECONDS, pain_mean
from .records import CheckinRecord, SessionRecord
from .voice import Voice, say
from .words import day as day_text
from .words import decimal

CONDITIONS = ("A", "B")
MIN_PAIRS = 2
MAX_PAIRS = 4
BLOCK_DAYS = 7
"""Unpaused days in a block."""
WASHOUT_DAYS = 2
"""The first unpaused days of a block whose next mornings do not count."""

CONFIDENCE = 0.95
POWER = 0.8
METHODS = ("pair-t", "gls-ar1-bc", "gls-ar1", "gls-ar1-trend", "ols-pairs")
"""Candidates measured in ``bench/experiment.py``; ``METHOD`` is the one in use."""
METHOD = "pair-t"
_METHOD = N_(
    "For each pair of weeks, the mean next-morning pain in the B week minus that in the A "
    "week (first 2 days of each week as washout); the 95%% interval is Student's t over "
    "those pair differences (pairs - 1 degrees of freedom)."
)
"""A format string ("95%%"), so that a catalogue does not read "% i" as a placeholder."""
METHOD_TEXT = _METHOD % {}
"""In English; ``method_text()`` in the reader's language."""


def method_text() -> str:
    return text.gettext(_METHOD) % {}


MIN_PAIR_SD = 0.32
"""Floor on the SD of the pair differences: whole-number ratings make equal differences
(an SD of 0, a zero-width interval) common with 2 pairs, which the bench saw as 6.6% false
claims. 0.32 is the SD of a difference of two 5-morning means of the least variable person
(``MIN_SD`` 0.5: sqrt(2 * 0.5**2 / 5))."""
BIAS_FACTOR = 1.0
"""Multiple of Kendall's small-sample correction added to the estimated AR(1) rho (gls-ar1-bc)."""


SCALE_MAX = 10.0
"""Pain is rated 0-10, so no true difference lies beyond 10 points either way: intervals
are cut there (with 2 pairs, t on 1 degree of freedom can reach far past it)."""
ONE_DAY = timedelta(days=1)
STATUSES = ("scheduled", "running", "stopped", "complete")


@dataclass(frozen=True)
class ConditionPlan:
    """One arm, as the person is asked to do it."""

    key: str
    """"A" or "B"."""
    label: str
    """What the person reads: "Daily and light"."""
    sessions_per_week: int
    """14 = twice a day, 7 = daily, 3 = three a week, 0 = none."""
    minutes: int
    """Minimum minutes per session (0 when ``sessions_per_week`` is 0)."""
    pressure_min: int | None = None
    """0-10 scale; None = any."""
    pressure_max: int | None = None
    techniques: tuple[str, ...] = ()
    """Technique slugs; a session counts when it used any of them. Empty = any."""


@dataclass(frozen=True)
class Block:
    """One week of one condition; ``start`` and ``end`` are inclusive local dates."""

    index: int
    """0-based position in the schedule."""
    pair: int
    """0-based pair the block belongs to (blocks 2k and 2k + 1)."""
    condition: str
    start: date
    end: date


def _check_pairs(pairs: int) -> None:
    if isinstance(pairs, bool) or not isinstance(pairs, int) or not MIN_PAIRS <= pairs <= MAX_PAIRS:
        raise ValueError(
            f"pairs must be a whole number from {MIN_PAIRS} to {MAX_PAIRS}, got {pairs!r}"
        )


def block_on(schedule: Sequence[Block], day: date) -> Block | None:
    """The block ``day`` falls in, for "Week 3 of 6: ..." on Today; None outside the schedule."""
    for block in schedule:
        if block.start <= day <= block.end:
            return block
    return None


def pair_orders(pairs: int, seed: int) -> list[tuple[str, str]]:
    """The order of the two conditions in each pair, as drawn from ``seed`` (see module doc)."""
    _check_pairs(pairs)
    rng = random.Random(seed)
    return [("A", "B") if rng.random() < 0.5 else ("B", "A") for _ in range(pairs)]


def make_schedule(start: date, pairs: int, seed: int, paused: Collection[date] = ()) -> list[Block]:
    """The experiment's blocks, in order; the same arguments always give the same schedule.

    Paused days are skipped when counting a block's 7 days, so an illness week
    lengthens the block it falls in instead of spoiling it.
    """
    paused_days = frozenset(paused)
    blocks: list[Block] = []
    day = start
    for pair, order in enumerate(pair_orders(pairs, seed)):
        for condition in order:
            first = day
            counted = 0
            while True:
                if day not in paused_days:
                    counted += 1
                if counted == BLOCK_DAYS:
                    break
                day += timedelta(days=1)
            blocks.append(Block(len(blocks), pair, condition, first, day))
            day += timedelta(days=1)
    return blocks


# --- the days under a condition (rest days, Today, the daily series) ------------------------


def sessions_on(plan: ConditionPlan, nth: int) -> int:
    """Sessions ``plan`` asks for on the ``nth`` (0-based) unpaused day of its block.

    The rest-day rule: a week's sessions are spread evenly over the block's 7 unpaused
    days, the nth day holding ceil((n + 1) * k / 7) - ceil(n * k / 7) of the k a week. So
    14 a week is 2 every day, 7 is 1 every day, 0 is none, 3 a week falls on days 1, 3
    and 5, 2 a week on days 1 and 4, 10 a week is 2, 1, 2, 1, 2, 1, 1. Sessions come first
    in the week (day 1 always holds one), so a week stopped early has had its share, and
    never more than ceil(k / 7) on a day: the most ``experiment_result`` counts for a day.
    Days are counted over unpaused days only, so a pause moves the rest days along with
    the block, as it moves the block's end.
    """
    if not 0 <= nth < BLOCK_DAYS:
        raise ValueError(f"a block has {BLOCK_DAYS} unpaused days; day {nth} is outside it")
    k = plan.sessions_per_week
    return -(-(nth + 1) * k // BLOCK_DAYS) - -(-nth * k // BLOCK_DAYS)


@dataclass(frozen=True)
class ExperimentRecord:
    """A stored experiment as the daily series and Today read it."""

    start: date
    pairs: int
    seed: int
    plans: Mapping[str, ConditionPlan]
    stopped_on: date | None = None
    """The last day that counts, when stopped early."""


@dataclass(frozen=True)
class ConditionDay:
    """One day under a condition: what Today says and what the daily series plans."""

    day: date
    block: Block
    weeks: int
    """Blocks in the whole schedule: "Week 3 of 6"."""
    plan: ConditionPlan
    sessions: int
    """Planned by the rest-day rule; 0 on a rest day and on a paused day."""
    paused: bool
    washout: bool
    """One of the block's first 2 unpaused days: its next morning does not count."""

    @property
    def rest_day(self) -> bool:
        """No session planned although the condition has some (a 3-a-week arm's day off)."""
        return not self.paused and self.sessions == 0 and self.plan.sessions_per_week > 0


def condition_days(
    experiment: ExperimentRecord, paused: Collection[date] = ()
) -> list[ConditionDay]:
    """Every day the experiment runs, in order: to its last block's end, or to the day it
    was stopped (later days are back under the person's own plan). ``paused`` are the
    person's paused days, as the schedule is made with them."""
    paused_days = frozenset(paused)
    schedule = make_schedule(experiment.start, experiment.pairs, experiment.seed, paused_days)
    last = schedule[-1].end
    if experiment.stopped_on is not None:
        last = min(last, experiment.stopped_on)
    days: list[ConditionDay] = []
    for block in schedule:
        plan = experiment.plans[block.condition]
        nth = 0
        day = block.start
        while day <= min(block.end, last):
            if day in paused_days:
                days.append(ConditionDay(day, block, len(schedule), plan, 0, True, False))
            else:
                sessions = sessions_on(plan, nth)
                washout = nth < WASHOUT_DAYS
                days.append(ConditionDay(day, block, len(schedule), plan, sessions, False, washout))
                nth += 1
            day += ONE_DAY
    return days


def planned_by_condition(
    experiments: Iterable[ExperimentRecord], paused: Collection[date] = ()
) -> dict[date, int]:
    """Sessions planned on each day under an experiment, for the daily series (which plans
    every other day from the person's own plan)."""
    paused_days = frozenset(paused)
    return {
        d.day: d.sessions
        for experiment in experiments
        for d in condition_days(experiment, paused_days)
    }


def done_by_condition(
    experiments: Iterable[ExperimentRecord],
    sessions: Iterable[SessionRecord],
    paused: Collection[date] = (),
) -> dict[date, int]:
    """Sessions that count toward the plan on each day under an experiment: only those
    meeting the day's condition (its minutes, pressure and techniques, ``qualifies``), so
    Today's count, the daily adherence and the result's "as assigned" agree."""
    days = {d.day: d.plan for e in experiments for d in condition_days(e, paused)}
    done = dict.fromkeys(days, 0)
    for session in sessions:
        plan = days.get(session.day)
        if plan is not None and qualifies(session, plan):
            done[session.day] += 1
    return done


@dataclass(frozen=True)
class AsDone:
    """What was actually done in a block, per week of its unpaused days so far."""

    sessions_per_week: float
    minutes_per_session: float | None
    """Mean duration of the block's sessions; None when there were none."""
    pressure: float | None
    """Mean pressure (0-10) of the block's sessions; None when there were none."""


@dataclass(frozen=True)
class BlockResult:
    block: Block
    days_counted: int
    """Mornings counted: after the washout, unpaused, logged, and already lived."""
    mean_pain: float | None
    """Mean next-morning pain over the counted mornings; None when there are none."""
    adherence: float | None
    """As assigned, 0-1: the share of the condition's planned sessions done (sessions meeting
    its minutes, pressure and techniques, at most the planned number a day). For a "none"
    arm: the share of days without a session that would count for the other arm. None
    before the block's first day."""
    as_done: AsDone


@dataclass(frozen=True)
class Comparison:
    """B minus A in next-morning pain points, compared within pairs; negative: B lower."""

    difference: float
    ci_low: float
    ci_high: float
    pairs_used: int
    method: str

    @property
    def excludes_zero(self) -> bool:
        return self.ci_low > 0 or self.ci_high < 0


@dataclass(frozen=True)
class ExperimentResult:
    status: str
    """One of STATUSES."""
    blocks: tuple[BlockResult, ...]
    current: Block | None
    """The block today falls in (running only)."""
    comparison: Comparison | None
    """Only when complete and every verdict condition holds."""
    sentence: str | None
    """Plain words for the person: the verdict, "no clear difference", or why it cannot
    tell yet (None while scheduled or running)."""


# --- the result -----------------------------------------------------------------------------

MIN_COUNTED = 3
"""Counted mornings a block needs for its pair to enter the comparison (of 5 possible)."""
MIN_PAIRS_FOR_VERDICT = 2


def _pains_by_day(checkins: Iterable[CheckinRecord]) -> dict[date, float]:
    pains: dict[date, float] = {}
    for checkin in checkins:
        pain = pain_mean(checkin)
        if pain is not None:
            pains[checkin.day] = pain
    return pains


def qualifies(session: SessionRecord, plan: ConditionPlan) -> bool:
    """A session counts for an arm when it is long enough (and a session at all, as the
    daily series counts one), in its pressure range and, if the arm names techniques, used
    at least one of them."""
    if plan.sessions_per_week == 0:
        return False
    if session.duration_s < max(plan.minutes * 60, MIN_SESSION_SECONDS):
        return False
    if plan.pressure_min is not None and session.pressure < plan.pressure_min:
        return False
    if plan.pressure_max is not None and session.pressure > plan.pressure_max:
        return False
    return not plan.techniques or bool(session.techniques & set(plan.techniques))


def _adherence(
    days: Sequence[date],
    by_day: dict[date, list[SessionRecord]],
    plan: ConditionPlan,
    other: ConditionPlan | None,
    nth: Mapping[date, int],
) -> float | None:
    """As assigned, 0-1: each day that plans sessions by the rest-day rule (``sessions_on``;
    ``nth`` is a day's place among its block's unpaused days) is kept by the share of them
    done by sessions meeting the condition, at most 1 (a double session does not make up
    for a missed day), and the days are averaged: the daily adherence the dashboard and
    the report show for those days. A rest day is neither kept nor missed. A "none" arm is
    kept on a day with no session that would count for the other arm."""
    if not days:
        return None
    if plan.sessions_per_week == 0:
        if other is None or other.sessions_per_week == 0:
            return None
        kept = sum(not any(qualifies(s, other) for s in by_day.get(d, ())) for d in days)
        return kept / len(days)
    shares = []
    for d in days:
        planned = sessions_on(plan, nth[d])
        if planned:
            done = sum(qualifies(s, plan) for s in by_day.get(d, ()))
            shares.append(min(1.0, done / planned))
    return sum(shares) / len(shares) if shares else None


def _as_done(days: Sequence[date], by_day: dict[date, list[SessionRecord]]) -> AsDone:
    done = [s for d in days for s in by_day.get(d, ())]
    if not days:
        return AsDone(0.0, None, None)
    per_week = len(done) * 7 / len(days)
    if not done:
        return AsDone(per_week, None, None)
    minutes = sum(s.duration_s for s in done) / 60 / len(done)
    pressure = sum(s.pressure for s in done) / len(done)
    return AsDone(per_week, minutes, pressure)


def _condition_days(block: Block, paused: frozenset[date]) -> list[date]:
    days = (block.start + timedelta(days=k) for k in range((block.end - block.start).days + 1))
    return [d for d in days if d not in paused]


@dataclass(frozen=True)
class _Morning:
    pair: int
    condition: str
    day: int
    """Days since the experiment's start, of the morning (for the AR(1) distances)."""
    pain: float


def experiment_result(
    schedule: Sequence[Block],
    checkins: Iterable[CheckinRecord],
    sessions: Iterable[SessionRecord],
    plans: Mapping[str, ConditionPlan],
    today: date,
    stopped_on: date | None,
    paused: Collection[date] = (),
    method: str = METHOD,
    voice: Voice = "you",
) -> ExperimentResult:
    """Everything the person sees about their experiment, for any day of it.

    A day under the condition counts when it has been lived: before ``today`` (today is
    in progress) and, for a stopped experiment, on or before ``stopped_on``. Its morning
    (the next one) must also be logged. ``paused`` must be the same days the schedule was
    made with; they count for neither pain nor adherence. ``method`` is for the bench;
    ``voice`` "they" words the sentence for a physiotherapist reading a shared view.
    """
    if not schedule:
        raise ValueError("schedule must hold at least one pair of blocks")
    if not set(CONDITIONS) <= set(plans):
        raise ValueError(f"plans must name conditions A and B, got {sorted(plans)}")
    paused_days = frozenset(paused)
    pains = _pains_by_day(checkins)
    by_day: dict[date, list[SessionRecord]] = {}
    for session in sessions:
        by_day.setdefault(session.day, []).append(session)
    last_lived = today - timedelta(days=1)
    if stopped_on is not None:
        last_lived = min(last_lived, stopped_on)
    origin = schedule[0].start
    results: list[BlockResult] = []
    mornings: list[_Morning] = []
    for block in schedule:
        plan = plans[block.condition]
        other = next((p for k, p in plans.items() if k != block.condition), None)
        condition_days = _condition_days(block, paused_days)
        lived = [d for d in condition_days if d <= last_lived]
        counted = [
            d for d in condition_days[WASHOUT_DAYS:] if d <= last_lived and d + ONE_DAY in pains
        ]
        for d in counted:
            mornings.append(
                _Morning(block.pair, block.condition, (d - origin).days + 1, pains[d + ONE_DAY])
            )
        results.append(
            BlockResult(
                block=block,
                days_counted=len(counted),
                mean_pain=sum(pains[d + ONE_DAY] for d in counted) / len(counted)
                if counted
                else None,
                adherence=_adherence(
                    lived, by_day, plan, other, {d: n for n, d in enumerate(condition_days)}
                ),
                as_done=_as_done(lived, by_day),
            )
        )
    blocks = tuple(results)
    if stopped_on is not None:
        sentence = say(
            voice,
            N_(
                "Stopped on %(date)s: your data so far are shown, but a stopped experiment "
                "gives no verdict, because only complete pairs of weeks compare the two "
                "conditions fairly."
            ),
            N_(
                "Stopped on %(date)s: their data so far are shown, but a stopped experiment "
                "gives no verdict, because only complete pairs of weeks compare the two "
                "conditions fairly."
            ),
            date=day_text(stopped_on, "numeric"),
        )
        return ExperimentResult("stopped", blocks, None, None, sentence)
    if today < schedule[0].start:
        return ExperimentResult("scheduled", blocks, None, None, None)
    if today <= schedule[-1].end:
        return ExperimentResult("running", blocks, block_on(schedule, today), None, None)
    comparison, sentence = _verdict(blocks, mornings, plans, method, voice)
    return ExperimentResult("complete", blocks, None, comparison, sentence)


def _verdict(
    blocks: Sequence[BlockResult],
    mornings: Sequence[_Morning],
    plans: Mapping[str, ConditionPlan],
    method: str,
    voice: Voice = "you",
) -> tuple[Comparison | None, str]:
    """The comparison over the pairs whose both weeks have enough counted mornings."""
    short = [b for b in blocks if b.days_counted < MIN_COUNTED]
    usable = sorted({b.block.pair for b in blocks} - {b.block.pair for b in short})
    label_a, label_b = plans["A"].label, plans["B"].label
    left_out = ""
    if short:
        weeks = ", ".join(
            text.ngettext(
                "week %(week)s (%(label)s, %(num)s counted morning)",
                "week %(week)s (%(label)s, %(num)s counted mornings)",
                b.days_counted,
                week=b.block.index + 1,
                label=plans[b.block.condition].label,
            )
            for b in short
        )
        left_out = " " + text.gettext(
            "A pair of weeks is left out when one of its weeks has fewer than %(minimum)s "
            "mornings logged after its 2 washout days: %(weeks)s.",
            minimum=MIN_COUNTED,
            weeks=weeks,
        )
    if len(usable) < MIN_PAIRS_FOR_VERDICT:
        return None, (
            text.ngettext(
                "Not enough to tell: only %(num)s pair of weeks had enough mornings logged, "
                "and the comparison needs at least %(needed)s.",
                "Not enough to tell: only %(num)s pairs of weeks had enough mornings logged, "
                "and the comparison needs at least %(needed)s.",
                len(usable),
                needed=MIN_PAIRS_FOR_VERDICT,
            )
            + left_out
        )
    used = [m for m in mornings if m.pair in usable]
    comparison = compare(used, method)
    if comparison is not None:
        comparison = replace(
            comparison,
            ci_low=max(-SCALE_MAX, comparison.ci_low),
            ci_high=min(SCALE_MAX, comparison.ci_high),
        )
    if comparison is None:
        return None, (
            text.gettext("Not enough to tell: the mornings logged do not allow a comparison.")
            + left_out
        )
    return comparison, _sentence(comparison, label_a, label_b, voice) + left_out


def _pairs(n: int) -> str:
    return text.ngettext("%(num)s pair of weeks", "%(num)s pairs of weeks", n)


def _signed(points: float) -> str:
    if points < 0:
        return text.gettext("%(points)s points lower", points=decimal(abs(points)))
    return text.gettext("%(points)s points higher", points=decimal(abs(points)))


def _sentence(c: Comparison, label_a: str, label_b: str, voice: Voice = "you") -> str:
    """B - A in words: the arm with lower pain named first, the interval in the same sense."""
    if c.excludes_zero:
        if c.difference < 0:
            better, worse, lo, hi = label_b, label_a, -c.ci_high, -c.ci_low
        else:
            better, worse, lo, hi = label_a, label_b, c.ci_low, c.ci_high
        return say(
            voice,
            N_(
                "In your experiment, %(better)s went with %(difference)s points lower morning "
                "pain than %(worse)s (95%% interval %(low)s to %(high)s points lower), over "
                "%(pairs)s."
            ),
            N_(
                "In their experiment, %(better)s went with %(difference)s points lower morning "
                "pain than %(worse)s (95%% interval %(low)s to %(high)s points lower), over "
                "%(pairs)s."
            ),
            better=better,
            worse=worse,
            difference=decimal(abs(c.difference)),
            low=decimal(lo),
            high=decimal(hi),
            pairs=_pairs(c.pairs_used),
        )
    return text.gettext(
        "No clear difference between %(a)s and %(b)s: the 95%% interval runs from %(low)s to "
        "%(high)s morning pain with %(b)s than with %(a)s, over %(pairs)s.",
        a=label_a,
        b=label_b,
        low=_signed(c.ci_low),
        high=_signed(c.ci_high),
        pairs=_pairs(c.pairs_used),
    )


# --- the comparison, and what it can find ---------------------------------------------------


def compare(mornings: Sequence[_Morning], method: str = METHOD) -> Comparison | None:
    """B - A within pairs under one of METHODS; None when the data cannot carry it."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    pairs = sorted({m.pair for m in mornings})
    if len(pairs) < MIN_PAIRS_FOR_VERDICT:
        return None
    if method == "pair-t":
        return _pair_t(mornings, pairs)
    return _day_level(mornings, pairs, method)


def _pair_t(mornings: Sequence[_Morning], pairs: Sequence[int]) -> Comparison | None:
    from scipy import stats

    differences = []
    for pair in pairs:
        a = [m.pain for m in mornings if m.pair == pair and m.condition == "A"]
        b = [m.pain for m in mornings if m.pair == pair and m.condition == "B"]
        if not a or not b:
            return None
        differences.append(sum(b) / len(b) - sum(a) / len(a))
    d = np.asarray(differences)
    mean, se = float(d.mean()), max(MIN_PAIR_SD, float(d.std(ddof=1))) / math.sqrt(len(d))
    q = float(stats.t.ppf(0.5 + CONFIDENCE / 2, len(d) - 1))
    return Comparison(mean, mean - q * se, mean + q * se, len(d), "pair-t")


def _design(mornings: Sequence[_Morning], pairs: Sequence[int], trend: bool) -> np.ndarray:
    """One column per pair (its own level), B indicator, optionally a linear time trend."""
    columns = [[1.0 if m.pair == p else 0.0 for m in mornings] for p in pairs]
    columns.append([1.0 if m.condition == "B" else 0.0 for m in mornings])
    if trend:
        span = max(1, max(m.day for m in mornings) - min(m.day for m in mornings))
        columns.append([m.day / span for m in mornings])
    return np.array(columns).T


def _ar1_sigma(days: np.ndarray, rho: float) -> np.ndarray:
    return rho ** np.abs(days[:, None] - days[None, :])


def _lag1(days: np.ndarray, residuals: np.ndarray) -> float:
    """Lag-1 autocorrelation over mornings one calendar day apart; 0 when there are none."""
    ahead = {int(d): float(r) for d, r in zip(days, residuals, strict=True)}
    products = [
        r * ahead[int(d) + 1] for d, r in zip(days, residuals, strict=True) if d + 1 in ahead
    ]
    variance = float(residuals @ residuals) / len(residuals)
    if not products or variance <= 0:
        return 0.0
    return float(np.mean(products)) / variance


def _day_level(
    mornings: Sequence[_Morning], pairs: Sequence[int], method: str
) -> Comparison | None:
    """Every counted morning, a level per pair, and AR(1) errors over the real day gaps."""
    import statsmodels.regression.linear_model as sm
    from scipy import stats

    y = np.array([m.pain for m in mornings])
    days = np.array([m.day for m in mornings], dtype=float)
    X = _design(mornings, pairs, trend=method == "gls-ar1-trend")
    n, p = X.shape
    if n - p < 2 or np.linalg.matrix_rank(X) < p:
        return None
    k = len(pairs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = sm.OLS(y, X).fit()
        if method != "ols-pairs":
            rho = 0.0
            for _ in range(3):
                rho = min(0.95, max(0.0, _lag1(days, y - X @ np.asarray(result.params))))
                result = sm.GLS(y, X, sigma=_ar1_sigma(days, rho)).fit()
            if method == "gls-ar1-bc":
                rho = min(0.95, rho + BIAS_FACTOR * (1 + 3 * rho + p) / n)
                result = sm.GLS(y, X, sigma=_ar1_sigma(days, rho)).fit()
    estimate, se = float(result.params[k]), float(result.bse[k])
    if not (math.isfinite(estimate) and math.isfinite(se)) or se <= 0:
        return None
    q = float(stats.t.ppf(0.5 + CONFIDENCE / 2, n - p))
    return Comparison(estimate, estimate - q * se, estimate + q * se, len(pairs), method)


def _layout(pairs: int) -> tuple[np.ndarray, np.ndarray]:
    """Mornings counted in a full experiment with nothing missed: days since the start and
    B indicator, pairs run A then B (the variance does not depend on the order)."""
    days, is_b = [], []
    for block in range(2 * pairs):
        for k in range(WASHOUT_DAYS, BLOCK_DAYS):
            days.append(block * BLOCK_DAYS + k + 1)
            is_b.append(block % 2)
    return np.array(days, dtype=float), np.array(is_b, dtype=float)


def _standard_error(pairs: int, sd: float, rho: float, method: str) -> tuple[float, int]:
    """The method's standard error of B - A and its degrees of freedom, from the design."""
    days, is_b = _layout(pairs)
    sigma = sd**2 * _ar1_sigma(days, rho)
    if method == "pair-t":
        per_block = BLOCK_DAYS - WASHOUT_DAYS
        w = np.where(is_b == 1, 1.0, -1.0) / per_block
        first = slice(0, 2 * per_block)
        variance = float(w[first] @ sigma[first, first] @ w[first])
        return math.sqrt(variance / pairs), pairs - 1
    pair_of = np.repeat(np.arange(pairs), 2 * (BLOCK_DAYS - WASHOUT_DAYS))
    X = np.column_stack([*(pair_of == p for p in range(pairs)), is_b]).astype(float)
    covariance = np.linalg.inv(X.T @ np.linalg.solve(sigma, X))
    return math.sqrt(float(covariance[-1, -1])), len(days) - X.shape[1]


def detectable_difference(pairs: int, sd: float, rho: float, method: str = METHOD) -> float:
    """The smallest true B - A difference (points) the result finds with 80% power at a
    two-sided 5% level, for a person with day-to-day ``sd`` and lag-1 autocorrelation
    ``rho``, with every counted morning logged (missing mornings only make it larger)."""
    from scipy import optimize, stats

    _check_pairs(pairs)
    if not (sd > 0 and math.isfinite(sd)):
        raise ValueError(f"sd must be a positive number, got {sd!r}")
    if not -1 < rho < 1:
        raise ValueError(f"rho must lie between -1 and 1, got {rho!r}")
    se, df = _standard_error(pairs, sd, rho, method)
    q = float(stats.t.ppf(0.5 + CONFIDENCE / 2, df))

    def shortfall(delta: float) -> float:
        ncp = delta / se
        wrong_side = float(stats.nct.cdf(-q, df, ncp))  # ~1e-16, and scipy can make it NaN
        return float(stats.nct.sf(q, df, ncp)) + float(np.nan_to_num(wrong_side)) - POWER

    return float(optimize.brentq(shortfall, 0.0, 25.0 * se))


MIN_OWN_MORNINGS = 14
"""Below two weeks of mornings a person's own SD and autocorrelation are guesses."""
DEFAULT_SD = 1.5
DEFAULT_RHO = 0.7
"""For a person with fewer than 14 mornings: SD 1.5 points and lag-1 autocorrelation 0.7
around their trend. The autocorrelation is the one the verdict bench's diaries use (pain
carries over from morning to morning); the SD is half again the bench's 1.0, a cautious
guess for an integer 0-10 rating, so that a new person is not promised more than their
own data will later allow."""
RECENT_MORNINGS = 56
"""The variation that matters is the recent one: the last 8 weeks of mornings."""
MIN_SD = 0.5
"""An integer rating that never moved still varies by rounding; never promise less."""


def day_to_day_variation(pains: Sequence[tuple[date, float]]) -> tuple[float, float, int]:
    """SD and lag-1 autocorrelation of a person's morning pain around its straight-line trend
    over their last 8 weeks of mornings, and how many mornings that is; the defaults above
    when there are fewer than 14. The autocorrelation is over mornings one day apart, with
    Kendall's small-sample correction (1 + 3 rho) / n, since it runs low in short series."""
    recent = sorted(pains)[-RECENT_MORNINGS:]
    n = len(recent)
    if n < MIN_OWN_MORNINGS:
        return DEFAULT_SD, DEFAULT_RHO, n
    origin = recent[0][0]
    days = np.array([(d - origin).days for d, _ in recent], dtype=float)
    y = np.array([p for _, p in recent], dtype=float)
    X = np.column_stack([np.ones(n), days])
    residuals = y - X @ np.linalg.lstsq(X, y, rcond=None)[0]
    sd = max(MIN_SD, math.sqrt(float(residuals @ residuals) / (n - 2)))
    rho = _lag1(days, residuals)
    rho = min(0.95, max(0.0, rho + (1 + 3 * rho) / n))
    return sd, rho, n
