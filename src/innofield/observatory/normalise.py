"""Normalisation (COINr ``Normalise``): every indicator is multiplied by its direction, then scaled.

Methods and their parameters (COINr names in brackets):

- ``minmax`` (n_minmax): ``l_u=[0, 100]`` → (x − min)/(max − min)·(u − l) + l
- ``zscore`` (n_zscore): ``m_sd=[0, 1]`` → (x − mean)/sd·s + m, sd with n − 1
- ``scaled`` (n_scaled): ``npara=[0, 100]``, ``scale_factor=100`` → (x − p1)/(p2 − p1)·scale
- ``dist2max`` (n_dist2max): 1 − (max − x)/(max − min)
- ``dist2ref`` (n_dist2ref): ``ref`` (a unit code), ``cap_max`` → 1 − (x_ref − x)/(x_ref − min)
- ``dist2targ`` (n_dist2targ): ``targ`` (or the iMeta ``Target`` × direction), ``cap_max``
- ``fracmax`` (n_fracmax): x/max
- ``prank`` (n_prank): (rank − 1)/(n_available − 1) with ``min`` ranks for ties (COINr's
  n_prank accepts ``ties.method`` but ignores it); missing values stay missing
- ``rank`` (n_rank), ``borda`` (n_borda = rank − 1) take ``ties_method`` (R's
  ``ties.method``: ``min`` (default), ``max``, ``average``, ``first``, ``last``)
- ``goalposts`` (n_goalposts): ``gposts=[l, u, scale]``, ``trunc2posts=True``
- ``none``: direction only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

NORMALISE_METHODS = (
    "minmax",
    "zscore",
    "scaled",
    "dist2max",
    "dist2ref",
    "dist2targ",
    "fracmax",
    "prank",
    "rank",
    "borda",
    "goalposts",
    "none",
)


TIES_METHODS = ("min", "max", "average", "first", "last")


def r_rank(x: np.ndarray, ties_method: str = "min") -> np.ndarray:
    """R ``rank(x, ties.method = ties_method, na.last = "keep")``: missing values stay missing;
    tied values get the lowest (``min``), highest (``max``) or mean (``average``) of their
    ranks, or ranks in the order they appear (``first``) or in reverse order (``last``)."""
    if ties_method not in TIES_METHODS:
        raise ValueError(f"ties_method: {ties_method!r} is not one of {', '.join(TIES_METHODS)}")
    x = np.asarray(x, dtype=float)
    out = np.full(x.shape, np.nan)
    ok = np.flatnonzero(~np.isnan(x))
    v = x[ok]
    pos = np.arange(len(v))
    order = np.lexsort((-pos if ties_method == "last" else pos, v))
    ordinal = np.empty(len(v))
    ordinal[order] = np.arange(1, len(v) + 1)
    if ties_method in ("first", "last"):
        out[ok] = ordinal
        return out
    _, inverse = np.unique(v, return_inverse=True)
    lo = np.full(inverse.max() + 1 if len(v) else 0, np.inf)
    hi = np.zeros_like(lo)
    np.minimum.at(lo, inverse, ordinal)
    np.maximum.at(hi, inverse, ordinal)
    if ties_method == "min":
        out[ok] = lo[inverse]
    elif ties_method == "max":
        out[ok] = hi[inverse]
    else:
        out[ok] = (lo[inverse] + hi[inverse]) / 2
    return out


def normalise_vector(
    x: np.ndarray,
    method: str = "minmax",
    *,
    code: str = "",
    index: pd.Index | None = None,
    **p: Any,
) -> np.ndarray:
    """Normalise one direction-adjusted vector with one method (see module docstring)."""
    x = np.asarray(x, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "minmax":
            lo, hi = p.get("l_u", (0, 100))
            mn, mx = np.nanmin(x), np.nanmax(x)
            return (x - mn) / (mx - mn) * (hi - lo) + lo
        if method == "zscore":
            m, s = p.get("m_sd", (0, 1))
            if s <= 0:
                raise ValueError(f"{code}: zscore m_sd standard deviation must be > 0")
            if np.sum(~np.isnan(x)) < 2:  # R's sd() of one value is NA
                return np.full(x.shape, np.nan)
            return (x - np.nanmean(x)) / np.nanstd(x, ddof=1) * s + m
        if method == "scaled":
            p1, p2 = p.get("npara", (0, 100))
            return (x - p1) / (p2 - p1) * p.get("scale_factor", 100)
        if method == "dist2max":
            mn, mx = np.nanmin(x), np.nanmax(x)
            return 1 - (mx - x) / (mx - mn)
        if method == "dist2ref":
            ref = p.get("ref")
            if index is None or ref not in index:
                raise ValueError(f"{code}: dist2ref reference unit {ref!r} not in the data")
            xref = x[index.get_loc(ref)]
            y = 1 - (xref - x) / (xref - np.nanmin(x))
            return np.minimum(y, 1) if p.get("cap_max", False) else y
        if method == "dist2targ":
            targ = p.get("targ")
            if targ is None or pd.isna(targ):
                raise ValueError(f"{code}: dist2targ needs a target")
            if p.get("direction", 1) == 1:
                mn = np.nanmin(x)
                y = (x - mn) / (targ - mn)
            else:
                mx = np.nanmax(x)
                y = (mx - x) / (mx - targ)
            return np.where(y > 1, 1.0, y) if p.get("cap_max", False) else y
        if method == "fracmax":
            return x / np.nanmax(x)
        ties = p.get("ties_method", "min")
        if method == "prank":  # COINr ranks with "min" here whatever ties.method says
            return (r_rank(x, "min") - 1) / (np.sum(~np.isnan(x)) - 1)
        if method == "rank":
            return r_rank(x, ties)
        if method == "borda":
            return r_rank(x, ties) - 1
        if method == "goalposts":
            g = p.get("gposts")
            if g is None or len(g) != 3:
                raise ValueError(f"{code}: goalposts needs gposts=[lower, upper, scale]")
            if p.get("direction", 1) == -1:
                y = (x - g[1]) / (g[0] - g[1])
            else:
                y = (x - g[0]) / (g[1] - g[0])
            if p.get("trunc2posts", True):
                y = np.clip(y, 0, 1)
            return y * g[2]
        if method == "none":
            return x.copy()
    raise ValueError(
        f"{code}: unknown normalisation {method!r}; choose from {', '.join(NORMALISE_METHODS)}"
    )


def normalise(
    data: pd.DataFrame,
    directions: Mapping[str, int],
    method: str = "minmax",
    per_indicator: Mapping[str, Mapping[str, Any]] | None = None,
    targets: Mapping[str, float] | None = None,
    **params: Any,
) -> pd.DataFrame:
    """Normalise every column of ``data`` after multiplying it by its direction (±1).

    ``per_indicator`` maps a code to ``{"method": ..., **params}``, which replaces the global
    method *and* its parameters for that code (COINr ``indiv_specs``; no method means minmax);
    ``targets`` (e.g. iMeta ``Target``) feed ``dist2targ`` (multiplied by the direction, as COINr).
    A zero range under minmax or dist2max is an error naming the code (COINr returns NaN).
    """
    per_indicator = dict(per_indicator or {})
    unknown = [c for c in per_indicator if c not in data.columns]
    if unknown:
        raise ValueError(f"{unknown[0]}: per-indicator normalisation for a code not in the data")
    out = pd.DataFrame(index=data.index)
    for col in data.columns:
        if col not in directions:
            raise ValueError(f"{col}: no direction for this column")
        d = directions[col]
        if d not in (1, -1):
            raise ValueError(f"{col}: direction must be 1 or -1, got {d!r}")
        if col in per_indicator:
            spec = {"method": "minmax", **dict(per_indicator[col])}
        else:
            spec = {"method": method, **params}
        m = spec.pop("method")
        if m == "dist2targ" and "targ" not in spec and targets is not None and col in targets:
            spec["targ"] = targets[col] * d
        values = data[col].to_numpy(dtype=float) * d
        if m in ("minmax", "dist2max") and np.nanmin(values) == np.nanmax(values):
            raise ValueError(f"{col}: the range of the indicator is zero; cannot normalise")
        out[col] = normalise_vector(values, m, code=col, index=data.index, **spec)
    return out


def normalise_panel(
    data: pd.DataFrame,
    time: pd.Series,
    directions: Mapping[str, int],
    method: str = "minmax",
    pooled: bool = True,
    **params: Any,
) -> pd.DataFrame:
    """Normalise a panel: pooled over all years (EIS; COINr purse ``global = TRUE``)
    or year by year."""
    if pooled:
        return normalise(data, directions, method, **params)
    out = data.astype(float).copy()
    years = np.asarray(time)
    for year in np.unique(years):
        rows = np.flatnonzero(years == year)
        out.iloc[rows] = normalise(data.iloc[rows], directions, method, **params).to_numpy()
    return out
