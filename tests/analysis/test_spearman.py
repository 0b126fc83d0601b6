"""Spearman's rho with average ranks for ties, and the Fisher z interval with Fieller's SE."""

from __future__ import annotations

import math

import pytest

from tracker.analysis import Correlation, average_ranks, fisher_interval, spearman


def test_average_ranks_share_tied_places():
    assert average_ranks([10, 20, 20, 30]) == [1.0, 2.5, 2.5, 4.0]
    assert average_ranks([3, 1, 3, 3]) == [3.0, 1.0, 3.0, 3.0]
    assert average_ranks([]) == []


def test_textbook_example_without_ties():
    # IQ against hours of TV a week, the classic worked example: sum d^2 = 194,
    # rho = 1 - 6 * 194 / (10 * (100 - 1)) = -29/165
    iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110]
    tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17]
    assert spearman(iq, tv).rho == pytest.approx(-29 / 165)


def test_ties_on_one_side_by_hand():
    # x ranks 1, 2.5, 2.5, 4 and y ranks 1, 3, 2, 4, both with mean 2.5:
    # sum dx*dy = 2.25 + 0 + 0 + 2.25 = 4.5; sum dx^2 = 4.5; sum dy^2 = 5
    # rho = 4.5 / sqrt(4.5 * 5) = 3 / sqrt(10) = 0.948683
    result = spearman([1, 2, 2, 3], [1, 3, 2, 4])
    assert result.rho == pytest.approx(3 / math.sqrt(10))
    assert result.n == 4


def test_ties_on_both_sides_by_hand():
    # x ranks 1.5, 1.5, 3.5, 3.5, 5; y ranks 2.5, 1, 2.5, 4.5, 4.5; means 3
    # sum dx*dy = 0.75 + 3 - 0.25 + 0.75 + 3 = 7.25; sum dx^2 = sum dy^2 = 9
    # rho = 7.25 / 9 = 29/36
    assert spearman([1, 1, 2, 2, 3], [2, 1, 2, 3, 3]).rho == pytest.approx(29 / 36)


def test_fisher_interval_by_hand():
    # rho 0.5, n 28: z = atanh(0.5) = 0.549306, SE = sqrt(1.06 / 25) = 0.205913,
    # z -/+ 1.959964 * SE = 0.145725 .. 0.952887, tanh -> 0.144702 .. 0.741087
    low, high = fisher_interval(0.5, 28)
    assert low == pytest.approx(0.144702, abs=1e-6)
    assert high == pytest.approx(0.741087, abs=1e-6)


def test_interval_of_the_tied_example():
    # rho 0.948683, n 4: z = 1.818446, SE = sqrt(1.06) = 1.029563, half width 2.017905
    result = spearman([1, 2, 2, 3], [1, 3, 2, 4])
    assert result.ci_low == pytest.approx(-0.196856, abs=1e-6)
    assert result.ci_high == pytest.approx(0.999070, abs=1e-6)


def test_a_perfect_rank_correlation_collapses_the_interval():
    result = spearman([1, 2, 3, 4, 5], [2, 4, 8, 16, 32])
    assert (result.rho, result.ci_low, result.ci_high) == (1.0, 1.0, 1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]).rho == -1.0


def test_too_few_pairs_or_no_variation_gives_no_value():
    assert spearman([1, 2, 3], [3, 2, 1]) == Correlation(rho=None, n=3, ci_low=None, ci_high=None)
    assert spearman([2, 2, 2, 2, 2], [1, 2, 3, 4, 5]).rho is None
    assert spearman([1, 2, 3, 4, 5], [7, 7, 7, 7, 7]).ci_low is None
    assert spearman([], []).n == 0


def test_lengths_must_match():
    with pytest.raises(ValueError, match="length"):
        spearman([1, 2, 3, 4], [1, 2, 3])


def test_the_method_is_stated():
    assert "Fisher z, Fieller SE" in spearman([1, 2, 3, 4], [1, 3, 2, 4]).method


def test_pair_order_does_not_change_a_single_bit():
    xs, ys = [3, 1, 4, 1, 5, 9, 2, 6], [2, 7, 1, 8, 2, 8, 1, 8]
    pairs = list(zip(xs, ys, strict=True))
    shuffled = pairs[3:] + pairs[:3]
    assert spearman([x for x, _ in shuffled], [y for _, y in shuffled]) == spearman(xs, ys)
