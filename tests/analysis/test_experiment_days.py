"""The days under a self-experiment: the rest-day rule, and the daily series measuring each
of those days against its condition's plan instead of the person's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracker.analysis import PauseRecord, PlanPeriod, SessionRecord, build_daily_series
from tracker.analysis.experiment import (
    ConditionPlan,
    ExperimentRecord,
    condition_days,
    make_schedule,
    planned_by_condition,
    sessions_on,
)
from tracker.analysis.streaks import streaks

START = date(2025, 3, 3)
LIGHT = ConditionPlan("A", "Daily and light", 14, 5, None, 4, ("ball-roll",))
HARD = ConditionPlan("B", "Three harder sessions a week", 3, 10, 6, 7, ("ball-roll",))
PLANS = {"A": LIGHT, "B": HARD}
SEED = 7


def d(n: int) -> date:
    return START + timedelta(days=n)


def plan(per_week: int) -> ConditionPlan:
    return ConditionPlan("A", "x", per_week, 5 if per_week else 0)


def week(per_week: int) -> list[int]:
    return [sessions_on(plan(per_week), n) for n in range(7)]


@pytest.mark.parametrize(
    ("per_week", "expected"),
    [
        (14, [2, 2, 2, 2, 2, 2, 2]),
        (7, [1, 1, 1, 1, 1, 1, 1]),
        (0, [0, 0, 0, 0, 0, 0, 0]),
        (3, [1, 0, 1, 0, 1, 0, 0]),
        (2, [1, 0, 0, 1, 0, 0, 0]),
        (1, [1, 0, 0, 0, 0, 0, 0]),
        (10, [2, 1, 2, 1, 2, 1, 1]),
    ],
)
def test_a_weeks_sessions_are_spread_evenly_from_the_first_day(per_week, expected):
    assert week(per_week) == expected


@pytest.mark.parametrize("per_week", range(15))
def test_each_week_plans_exactly_its_sessions_and_never_more_than_its_daily_cap(per_week):
    days = week(per_week)
    assert sum(days) == per_week
    assert max(days) == -(-per_week // 7)


@pytest.mark.parametrize("nth", [-1, 7])
def test_a_day_outside_the_block_is_refused(nth):
    with pytest.raises(ValueError, match="7 unpaused days"):
        sessions_on(HARD, nth)


def _experiment(**kw) -> ExperimentRecord:
    return ExperimentRecord(START, 2, SEED, PLANS, **kw)


def _hard_block():
    return next(b for b in make_schedule(START, 2, SEED) if b.condition == "B")


def test_three_a_week_rests_on_days_2_4_6_and_7_of_its_block():
    block = _hard_block()
    under = {u.day: u for u in condition_days(_experiment())}
    days = [under[block.start + timedelta(days=k)] for k in range(7)]
    assert [u.sessions for u in days] == [1, 0, 1, 0, 1, 0, 0]
    assert [u.rest_day for u in days] == [False, True, False, True, False, True, True]
    assert [u.washout for u in days] == [True, True, False, False, False, False, False]
    assert {u.block.condition for u in days} == {"B"} and {u.weeks for u in days} == {4}


def test_a_paused_day_moves_the_rest_days_with_the_block():
    block = _hard_block()
    pause = block.start + timedelta(days=1)
    under = {u.day: u for u in condition_days(_experiment(), {pause})}
    days = [under[block.start + timedelta(days=k)] for k in range(8)]
    assert [u.sessions for u in days] == [1, 0, 0, 1, 0, 1, 0, 0]
    assert days[1].paused and not days[1].rest_day and not days[1].washout
    assert days[2].washout and not days[3].washout
    assert days[7].block == days[0].block  # the block is a day longer


def test_a_stopped_experiment_has_no_days_after_its_last():
    stopped = d(9)
    under = condition_days(_experiment(stopped_on=stopped))
    assert under[-1].day == stopped and len(under) == 10
    assert len(condition_days(_experiment())) == 28


def test_planned_by_condition_covers_only_the_experiments_days():
    planned = planned_by_condition([_experiment()])
    assert min(planned) == START and max(planned) == d(27) and len(planned) == 28
    light = next(b for b in make_schedule(START, 2, SEED) if b.condition == "A")
    assert planned[light.start] == 2


# --- the daily series --------------------------------------------------------------------------

TWO_A_DAY = [PlanPeriod(start=d(-10), sessions_per_day=2)]


def _sessions(days: dict[date, int]) -> list[SessionRecord]:
    return [
        SessionRecord(day, 600, 6, frozenset({"ball-roll"}))
        for day, count in days.items()
        for _ in range(count)
    ]


def _series(sessions, first: date, last: date, experiments=(), pauses=()):
    paused = {
        p.start + timedelta(days=k) for p in pauses for k in range((p.end - p.start).days + 1)
    }
    return build_daily_series(
        [],
        sessions,
        TWO_A_DAY,
        pauses,
        first,
        last,
        condition_planned=planned_by_condition(experiments, paused),
    )


def test_a_hard_week_is_measured_against_three_sessions_not_the_persons_two_a_day():
    block = _hard_block()
    session_days = [block.start, block.start + timedelta(days=2), block.start + timedelta(days=4)]
    days = _series(
        _sessions(dict.fromkeys(session_days, 1)), block.start, block.end, [_experiment()]
    )
    assert [x.planned_sessions for x in days] == [1, 0, 1, 0, 1, 0, 0]
    assert [x.adherence for x in days] == [1.0, None, 1.0, None, 1.0, None, None]
    assert [x.plan_met for x in days] == [True, False, True, False, True, False, False]
    assert days[-1].consistency_7d == 1.0
    without = _series(_sessions(dict.fromkeys(session_days, 1)), block.start, block.end)
    assert [x.adherence for x in without] == [0.5, 0.0, 0.5, 0.0, 0.5, 0.0, 0.0]


def test_a_missed_session_day_is_missed_and_a_light_week_asks_for_two_a_day():
    hard = _hard_block()
    light = next(b for b in make_schedule(START, 2, SEED) if b.condition == "A")
    done = {light.start: 2, light.start + timedelta(days=1): 1, hard.start: 0}
    days = {x.day: x for x in _series(_sessions(done), START, d(27), [_experiment()])}
    assert days[light.start].adherence == 1.0
    assert days[light.start + timedelta(days=1)].adherence == 0.5
    assert days[light.start + timedelta(days=2)].adherence == 0.0
    assert days[hard.start].adherence == 0.0
    assert days[hard.start + timedelta(days=1)].adherence is None


def test_rest_days_neither_break_a_streak_nor_move_routine_strength():
    block = _hard_block()
    session_days = [block.start, block.start + timedelta(days=2), block.start + timedelta(days=4)]
    days = _series(
        _sessions(dict.fromkeys(session_days, 1)), block.start, block.end, [_experiment()]
    )
    assert streaks(days).current == 3 and streaks(days).longest == 3
    strengths = [x.routine_strength for x in days]
    assert strengths[1] == strengths[0] and strengths[6] == strengths[5] == strengths[4]


def test_days_outside_the_experiment_are_unchanged():
    before_and_after = {d(-3): 2, d(-2): 1, d(28): 2, d(29): 0}
    kw = {"first": d(-3), "last": d(30)}
    with_it = _series(_sessions(before_and_after), experiments=[_experiment()], **kw)
    without = _series(_sessions(before_and_after), **kw)
    outside = [k for k, x in enumerate(without) if not START <= x.day <= d(27)]
    assert [with_it[k].planned_sessions for k in outside] == [2] * len(outside)
    assert [with_it[k].adherence for k in outside[:3]] == [1.0, 0.5, 0.0]
    assert [with_it[k].adherence for k in outside] == [without[k].adherence for k in outside]


def test_after_a_stop_the_persons_own_plan_is_back():
    days = _series(_sessions({d(12): 2}), d(10), d(12), [_experiment(stopped_on=d(9))])
    assert [x.planned_sessions for x in days] == [2, 2, 2]
    assert days[-1].adherence == 1.0


def test_a_pause_in_the_experiment_still_plans_nothing():
    block = _hard_block()
    pause = PauseRecord(block.start, block.start, "illness")
    days = _series([], block.start, block.end, [_experiment()], [pause])
    assert days[0].paused == "illness" and days[0].planned_sessions == 0
    assert [x.planned_sessions for x in days[1:]] == [1, 0, 1, 0, 1, 0]
