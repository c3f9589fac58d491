"""Multiplier bootstrap on influence functions, as R ``did``'s ``mboot``.

R ``did`` draws Rademacher weights (``BMisc::multiplier_bootstrap``, "uses Rademacher weights");
that is the default here. Mammen's two-point weights are available as ``weights="mammen"``.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

_SQRT5 = np.sqrt(5.0)
_IQR_NORMAL = NormalDist().inv_cdf(0.75) - NormalDist().inv_cdf(0.25)


def mammen(rng: np.random.Generator, size: tuple[int, ...]) -> np.ndarray:
    """Mammen's two-point weights: mean 0, variance 1, third moment 1."""
    low, high = (1 - _SQRT5) / 2, (1 + _SQRT5) / 2
    p_low = (_SQRT5 + 1) / (2 * _SQRT5)
    return np.where(rng.random(size) < p_low, low, high)


def rademacher(rng: np.random.Generator, size: tuple[int, ...]) -> np.ndarray:
    """Rademacher weights: -1 or 1 with probability one half."""
    return np.where(rng.random(size) < 0.5, -1.0, 1.0)


MULTIPLIERS = {"rademacher": rademacher, "mammen": mammen}


def multiplier_bootstrap(
    inf: np.ndarray,
    n_boot: int,
    rng: np.random.Generator,
    alpha: float = 0.05,
    weights: str = "rademacher",
) -> tuple[np.ndarray, float]:
    """Bootstrap standard errors and the uniform critical value for columns of ``inf``.

    ``inf`` is units × parameters. Each draw is ``sqrt(n) · mean(v · inf)``; the standard error
    is the draws' interquartile range over that of the standard normal, divided by sqrt(n);
    the critical value is the (1 - alpha) quantile of the max |t| over parameters (a
    simultaneous band). Parameters with no variation get NaN.
    """
    inf = np.atleast_2d(inf.T).T
    n = inf.shape[0]
    draws = np.empty((n_boot, inf.shape[1]))
    chunk = max(1, 2_000_000 // max(n, 1))
    for start in range(0, n_boot, chunk):
        stop = min(n_boot, start + chunk)
        v = MULTIPLIERS[weights](rng, (stop - start, n))
        draws[start:stop] = np.sqrt(n) * (v @ inf) / n
    q75 = np.quantile(draws, 0.75, axis=0, method="inverted_cdf")
    q25 = np.quantile(draws, 0.25, axis=0, method="inverted_cdf")
    sigma = (q75 - q25) / _IQR_NORMAL
    sigma[sigma <= np.sqrt(np.finfo(float).eps) * 10] = np.nan
    ok = ~np.isnan(sigma)
    if not ok.any():
        return np.full(inf.shape[1], np.nan), float("nan")
    t_max = np.max(np.abs(draws[:, ok] / sigma[ok]), axis=1)
    crit = float(np.quantile(t_max, 1 - alpha, method="inverted_cdf"))
    return sigma / np.sqrt(n), crit


def analytic_se(inf: np.ndarray) -> np.ndarray:
    """Standard errors from influence functions: sqrt(mean(inf²) / n) per column."""
    inf = np.atleast_2d(inf.T).T
    return np.sqrt(np.mean(inf**2, axis=0) / inf.shape[0])
