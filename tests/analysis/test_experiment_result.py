"""The self-experiment's result: which morning counts for which week, how well each
condition was kept, when a verdict may be given and how it is worded."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from scipy import stats

from tracker.analysis.experiment import (
    ConditionPlan,
    block_on,
    experiment_result,
    make_schedule,
)
from tracker.analysis.records import CheckinRecord, SessionRecord

START = date(2026, 3, 2)
SEED = 42
"""pair_orders(2, 42) is B-A, A-B: weeks B, A, A, B (pinned in the schedule tests)."""
PLANS = {
    "A": ConditionPlan("A", "daily and light", 14, 5, None, 4, ()),
    "B": ConditionPlan("B", "three harder sessions a week", 3, 10, 6, 7, ()),
}
SCHEDULE = make_schedule(START, 2, SEED)
AFTER = SCHEDULE[-1].end + timedelta(days=2)


def day(n: int) -> date:
    return START + timedelta(days=n)


def morning(n: int, pain: int) -> CheckinRecord:
    return CheckinRecord(day(n), pain_left=None, pain_right=pain)


def session(n: int, minutes: int = 6, pressure: int = 3, techniques: str = "ball-roll"):
    return SessionRecord(day(n), minutes * 60, pressure, frozenset({techniques}))


def result(checkins=(), sessions=(), today=AFTER, stopped_on=None, paused=(), plans=PLANS):
    schedule = make_schedule(START, 2, SEED, paused)
    return experiment_result(schedule, checkins, sessions, plans, today, stopped_on, paused)


def test_the_schedule_under_test_is_b_a_a_b() -> None:
    assert [b.condition for b in SCHEDULE] == ["B", "A", "A", "B"]


# --- which morning belongs to which day -----------------------------------------------------


def test_the_morning_after_a_weeks_last_day_counts_for_that_week() -> None:
    """Day 6 is the B week's last day; its next morning (day 7) opens the A week."""
    blocks = result([morning(7, 9)]).blocks
    assert (blocks[0].days_counted, blocks[0].mean_pain) == (1, 9.0)
    assert (blocks[1].days_counted, blocks[1].mean_pain) == (0, None)


def test_the_first_two_days_of_a_week_are_washout() -> None:
    """Mornings 1 and 2 follow days 0 and 1 (washout); morning 3 follows day 2 (counted)."""
    blocks = result([morning(1, 8), morning(2, 8), morning(3, 2)]).blocks
    assert (blocks[0].days_counted, blocks[0].mean_pain) == (1, 2.0)


def test_the_morning_a_week_starts_belongs_to_the_week_before() -> None:
    """Morning 0 follows the day before the experiment: it counts for nothing."""
    blocks = result([morning(0, 10)]).blocks
    assert [b.days_counted for b in blocks] == [0, 0, 0, 0]


def test_a_full_week_counts_five_mornings_and_missing_ones_are_left_out() -> None:
    full = [morning(n, 4) for n in range(3, 8)]
    assert result(full).blocks[0].days_counted == 5
    gaps = [morning(3, 4), morning(5, 6), morning(7, 8)]
    block = result(gaps).blocks[0]
    assert (block.days_counted, block.mean_pain) == (3, 6.0)


def test_both_feet_are_averaged() -> None:
    checkin = CheckinRecord(day(4), pain_left=3, pain_right=6)
    assert result([checkin]).blocks[0].mean_pain == 4.5


def test_today_is_in_progress_and_its_day_not_yet_lived() -> None:
    """On day 5, days 2-4 are lived; their mornings are 3-5. Day 5's morning is tomorrow."""
    checkins = [morning(n, 5) for n in range(3, 6)]
    r = result(checkins, today=day(5))
    assert r.blocks[0].days_counted == 3
    assert r.blocks[1].days_counted == 0


def test_the_washout_skips_a_paused_first_day() -> None:
    """Paused on day 0: the washout is days 1-2, so the first counted morning is day 4."""
    checkins = [morning(n, 9 if n == 3 else 5) for n in range(1, 9)]
    r = result(checkins, paused=[day(0)])
    assert r.blocks[0].block.end == day(7)
    assert (r.blocks[0].days_counted, r.blocks[0].mean_pain) == (5, 5.0)


def test_the_morning_after_a_paused_day_is_not_counted() -> None:
    """Paused on day 4: the week runs to day 7; mornings 3, 4, 6, 7, 8 count, not 5."""
    checkins = [morning(n, 9 if n == 5 else 5) for n in range(1, 9)]
    r = result(checkins, paused=[day(4)])
    assert (r.blocks[0].days_counted, r.blocks[0].mean_pain) == (5, 5.0)


