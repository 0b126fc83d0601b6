"""The model's own GLS fits give statsmodels' numbers to the last bit.

``tracker/analysis/model.py`` writes out statsmodels' ``GLSAR`` (AR(1), "pinv" fit) and
``scipy.stats.t`` rather than building their objects on every fit, for speed. The verdict
table in bench/README.md was chosen with statsmodels itself, so "close" is not enough:
every coefficient, standard error, rho and quantile must be the very same float.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import statsmodels.regression.linear_model as sm
from scipy import stats
from scipy.special import stdtr, stdtrit

from tracker.analysis.model import _gls, _iterated_rho, _trend


def _design(rng: np.random.Generator, n: int, extra: int) -> np.ndarray:
    t = np.arange(n) / max(1, n - 1)
    columns = [_trend(t, "spline")]
    for _ in range(extra):
        kind = rng.integers(3)
        if kind == 0:
            columns.append(rng.integers(0, 2, n).astype(float)[:, None])  # a technique used
        elif kind == 1:
            columns.append(np.round(rng.uniform(0, 1, n), 2)[:, None])  # a 7-day consistency
        else:
            columns.append(np.round(rng.uniform(1, 10, n), 1)[:, None])  # an intensity
    return np.hstack(columns)


def _pain(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    """Integer 0-10 ratings around a recovery curve with AR(1) noise, as people log them."""
    noise = np.zeros(n)
    for i in range(1, n):
        noise[i] = phi * noise[i - 1] + rng.normal()
    return np.clip(np.round(7 - 4 * np.arange(n) / n + noise), 0, 10)


CASES = [(seed, n, phi) for seed in range(40) for n, phi in ((21, 0.0), (60, 0.7), (400, 0.9))]


@pytest.mark.parametrize(("seed", "n", "phi"), CASES)
def test_iterated_rho_and_fit_are_statsmodels_bit_for_bit(seed: int, n: int, phi: float) -> None:
    rng = np.random.default_rng(seed)
    X = _design(rng, n, extra=int(rng.integers(0, 3)))
    y = _pain(rng, n, phi)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = sm.GLSAR(y, X, rho=1)
        model.iterative_fit(maxiter=8)
        rho = _iterated_rho(y, X)
        assert rho == float(model.rho[0])
        bias_corrected = min(0.98, rho + 0.1)
        expected = sm.GLSAR(y, X, rho=np.array([bias_corrected])).fit()
        params, errors = _gls(y, X, bias_corrected)
    assert params.tobytes() == np.asarray(expected.params).tobytes()
    assert errors.tobytes() == np.asarray(expected.bse).tobytes()


def test_a_flat_series_gives_statsmodels_answer_too() -> None:
    """Residuals all zero: Yule-Walker's 1x1 system is singular, statsmodels falls back to a
    pseudo-inverse, and so must the copy (no verdict may then rest on a different rho)."""
    n = 30
    X = _trend(np.arange(n) / (n - 1), "spline")
    y = np.full(n, 4.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = sm.GLSAR(y, X, rho=1)
        model.iterative_fit(maxiter=8)
        rho = _iterated_rho(y, X)
    assert np.array(rho).tobytes() == np.array(float(model.rho[0])).tobytes()


@pytest.mark.parametrize("df", [2.0, 3.5, 19.0, 88.0, 1_000.0])
def test_t_quantile_and_tail_are_scipy_stats_exactly(df: float) -> None:
    assert float(stdtrit(df, 0.975)) == float(stats.t.ppf(0.975, df))
    for x in (0.0, 0.4, 1.96, 2.7, 8.0):
        assert float(2 * stdtr(df, -x)) == float(2 * stats.t.sf(x, df))


def test_the_rho_differs_from_a_naive_one() -> None:
    """Guard against a copy that only matches on easy data: with strong carry-over the
    iterated rho is far from zero, so the comparison above compared real work."""
    rng = np.random.default_rng(3)
    n = 120
    X = _design(rng, n, extra=1)
    y = _pain(rng, n, 0.9)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert _iterated_rho(y, X) > 0.3


@pytest.mark.parametrize("n", [21, 22, 57, 365, 1825, 7300])
def test_the_trend_spline_is_patsys_to_the_bit(n: int) -> None:
    """``_centred_spline`` builds patsy's centred natural cubic spline basis once where
    ``patsy.cr`` builds it twice; evenly spaced mornings and mornings with gaps alike."""
    from patsy import cr

    from tracker.analysis.model import _centred_spline

    rng = np.random.default_rng(n)
    gappy = np.sort(rng.choice(np.arange(2 * n), n, replace=False))
    for t in (np.arange(n) / (n - 1), (gappy - gappy[0]) / (gappy[-1] - gappy[0])):
        ours, patsys = _centred_spline(t), cr(t, df=3, constraints="center")
        assert ours.shape == patsys.shape == (n, 3)
        assert ours.tobytes() == patsys.tobytes()
