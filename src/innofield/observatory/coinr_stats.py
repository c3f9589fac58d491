"""Small statistics with COINr's exact conventions: bias-adjusted skew/kurtosis and sport ranks."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import rankdata


def skew(x: np.ndarray) -> float:
    """Bias-adjusted sample skewness G1 (e1071 type 2), NaNs dropped; NaN if fewer than 3 points."""
    v = np.asarray(x, dtype=float)
    v = v[~np.isnan(v)]
    n = v.size
    if n < 3:
        return float("nan")
    d = v - v.mean()
    s2 = np.sum(d**2)
    with np.errstate(invalid="ignore", divide="ignore"):
        y = np.sqrt(n) * np.sum(d**3) / s2**1.5
    return float(y * np.sqrt(n * (n - 1)) / (n - 2))


def kurt(x: np.ndarray) -> float:
    """Bias-adjusted excess kurtosis G2 (e1071 type 2), NaNs dropped; NaN if fewer than 4 points."""
    v = np.asarray(x, dtype=float)
    v = v[~np.isnan(v)]
    n = v.size
    if n < 4:
        return float("nan")
    d = v - v.mean()
    with np.errstate(invalid="ignore", divide="ignore"):
        r = n * np.sum(d**4) / np.sum(d**2) ** 2
    return float(((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))


def rank_desc(values: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """Sport ranks: highest = 1, ties share the lowest rank, NaN stays NaN (COINr ``rank_df``)."""
    return values.rank(ascending=False, method="min", na_option="keep")


def rank_rows_desc(scores: np.ndarray) -> np.ndarray:
    """Ranks along the last axis of an array (highest = 1, ties → min, NaN → NaN), vectorised."""
    arr = np.asarray(scores, dtype=float)
    ranks = rankdata(-arr, method="min", axis=-1, nan_policy="omit")
    return np.where(np.isnan(arr), np.nan, ranks)