# --- adherence ------------------------------------------------------------------------------


def week_a(sessions) -> float | None:
    """Adherence of the first A week (days 7-13), after it."""
    return result(sessions=sessions).blocks[1].adherence


def test_twice_daily_kept_every_day_is_full_adherence() -> None:
    assert week_a([session(n) for n in range(7, 14) for _ in range(2)]) == 1.0


def test_once_a_day_is_half_of_a_twice_daily_plan() -> None:
    assert week_a([session(n) for n in range(7, 14)]) == 0.5


def test_extra_sessions_on_one_day_do_not_make_up_for_missed_days() -> None:
    assert week_a([session(7) for _ in range(6)]) == pytest.approx(2 / 14)


def test_sessions_outside_the_arms_plan_do_not_count_as_assigned() -> None:
    short, hard = session(8, minutes=4), session(9, pressure=6)
    assert week_a([short, hard, session(10)]) == pytest.approx(1 / 14)


def test_an_arm_with_techniques_counts_only_sessions_using_one() -> None:
    plans = {**PLANS, "A": ConditionPlan("A", "ball", 7, 5, None, None, ("ball-roll",))}
    sessions = [session(7), session(8, techniques="frozen-bottle")]
    assert result(sessions=sessions, plans=plans).blocks[1].adherence == pytest.approx(1 / 7)


def test_three_a_week_is_kept_by_three_hard_sessions_and_capped_at_one() -> None:
    three = [session(n, minutes=10, pressure=7) for n in (0, 2, 4)]
    assert result(sessions=three).blocks[0].adherence == 1.0
    daily = [session(n, minutes=10, pressure=6) for n in range(7)]
    assert result(sessions=daily).blocks[0].adherence == 1.0
    one = [session(2, minutes=12, pressure=7)]
    assert result(sessions=one).blocks[0].adherence == pytest.approx(1 / 3)


def test_a_session_on_a_rest_day_does_not_stand_in_for_a_planned_day() -> None:
    """As the daily adherence measures it (and Today says "rest day"): days 1, 3 and 5 of a
    3-a-week arm plan a session each; the days between plan none."""
    between = [session(n, minutes=12, pressure=7) for n in (1, 3, 5)]
    assert result(sessions=between).blocks[0].adherence == 0.0


def test_a_none_arm_is_kept_on_days_without_the_other_arms_sessions() -> None:
    plans = {
        "A": ConditionPlan("A", "evening calf release", 7, 5, None, None, ("calf-release",)),
        "B": ConditionPlan("B", "no calf release", 0, 0, None, None, ()),
    }
    sessions = [session(n, techniques="calf-release") for n in (0, 1)] + [session(2)]
    assert result(sessions=sessions, plans=plans).blocks[0].adherence == pytest.approx(5 / 7)


def test_as_done_reports_what_was_done_per_week() -> None:
    sessions = [session(0, minutes=10, pressure=7), session(1, minutes=20, pressure=5)]
    done = result(sessions=sessions).blocks[0].as_done
    assert (done.sessions_per_week, done.minutes_per_session, done.pressure) == (2.0, 15.0, 6.0)
    assert result().blocks[0].as_done.minutes_per_session is None


def test_a_week_in_progress_is_judged_on_its_days_so_far_and_paused_days_are_left_out() -> None:
    """Day 9 of the experiment: days 7 and 8 of the A week lived, day 8 paused."""
    r = result(sessions=[session(7), session(7)], today=day(9), paused=[day(8)])
    assert r.blocks[1].adherence == 1.0
    assert r.blocks[1].as_done.sessions_per_week == 14.0
    assert r.blocks[2].adherence is None


# --- status and verdict ---------------------------------------------------------------------


def diary(b_minus_a: list[float], base: int = 5) -> list[CheckinRecord]:
    """Every morning logged; pair k's B week sits b_minus_a[k] above its A week."""
    out = []
    for block in SCHEDULE:
        shift = b_minus_a[block.pair] if block.condition == "B" else 0
        for n in range(3, 8):
            out.append(CheckinRecord(block.start + timedelta(days=n), None, round(base + shift)))
    return out


def test_before_the_start_it_is_scheduled() -> None:
    r = result(today=START - timedelta(days=1))
    assert (r.status, r.current, r.comparison, r.sentence) == ("scheduled", None, None, None)
    assert all(b.adherence is None and b.days_counted == 0 for b in r.blocks)


def test_during_the_experiment_it_is_running_with_no_verdict() -> None:
    r = result(diary([-2, -2]), today=SCHEDULE[-1].end)
    assert r.status == "running"
    assert r.current == SCHEDULE[-1] == block_on(SCHEDULE, SCHEDULE[-1].end)
    assert r.comparison is None and r.sentence is None


