"""What an experiment can find, said before it starts: the detectable difference and the
person's own day-to-day variation it is computed from."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracker.analysis.experiment import (
    DEFAULT_RHO,
    DEFAULT_SD,
    MIN_SD,
    day_to_day_variation,
    detectable_difference,
)

START = date(2026, 1, 1)


@pytest.mark.parametrize("sd,rho", [(1.0, 0.0), (1.0, 0.7), (2.0, 0.5), (0.5, 0.9)])
def test_more_pairs_detect_smaller_differences(sd: float, rho: float) -> None:
    two, three, four = (detectable_difference(p, sd, rho) for p in (2, 3, 4))
    assert two > three > four > 0


@pytest.mark.parametrize("pairs", [2, 3, 4])
def test_a_noisier_person_needs_a_larger_difference(pairs: int) -> None:
    sizes = [detectable_difference(pairs, sd, 0.7) for sd in (0.5, 1.0, 1.5, 2.5)]
    assert sizes == sorted(sizes) and len(set(sizes)) == 4
    assert sizes[1] == pytest.approx(2 * sizes[0])


def test_four_pairs_of_a_typical_person_detect_about_two_points() -> None:
    """Pair differences of 5-morning means: SD 1, rho 0.7 (the bench's diaries)."""
    assert detectable_difference(4, 1.0, 0.7) == pytest.approx(2.15, abs=0.02)
    assert detectable_difference(3, 1.0, 0.7) == pytest.approx(3.30, abs=0.02)


@pytest.mark.parametrize(
    "pairs,sd,rho,field",
    [(1, 1.0, 0.5, "pairs"), (5, 1.0, 0.5, "pairs"), (3, 0.0, 0.5, "sd"), (3, 1.0, 1.0, "rho")],
)
def test_impossible_inputs_are_a_value_error(pairs: int, sd: float, rho: float, field: str) -> None:
    with pytest.raises(ValueError, match=field):
        detectable_difference(pairs, sd, rho)


def test_a_new_person_gets_the_documented_defaults() -> None:
    pains = [(START + timedelta(days=k), 5.0 + k % 3) for k in range(13)]
    assert day_to_day_variation(pains) == (DEFAULT_SD, DEFAULT_RHO, 13)
    assert day_to_day_variation([]) == (DEFAULT_SD, DEFAULT_RHO, 0)


def test_a_steady_trend_is_not_counted_as_variation() -> None:
    """Pain falling by 0.1 a day with alternating +-1 around it: SD about 1 after the trend,
    and alternation is negative autocorrelation, floored at 0."""
    pains = [(START + timedelta(days=k), 7 - 0.1 * k + (1 if k % 2 else -1)) for k in range(40)]
    sd, rho, n = day_to_day_variation(pains)
    assert n == 40
    assert sd == pytest.approx(1.0, abs=0.05)
    assert rho == 0.0


def test_slow_swings_show_as_autocorrelation_and_only_recent_mornings_count() -> None:
    old = [(START + timedelta(days=k), 0.0 if k % 2 else 10.0) for k in range(100)]
    swings = [
        (START + timedelta(days=100 + k), 5.0 + (2 if (k // 7) % 2 else -2)) for k in range(56)
    ]
    sd, rho, n = day_to_day_variation(old + swings)
    assert n == 56
    assert rho > 0.7
    assert 1.5 < sd < 2.5


def test_a_rating_that_never_moved_still_gets_the_rounding_floor() -> None:
    pains = [(START + timedelta(days=k), 4.0) for k in range(20)]
    assert day_to_day_variation(pains)[0] == MIN_SD


def test_gaps_between_mornings_do_not_count_as_neighbours() -> None:
    """Every other day logged: no two mornings one day apart, so no autocorrelation seen
    beyond Kendall's correction."""
    pains = [(START + timedelta(days=2 * k), 5.0 + (k // 5) % 2) for k in range(30)]
    assert day_to_day_variation(pains)[1] == pytest.approx(1 / 30)
