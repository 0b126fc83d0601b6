"""The headline model: next-morning pain on consistency and intensity together.

One regression, not two correlations, because the two measures move together
(a steady week is usually a lighter one) and the question is which of them
went with lower pain. A smooth time trend takes out the recovery that pain
and routine share: a person who heals while their routine steadies shows a
strong correlation that is no evidence of anything. Neighbouring days are
not independent (7-day windows overlap, pain carries over), so the interval
comes from a method that allows for that, and a verdict also needs enough
*effective* observations. ``bench/verdicts.py`` chose the method and the
thresholds by simulation; its table is in ``bench/README.md``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from tracker.i18n import text
from tracker.i18n.text import N_


def load_statistics() -> None:
    """Import statsmodels, patsy and scipy.stats now (gunicorn's master calls this, so its
    forked workers share them). They are imported where they are used, not at the top: they
    cost about 3 s of CPU to load, which every CLI command would otherwise pay."""
    import patsy  # noqa: F401
    import scipy.stats  # noqa: F401
    import statsmodels.regression.linear_model  # noqa: F401


CONFIDENCE = 0.95
HALF_ROUTINE = 0.5
"""Consistency effects are quoted as whole (1.0) against half (0.5) routine."""
PRESSURE_STEP = 2.0
"""Intensity effects are quoted per 2 points of pressure on the 1-10 scale."""

MIN_MORNINGS = 21
"""Below three weeks a trend and two slopes cannot be told apart at all."""
MIN_EFFECTIVE = 12.0
"""Autocorrelation-adjusted observations needed for a verdict (tuned by simulation)."""
MIN_CONSISTENCY_SD = 0.1
"""A routine kept at nearly the same level all along gives nothing to compare."""
MIN_INTENSITY_SD = 0.5
MAX_CORRELATION = 0.8
"""Beyond this, consistency and intensity moved together too closely to separate."""
BIAS_FACTOR = 2.0
"""Twice Kendall's correction of the residual autocorrelation: at 1x the bench saw
10-13% claims on shared-trend histories of 60 days, at 2x 6-7%, with 89% power."""
HAC_LAGS = 10
"""Newey-West lags: a 7-day window overlaps its neighbours for 6 days, and pain
carries over for a few more."""

METHODS = ("glsar-bc", "glsar", "hac-spline", "hac-linear", "ols-spline")
"""Candidates compared in ``bench/verdicts.py``; the first is the one in use."""
METHOD = "glsar-bc"
_METHOD = N_(
    "One regression of next-morning pain on 7-day consistency and intensity together, "
    "with a smooth time trend (natural spline, 3 df) for the overall recovery, and "
    "AR(1) errors (GLS, bias-corrected) so that neighbouring days count as alike; "
    "95%% intervals on the effective number of mornings."
)
"""A format string ("95%%"), so that a catalogue does not read "% i" as a placeholder."""
METHOD_TEXT = _METHOD % {}
"""In English; ``method_text()`` in the reader's language."""


def method_text() -> str:
    return text.gettext(_METHOD) % {}


@dataclass(frozen=True, slots=True)
class Estimate:
    """One slope, in pain points per unit of its measure."""

    coefficient: float
    ci_low: float
    ci_high: float

    @property
    def excludes_zero(self) -> bool:
        return self.ci_low > 0 or self.ci_high < 0


@dataclass(frozen=True, slots=True)
class ModelFit:
    n: int
    n_effective: float
    consistency_sd: float
    intensity_sd: float
    correlation: float | None
    """Between 7-day consistency and intensity, over the mornings used."""
    consistency: Estimate | None
    intensity: Estimate | None
    first: date | None
    last: date | None
    partial_consistency: tuple[float, ...] = ()
    """Next-morning pain with the trend and intensity taken out (partial residuals)."""
    partial_intensity: tuple[float, ...] = ()


def _lag1(values: np.ndarray) -> float:
    """Lag-1 autocorrelation; 0 where it cannot be estimated."""
    if len(values) < 3:
        return 0.0
    centred = values - values.mean()
    denominator = float(centred @ centred)
    if denominator == 0:
        return 0.0
    return float(centred[1:] @ centred[:-1]) / denominator


