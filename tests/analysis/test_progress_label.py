"""Progress: the first 7 logged mornings against the last 7, and the meaningful-change label."""

from __future__ import annotations

import math
import statistics
from datetime import date, timedelta

import pytest

from tracker.analysis import CheckinRecord, build_daily_series, is_meaningful_drop, progress
from tracker.analysis.progress import meaningful_level

START = date(2025, 1, 6)


def mornings(
    *pains: float | tuple[int, int],
    gap_after: int | None = None,
    global_change: dict[int, str] | None = None,
):
    """Days with the given first-step pains, one a day (optionally a 5-day gap)."""
    checkins = []
    offset = 0
    for n, pain in enumerate(pains):
        left, right = pain if isinstance(pain, tuple) else (int(pain), None)
        checkins.append(
            CheckinRecord(
                day=START + timedelta(days=n + offset),
                pain_left=left,
                pain_right=right,
                global_change=(global_change or {}).get(n),
            )
        )
        if gap_after == n:
            offset = 5
    end = checkins[-1].day if checkins else START
    return build_daily_series(checkins, [], [], [], START, end)


def test_fewer_than_14_mornings_is_not_enough_data():
    result = progress(mornings(*[5] * 11))
    assert result.available is False
    assert (result.mornings_logged, result.mornings_needed) == (11, 3)
    assert result.label == "Not enough data yet: 3 more mornings."
    assert (result.baseline, result.now, result.change, result.meaningful) == (
        None,
        None,
        None,
        False,
    )


def test_thirteen_mornings_need_one_more():
    assert progress(mornings(*[5] * 13)).label == "Not enough data yet: 1 more morning."


def test_baseline_and_now_are_the_first_and_last_seven_logged_mornings():
    # baseline (6+6+6+6+7+7+7)/7 = 45/7 = 6.4286, now (4*4+3*3)/7 = 25/7 = 3.5714
    days = mornings(6, 6, 6, 6, 7, 7, 7, 9, 9, 4, 4, 4, 4, 3, 3, 3, gap_after=3)
    result = progress(days)
    assert result.available
    assert result.baseline == pytest.approx(45 / 7)
    assert result.now == pytest.approx(25 / 7)
    assert result.change == pytest.approx(-20 / 7)
    assert result.percent_change == pytest.approx(-20 / 45 * 100)
    assert result.meaningful
    assert result.label == (
        "Pain down 2.9 points since your first week (about 44%): a clinically meaningful change."
    )
    assert result.baseline_until == START + timedelta(days=6 + 5)
    assert result.now_from == START + timedelta(days=9 + 5)


def test_exactly_two_points_is_meaningful_even_below_30_percent():
    # 8 -> 6: a drop of 2.0 points, 25% of the baseline
    result = progress(mornings(*[8] * 7, *[6] * 7))
    assert result.change == -2.0
    assert result.meaningful
    assert result.label == (
        "Pain down 2.0 points since your first week (about 25%): a clinically meaningful change."
    )


def test_just_under_two_points_and_30_percent_is_not():
    # 8 -> (6*6 + 7)/7 = 43/7: a drop of 13/7 = 1.857 points, 23%
    result = progress(mornings(*[8] * 7, *[6] * 6, 7))
    assert not result.meaningful
    assert result.label == (
        "Pain down 1.9 points since your first week (about 23%): "
        "not yet a clinically meaningful change (about 2 points or 30%)."
    )


def test_exactly_30_percent_is_meaningful_below_two_points():
    # baseline 5, now (3+4)/2 each morning = 3.5: a drop of 1.5 points, exactly 30%
    result = progress(mornings(*[5] * 7, *[(3, 4)] * 7))
    assert result.change == -1.5
    assert result.percent_change == pytest.approx(-30.0)
    assert result.meaningful


def test_a_percentage_short_of_30_is_never_rounded_up_to_it():
    # baseline (6+7)/2 = 6.5; now (4*5 + 3*4)/7 = 32/7: a drop of 13.5/7 = 1.93, 29.7%
    result = progress(mornings(*[(6, 7)] * 7, 5, 5, 5, 5, 4, 4, 4))
    assert not result.meaningful
    assert "(about 29%)" in result.label


