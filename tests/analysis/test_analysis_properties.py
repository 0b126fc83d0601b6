"""Properties that must hold for any diary, checked on generated histories."""

from __future__ import annotations

import json
from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.analysis import (
    CheckinRecord,
    PauseRecord,
    PlanPeriod,
    SessionRecord,
    build_daily_series,
    spearman,
    summarize,
)
from tracker.dashboard.schemas import SummarySchema

BASE = date(2025, 1, 1)
SPAN = 40
SLUGS = ["stretch", "ball-roll", "heel-knead", "calf-release"]
FEW = settings(max_examples=60, deadline=None, database=None)


def d(n: int) -> date:
    return BASE + timedelta(days=n)


pains = st.one_of(st.none(), st.integers(0, 10))
feet = st.tuples(pains, pains).filter(lambda pair: pair != (None, None))
checkin_maps = st.dictionaries(st.integers(0, SPAN + 1), feet, max_size=SPAN)
session_lists = st.lists(
    st.builds(
        lambda n, seconds, pressure, techniques: SessionRecord(
            day=d(n), duration_s=seconds, pressure=pressure, techniques=frozenset(techniques)
        ),
        st.integers(0, SPAN),
        st.integers(0, 1800),
        st.integers(1, 10),
        st.sets(st.sampled_from(SLUGS), max_size=3),
    ),
    max_size=60,
)
plan_maps = st.dictionaries(st.integers(-5, SPAN), st.integers(1, 3), max_size=3)
pause_lists = st.lists(
    st.builds(
        lambda n, length, reason: PauseRecord(start=d(n), end=d(n + length), reason=reason),
        st.integers(-3, SPAN),
        st.integers(0, 6),
        st.sampled_from(["travel", "illness"]),
    ),
    max_size=3,
)


@st.composite
def histories(draw):
    checkins = [
        CheckinRecord(
            day=d(n),
            pain_left=left,
            pain_right=right,
            warning_signs=frozenset(draw(st.sets(st.sampled_from(["redness", "bruising"])))),
        )
        for n, (left, right) in draw(checkin_maps).items()
    ]
    plans = [PlanPeriod(start=d(n), sessions_per_day=k) for n, k in draw(plan_maps).items()]
    return checkins, draw(session_lists), plans, draw(pause_lists)


def shuffled(data, items):
    return data.draw(st.permutations(items))


@FEW
@given(histories())
def test_every_share_stays_in_its_range(history):
    for day in build_daily_series(*history, d(0), d(SPAN)):
        for share in (day.adherence, day.routine_strength, day.consistency_7d):
            assert share is None or 0.0 <= share <= 1.0
        assert day.intensity_7d is None or 1.0 <= day.intensity_7d <= 10.0
        assert day.plan_met == (day.adherence == 1.0)
        assert (day.adherence is None) == (day.paused is not None or day.day_of_use is None)


@FEW
@given(histories(), st.data())
def test_input_order_changes_nothing(history, data):
    checkins, sessions, plans, pauses = history
    days = build_daily_series(checkins, sessions, plans, pauses, d(0), d(SPAN))
    again = build_daily_series(
        shuffled(data, checkins),
        shuffled(data, sessions),
        shuffled(data, plans),
        shuffled(data, pauses),
        d(0),
        d(SPAN),
    )
    assert again == days
    today = d(SPAN)
    assert summarize(shuffled(data, again), today) == summarize(days, today)


@FEW
@given(histories(), st.integers(0, SPAN), st.integers(0, SPAN))
def test_a_sub_range_shows_the_same_numbers_as_the_full_range(history, a, b):
    first, last = min(a, b), max(a, b)
    full = build_daily_series(*history, d(-3), d(SPAN))
    part = build_daily_series(*history, d(first), d(last))
    assert part == full[first + 3 : last + 4]


@FEW
@given(histories())
def test_a_paused_day_leaves_routine_strength_unchanged(history):
    days = build_daily_series(*history, d(0), d(SPAN))
    for before, day in pairwise(days):
        if day.paused is not None and before.routine_strength is not None:
            assert day.routine_strength == before.routine_strength


@FEW
@given(st.integers(0, 30), st.integers(0, 5))
def test_no_data_at_all_is_handled(length, offset):
    days = build_daily_series([], [], [], [], d(offset), d(offset + length))
    assert len(days) == length + 1
    assert all(x.pain_mean is None and x.routine_strength is None for x in days)
    summary = summarize(days, d(offset + length))
    assert summary.warnings == ()
    data = SummarySchema().dump(summary)
    assert json.loads(json.dumps(data, allow_nan=False)) == data


@FEW
@given(histories())
def test_the_summary_is_json_safe(history):
    days = build_daily_series(*history, d(0), d(SPAN))
    data = SummarySchema().dump(summarize(days, d(SPAN)))
    assert json.loads(json.dumps(data, allow_nan=False)) == data


@settings(max_examples=100, deadline=None, database=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=40))
def test_correlations_and_their_intervals_are_ordered_within_minus_one_and_one(pairs):
    result = spearman([x for x, _ in pairs], [y for _, y in pairs])
    if result.rho is None:
        assert result.ci_low is None and result.ci_high is None
        return
    assert result.ci_low is not None and result.ci_high is not None
    assert -1.0 <= result.ci_low <= result.rho <= result.ci_high <= 1.0


@FEW
@given(st.integers(1, 3))
def test_one_missed_day_after_60_perfect_days_costs_little(per_day):
    sessions = [
        SessionRecord(day=d(n), duration_s=300, pressure=4, techniques=frozenset())
        for n in range(60)
        for _ in range(per_day)
    ]
    plans = [PlanPeriod(start=d(0), sessions_per_day=per_day)]
    days = build_daily_series([], sessions, plans, [], d(0), d(60))
    before, after = days[59].routine_strength or 0.0, days[60].routine_strength or 0.0
    assert 0.0 < before - after < 0.06