def _trend(t: np.ndarray, kind: str) -> np.ndarray:
    """Intercept plus trend columns; t runs 0..1 over the mornings used."""
    if kind == "linear":
        return np.column_stack([np.ones_like(t), t])
    return np.column_stack([np.ones_like(t), _centred_spline(t)])


SPLINE_DF = 3


def _centred_spline(t: np.ndarray) -> np.ndarray:
    """``patsy.cr(t, df=3, constraints="center")``, the same steps on the same arrays, so the
    very same floats (tests/analysis/test_gls.py compares it with patsy's own), built once:
    patsy's stateful transform builds the whole spline basis twice, once to find the
    centring constraint and again to apply it, about half of each of a load's two splines."""
    from patsy.mgcv_cubic_splines import (
        _absorb_constraints,
        _get_all_sorted_knots,
        _get_centering_constraint_from_dmatrix,
        _get_free_crs_dmatrix,
    )

    x = np.concatenate([np.atleast_1d(t)])
    knots = _get_all_sorted_knots(x, n_inner_knots=SPLINE_DF - 2 + 1)  # + 1: the centring
    basis = _get_free_crs_dmatrix(x, knots)
    return _absorb_constraints(basis, _get_centering_constraint_from_dmatrix(basis))


def _bias_corrected(rho: float, n: int, p: int) -> float:
    """The lag-1 correlation of a regression's residuals runs low in short series:
    by about (1 + 3 rho) / n around a mean (Kendall, 1954), and more with a trend
    and two slopes fitted. Too low a value makes neighbouring days look
    independent and the interval too narrow, so the correction is doubled
    (``BIAS_FACTOR``, chosen in ``bench/verdicts.py``) and counts the p columns."""
    return min(0.98, max(0.0, rho + BIAS_FACTOR * (1 + 3 * rho + p) / n))


def _estimate(
    y: np.ndarray, X: np.ndarray, c: np.ndarray, base: np.ndarray, method: str
) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients and their 95% intervals under one of METHODS."""
    import statsmodels.regression.linear_model as sm
    from scipy.special import stdtrit

    n, p = X.shape
    if method.startswith("hac"):
        result = sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": HAC_LAGS}, use_t=True)
        return np.asarray(result.params), np.asarray(result.conf_int(alpha=1 - CONFIDENCE))
    if method.startswith("ols"):
        result = sm.OLS(y, X).fit()
        return np.asarray(result.params), np.asarray(result.conf_int(alpha=1 - CONFIDENCE))
    if method == "glsar":
        result = sm.GLSAR(y, X, rho=1).iterative_fit(maxiter=8)
        return np.asarray(result.params), np.asarray(result.conf_int(alpha=1 - CONFIDENCE))
    rho = _bias_corrected(_iterated_rho(y, X), n, p)
    params, se = _gls(y, X, rho)
    x_detrended = c - base @ np.linalg.lstsq(base, c, rcond=None)[0]
    n_eff = effective_n(n, x_detrended, y - X @ params)
    q = float(stdtrit(max(2.0, n_eff - p), 0.5 + CONFIDENCE / 2))
    return params, np.column_stack([params - q * se, params + q * se])


# The GLS fits below are statsmodels' ``GLSAR`` (AR(1), fitted by its default "pinv"
# method) written out: the same numpy operations in the same order, so the same numbers
# to the last bit (tests/analysis/test_gls.py compares them with statsmodels itself), but
# without building a model and a results object per fit. A 5-year dashboard makes about
# twenty of these fits; their objects, the extra rank SVD and scipy's distribution
# wrappers cost more than the arithmetic. ``scipy.special.stdtrit`` / ``stdtr`` are what
# ``scipy.stats.t.ppf`` / ``sf`` compute once their argument checks are done.


def _whiten(x: np.ndarray, rho: float) -> np.ndarray:
    """AR(1) whitening, ``u[t] - rho * u[t-1]``; the first observation is dropped."""
    whitened = x.copy()
    whitened[1:] = whitened[1:] - rho * x[0:-1]
    return whitened[1:]


def _gls_params(y: np.ndarray, X: np.ndarray, rho: float) -> tuple[np.ndarray, ...]:
    """Coefficients of one fit, with what the standard errors are computed from."""
    from statsmodels.tools.tools import pinv_extended

    wexog, wendog = _whiten(X, rho), _whiten(y, rho)
    pinv_wexog, singular_values = pinv_extended(wexog)
    return np.dot(pinv_wexog, wendog), pinv_wexog, singular_values, wexog, wendog


def _gls(y: np.ndarray, X: np.ndarray, rho: float) -> tuple[np.ndarray, np.ndarray]:
    """``GLSAR(y, X, rho=[rho]).fit()``'s ``params`` and ``bse``."""
    params, pinv_wexog, singular_values, wexog, wendog = _gls_params(y, X, rho)
    normalized_cov_params = np.dot(pinv_wexog, np.transpose(pinv_wexog))
    rank = np.linalg.matrix_rank(np.diag(singular_values))
    df_resid = float(wexog.shape[0]) - rank
    wresid = wendog - np.dot(wexog, params)
    scale = np.dot(wresid, wresid) / df_resid
    return params, np.sqrt(np.diag(normalized_cov_params * scale))