def test_the_30_percent_rule_needs_a_baseline_of_at_least_3():
    """Half of a 1-point baseline is half a point: diary noise, not a meaningful drop."""
    assert is_meaningful_drop(0.0, 0.0) is False
    assert is_meaningful_drop(1.0, 0.5) is False
    assert is_meaningful_drop(2.9, 1.9) is False  # 34%, but of a baseline below 3
    assert is_meaningful_drop(3.0, 2.1) is True  # 30% of 3
    assert is_meaningful_drop(2.5, 0.5) is True  # 2 points always count


def test_the_baseline_is_the_persons_first_week_whatever_the_range():
    """A page showing later weeks still compares with the first 7 mornings of all."""
    history = mornings(*[7] * 7, *[5] * 7, *[3] * 7)
    later = [d for d in history if d.day >= history[14].day]
    first = [(d.day, d.pain_mean) for d in history[:7] if d.pain_mean is not None]
    result = progress(later, first)
    assert result.available and result.baseline == 7.0 and result.now == 3.0
    assert result.baseline_until == history[6].day
    assert result.label.startswith("Pain down 4.0 points since your first week")
    # Without the history, the range's own first week would say "unchanged".
    assert progress(later).available is False


def test_the_change_comes_with_a_95_percent_interval():
    result = progress(mornings(6, 7, 6, 7, 6, 7, 6, 4, 3, 4, 3, 4, 3, 4))
    assert result.change == pytest.approx(-20 / 7)
    assert result.change_ci_low is not None and result.change_ci_high is not None
    assert result.change_ci_low < result.change < result.change_ci_high < 0
    # Welch's t with equal spreads of 7 and 7 values: half-width t(12) * sd * sqrt(2/7).
    sd = statistics.stdev([6, 7, 6, 7, 6, 7, 6])
    half = 2.1788 * math.sqrt(sd**2 / 7 + statistics.stdev([4, 3, 4, 3, 4, 3, 4]) ** 2 / 7)
    assert result.change_ci_high - result.change == pytest.approx(half, abs=1e-3)
    result = progress(mornings(*[0] * 14))
    assert result.percent_change is None
    assert result.label == (
        "Pain unchanged since your first week: "
        "not yet a clinically meaningful change (about 2 points or 30%)."
    )


def test_rising_pain_is_never_meaningful():
    result = progress(mornings(*[3] * 7, *[6] * 7))
    assert result.change == 3.0
    assert not result.meaningful
    assert (
        result.label == "Pain up 3.0 points since your first week (about 100%): no improvement yet."
    )


def test_one_point_is_singular():
    result = progress(mornings(*[5] * 7, *[4] * 7))
    assert result.label.startswith("Pain down 1.0 point since")


def test_the_latest_global_change_is_shown_beside_the_numbers():
    days = mornings(*[5] * 14, global_change={3: "no-change", 10: "much-improved"})
    result = progress(days)
    assert result.global_change == "much-improved"
    assert result.global_change_day == START + timedelta(days=10)


def test_no_mornings_at_all():
    result = progress([])
    assert (result.available, result.mornings_needed, result.global_change) == (False, 14, None)


@pytest.mark.parametrize("tenths", range(0, 101))
def test_the_meaningful_level_is_exactly_where_the_rule_starts_to_hold(tenths: int) -> None:
    """The chart's dashed line is this level: a score on it is meaningful, one a tenth
    above it is not, for every baseline on the scale."""
    baseline = tenths / 10
    level = meaningful_level(baseline)
    if baseline < 2:
        assert level is None  # no score on 0-10 is 2 points lower
        assert not is_meaningful_drop(baseline, 0.0)
        return
    assert level is not None and 0 <= level < baseline
    assert is_meaningful_drop(baseline, level)
    assert not is_meaningful_drop(baseline, level + 0.1)


def test_below_a_baseline_of_3_only_two_points_count() -> None:
    """The chart used to draw 30% under any baseline: 1.75 under 2.5, which the
    Progress card would not call meaningful."""
    assert meaningful_level(2.5) == pytest.approx(0.5)
    assert meaningful_level(5.0) == pytest.approx(3.5)
    assert meaningful_level(8.0) == pytest.approx(6.0)
