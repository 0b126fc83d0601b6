"""The self-experiment's result method judged by simulation, with fixed seeds (see
bench/experiment.py, whose full table is in bench/README.md).

With no true difference an experiment must rarely report one, even when the person
recovers fast during it; a real difference must be found about as often as the
detectable difference promised before the start said it would be.
"""

from __future__ import annotations

from bench.experiment import CALIBRATION, shares
from tracker.analysis.experiment import METHOD


def claimed(scenario: str, pairs: int, runs: int) -> tuple[float, float]:
    share = shares(scenario, pairs, runs, (METHOD,))[METHOD]
    return share["B lower"], share["B higher"]


def test_a_strong_recovery_with_no_difference_rarely_reads_as_one() -> None:
    """Pain falling from 7 to 3 during the experiment; 5% is the goal, 7% the alarm."""
    lower, higher = claimed("no difference, strong recovery (7 to 3)", 3, 600)
    assert lower + higher <= 0.07, (lower, higher)


def test_slow_swings_in_pain_with_no_difference_rarely_read_as_one() -> None:
    lower, higher = claimed("no difference, AR(1) 0.9, SD 1.5", 4, 400)
    assert lower + higher <= 0.07, (lower, higher)


def test_a_one_and_a_half_point_difference_is_found_as_often_as_measured() -> None:
    """About 45% at 4 pairs (bench/README.md): the honest power of 1-week blocks."""
    lower, higher = claimed("1.5 points", 4, 300)
    assert lower >= 0.35, lower
    assert higher <= 0.02, higher


def test_the_promised_detectable_difference_is_found_about_80_percent_of_the_time() -> None:
    lower, higher = claimed(CALIBRATION, 3, 300)
    assert 0.72 <= lower <= 0.9, lower
    assert higher == 0, higher