def _iterated_rho(y: np.ndarray, X: np.ndarray, maxiter: int = 8, rtol: float = 1e-4) -> float:
    """The AR(1) coefficient ``GLSAR(y, X, rho=1).iterative_fit(maxiter)`` leaves in
    ``model.rho``: fit, estimate rho from the residuals (Yule-Walker), refit, until the
    coefficients settle. Its closing refit changes no rho, so it is not made."""
    rho = np.zeros(1, np.float64)[0]
    last = np.empty(0)  # the first fit's coefficients, set before any comparison
    for i in range(maxiter - 1):
        params = _gls_params(y, X, rho)[0]
        if i == 0:
            last = params
        else:
            diff = np.max(np.abs(last - params) / np.abs(last))
            if diff < rtol:
                break
            last = params
        rho = _yule_walker(y - np.dot(X, params))
    return float(rho)


def _yule_walker(residuals: np.ndarray) -> np.floating:
    """statsmodels' ``yule_walker(x, order=1)`` ("adjusted", demeaned)."""
    x = np.array(residuals, dtype=np.float64)
    x -= x.mean()
    n = x.shape[0]
    r = np.zeros(2, np.float64)
    r[0] = (x**2).sum() / n
    r[1] = (x[0:-1] * x[1:]).sum() / (n - 1)
    R = np.array([[r[0]]])
    try:
        rho = np.linalg.solve(R, r[1:])
    except np.linalg.LinAlgError:
        rho = np.linalg.pinv(R) @ r[1:]
    return rho[0]


def effective_n(n: int, x_residual: np.ndarray, residuals: np.ndarray) -> float:
    """n shrunk by the variance inflation of a slope under AR(1)-like dependence,
    (1 + rx*re) / (1 - rx*re) (Bartlett): rx and re are the lag-1 autocorrelations
    of the detrended measure and of the model's residuals."""
    product = max(0.0, _lag1(x_residual) * _lag1(residuals))
    product = min(product, 0.99)
    return n * (1 - product) / (1 + product)