def test_after_the_last_week_it_is_complete_with_the_difference() -> None:
    r = result(diary([-3, -1]), today=SCHEDULE[-1].end + timedelta(days=1))
    assert r.status == "complete"
    assert r.comparison is not None
    assert stats.t.ppf(0.975, 1) * 1.0 == pytest.approx(12.7, abs=0.01)
    assert r.comparison.difference == pytest.approx(-2.0)
    assert (r.comparison.ci_low, r.comparison.ci_high) == (-10.0, 10.0), (
        "-2 -+ 12.7 (t on 1 df times the SE of 1) is cut at the scale's ends"
    )
    assert r.comparison.pairs_used == 2
    assert r.sentence is not None and r.sentence.startswith("No clear difference between")
    assert "from 10.0 points lower to 10.0 points higher morning pain with three harder" in (
        r.sentence
    )


def test_a_clear_difference_names_the_arm_with_lower_pain_first() -> None:
    schedule = make_schedule(START, 4, SEED)
    checkins = []
    for block in schedule:
        for n in range(3, 8):
            pain = 3 if block.condition == "A" else 5 + block.pair % 2
            checkins.append(CheckinRecord(block.start + timedelta(days=n), None, pain))
    after = schedule[-1].end + timedelta(days=2)
    r = experiment_result(schedule, checkins, [], PLANS, after, None)
    assert r.comparison is not None and r.comparison.excludes_zero
    assert r.comparison.difference == pytest.approx(2.5)
    assert r.sentence is not None
    assert r.sentence == (
        "In your experiment, daily and light went with 2.5 points lower morning pain than "
        "three harder sessions a week (95% interval 1.6 to 3.4 points lower), over 4 pairs "
        "of weeks."
    )


def test_a_stopped_experiment_shows_its_data_but_no_verdict() -> None:
    r = result(diary([-3, -3]), today=AFTER + timedelta(days=30), stopped_on=day(20))
    assert r.status == "stopped"
    assert r.comparison is None
    assert r.sentence is not None and "no verdict" in r.sentence
    assert [b.days_counted for b in r.blocks] == [5, 5, 5, 0]
    assert r.blocks[3].adherence is None


def test_a_week_with_too_few_mornings_drops_its_pair_and_says_why() -> None:
    checkins = [c for c in diary([-3, -3]) if not (day(21) <= c.day <= day(28))]
    checkins.append(morning(26, 5))
    r = result(checkins)
    assert r.status == "complete" and r.comparison is None
    assert r.sentence is not None
    assert r.sentence.startswith("Not enough to tell: only 1 pair of weeks had enough mornings")
    assert r.sentence.endswith(
        "A pair of weeks is left out when one of its weeks has fewer than 3 mornings logged "
        "after its 2 washout days: week 4 (three harder sessions a week, 1 counted morning)."
    )


def test_an_empty_schedule_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="schedule"):
        experiment_result([], [], [], PLANS, AFTER, None)


def test_plans_without_both_conditions_are_a_value_error() -> None:
    with pytest.raises(ValueError, match="plans must name conditions A and B"):
        experiment_result(SCHEDULE, [], [], {"A": PLANS["A"]}, AFTER, None)


def test_the_verdict_uses_the_pairs_with_enough_mornings_and_names_the_one_left_out() -> None:
    schedule = make_schedule(START, 3, SEED)
    shifts = {0: -2, 1: -3}
    checkins = [
        CheckinRecord(block.start + timedelta(days=n), None, 5 + shifts[block.pair])
        if block.condition == "B"
        else CheckinRecord(block.start + timedelta(days=n), None, 5)
        for block in schedule
        if block.pair in shifts
        for n in range(3, 8)
    ]
    after = schedule[-1].end + timedelta(days=1)
    r = experiment_result(schedule, checkins, [], PLANS, after, None)
    assert r.comparison is not None
    assert r.comparison.pairs_used == 2
    assert r.comparison.difference == pytest.approx(-2.5)
    assert (r.comparison.ci_low, r.comparison.ci_high) == pytest.approx((-8.85, 3.85), abs=0.01)
    assert r.sentence is not None
    assert r.sentence.startswith(
        "No clear difference between daily and light and three harder sessions a week: the 95% "
        "interval runs from 8.9 points lower to 3.9 points higher morning pain with three "
        "harder sessions a week than with daily and light, over 2 pairs of weeks. A pair"
    )
    assert "week 5 (daily and light, 0 counted mornings), week 6" in r.sentence