def fit(
    consistency: Sequence[float],
    intensity: Sequence[float],
    pain: Sequence[float],
    days: Sequence[date],
    method: str = METHOD,
) -> ModelFit:
    """Fit the headline model over mornings with all three values, in day order."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    n = len(pain)
    c, i, y = (np.asarray(v, dtype=float) for v in (consistency, intensity, pain))
    c_sd = float(c.std(ddof=1)) if n > 1 else 0.0
    i_sd = float(i.std(ddof=1)) if n > 1 else 0.0
    corr = float(np.corrcoef(c, i)[0, 1]) if n > 2 and c_sd > 0 and i_sd > 0 else None
    first, last = (days[0], days[-1]) if n else (None, None)
    empty = ModelFit(n, 0.0, c_sd, i_sd, corr, None, None, first, last)
    if n < MIN_MORNINGS:
        return empty
    span = max(1, (days[-1] - days[0]).days)
    t = np.array([(d - days[0]).days / span for d in days])
    base = _trend(t, "linear" if method == "hac-linear" else "spline")
    use_c, use_i = c_sd > 1e-9, i_sd > 1e-9 and (corr is None or abs(corr) < 0.999)
    columns = [base, *([c[:, None]] if use_c else []), *([i[:, None]] if use_i else [])]
    X = np.hstack(columns)
    k = base.shape[1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        params, intervals = _estimate(y, X, c, base, method)
    residuals = y - X @ params
    slopes: dict[str, Estimate] = {}
    for name, used in (("c", use_c), ("i", use_i)):
        if used:
            slopes[name] = Estimate(
                float(params[k]), float(intervals[k][0]), float(intervals[k][1])
            )
            k += 1
    if not all(math.isfinite(v) for e in slopes.values() for v in (e.ci_low, e.ci_high)):
        return empty
    x_detrended = c - base @ np.linalg.lstsq(base, c, rcond=None)[0]
    est_c, est_i = slopes.get("c"), slopes.get("i")
    return ModelFit(
        n=n,
        n_effective=effective_n(n, x_detrended, residuals),
        consistency_sd=c_sd,
        intensity_sd=i_sd,
        correlation=corr,
        consistency=est_c,
        intensity=est_i,
        first=days[0],
        last=days[-1],
        partial_consistency=_partial(residuals, y, c, est_c),
        partial_intensity=_partial(residuals, y, i, est_i),
    )


def _partial(
    residuals: np.ndarray, y: np.ndarray, x: np.ndarray, estimate: Estimate | None
) -> tuple[float, ...]:
    """Residual + slope * (x - mean x), around the mean pain: the scatter of pain on
    one measure with the trend and the other measure taken out."""
    slope = estimate.coefficient if estimate else 0.0
    values = residuals - residuals.mean() + slope * (x - x.mean()) + y.mean()
    return tuple(float(v) for v in values)


@dataclass(frozen=True, slots=True)
class Difference:
    """A trend-adjusted difference in next-morning pain between two kinds of day."""

    estimate: float
    ci_low: float
    ci_high: float
    p_value: float


def session_design(days: Sequence[date]) -> np.ndarray:
    """Intercept and spline trend over ``days`` (computed once, shared by every technique)."""
    return _session_design(days)


def _session_design(days: Sequence[date]) -> np.ndarray:
    span = max(1, (days[-1] - days[0]).days)
    t = np.array([(d - days[0]).days / span for d in days])
    return _trend(t, "spline")


def trend_rho(pain: Sequence[float], days: Sequence[date], base: np.ndarray | None = None) -> float:
    """The bias-corrected AR(1) coefficient of pain around its recovery trend, estimated
    once and shared by every technique's comparison (one fit instead of one per technique)."""
    y = np.asarray(pain, dtype=float)
    base = _session_design(days) if base is None else base
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rho = _iterated_rho(y, base)
    return _bias_corrected(rho, len(y), base.shape[1] + 1)


def adjusted_difference(
    pain: Sequence[float],
    indicator: Sequence[bool],
    days: Sequence[date],
    rho: float | None = None,
    base: np.ndarray | None = None,
) -> Difference | None:
    """Pain after days with the indicator minus pain after days without, after the
    same smooth recovery trend and AR(1) errors as the headline (GLS, bias-corrected
    rho): a technique tried mostly late in a recovery must not look like a cure."""
    from scipy.special import stdtr, stdtrit

    n = len(pain)
    x = np.asarray(indicator, dtype=float)
    if n < MIN_MORNINGS or x.min() == x.max():
        return None
    y = np.asarray(pain, dtype=float)
    base = _session_design(days) if base is None else base
    X = np.hstack([base, x[:, None]])
    k = base.shape[1]
    if rho is None:
        rho = trend_rho(pain, days, base)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        params, errors = _gls(y, X, rho)
    estimate, se = float(params[k]), float(errors[k])
    if not (math.isfinite(estimate) and math.isfinite(se)) or se <= 0:
        return None
    df = max(2.0, n - X.shape[1])
    q = float(stdtrit(df, 0.5 + CONFIDENCE / 2))
    p_value = float(2 * stdtr(df, -abs(estimate / se)))
    return Difference(estimate, estimate - q * se, estimate + q * se, p_value)
