"""Imputation (COINr ``Impute`` and ``impute_panel``).

Column-wise: ``mean``, ``median``, ``mean_group``, ``median_group`` (group given per unit).
Row-wise (``by="row"``): each indicator is first min–max scaled to [0, 1] with its direction, the
unit's missing values take the mean/median of its other scaled values, then are scaled back.
Panels: ``impute_panel`` fills from the latest earlier year (``latest``) or by interpolation in
time (``linear``, ``constant``, ``linear-constant``; constant extrapolation at the ends).
Non-missing values are never changed.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

IMPUTE_METHODS = ("mean", "median", "mean_group", "median_group", "none")
PANEL_METHODS = ("latest", "linear", "constant", "linear-constant")


def _fill(x: pd.Series, how: str) -> pd.Series:
    if x.isna().all():
        return x
    value = x.mean() if how == "mean" else x.median()
    return x.fillna(value)


def impute(
    data: pd.DataFrame,
    method: str = "mean",
    by: str = "column",
    groups: pd.Series | None = None,
    directions: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """Impute missing values of ``data`` (units × indicators) with one method.

    ``groups`` (indexed like ``data``) is required by the ``*_group`` methods; units whose group
    is missing are left as they are.
    """
    if method not in IMPUTE_METHODS:
        raise ValueError(
            f"impute: unknown method {method!r}; choose from {', '.join(IMPUTE_METHODS)}"
        )
    if by not in ("column", "row"):
        raise ValueError(f"impute: by must be 'column' or 'row', got {by!r}")
    if method == "none" or not data.isna().any().any():
        return data.copy()
    if method.endswith("_group"):
        if groups is None:
            raise ValueError(f"impute: method {method} needs a group column")
        if by == "row":
            raise ValueError("impute: group methods work by column only")
        grp = groups.reindex(data.index)
        if grp.isna().all():
            raise ValueError(f"{groups.name}: group column has no values")
        how = method.removesuffix("_group")
        out = data.copy()
        known = grp.notna().to_numpy()
        filled = (
            data.loc[known]
            .groupby(grp[known])
            .transform(
                lambda s: _fill(s, how)  # type: ignore[arg-type,return-value]
            )
        )
        out.loc[known] = filled
        return out
    if by == "column":
        return data.apply(lambda s: _fill(s, method))
    dirs = np.array([(directions or {}).get(c, 1) for c in data.columns], dtype=float)
    x = data.to_numpy(dtype=float) * dirs
    mn, mx = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = (x - mn) / (mx - mn)
    filled_rows = pd.DataFrame(scaled).T.apply(lambda s: _fill(s, method)).T
    back = (filled_rows.to_numpy() * (mx - mn) + mn) * dirs
    vals = data.to_numpy(dtype=float, copy=True)
    mask = np.isnan(vals)
    vals[mask] = back[mask]
    return pd.DataFrame(vals, index=data.index, columns=data.columns)


def impute_panel(
    data: pd.DataFrame,
    units: pd.Series,
    time: pd.Series,
    method: str = "latest",
    max_time: int | None = None,
) -> pd.DataFrame:
    """Impute a panel (rows = unit-years) along time, unit by unit.

    ``latest`` takes each missing value from the most recent earlier year with data (at most
    ``max_time`` years back); the others interpolate in time like R's ``approx(rule = 2)``.
    """
    if method not in PANEL_METHODS:
        raise ValueError(
            f"impute_panel: unknown method {method!r}; choose from {', '.join(PANEL_METHODS)}"
        )
    t = pd.to_numeric(pd.Series(np.asarray(time)), errors="coerce")
    if t.isna().any():
        raise ValueError("Time: non-numeric or missing time value")
    if t.nunique() < 2:
        raise ValueError("Time: panel imputation needs at least two time points")
    out = data.astype(float).copy()
    unit_arr, t_arr = np.asarray(units), t.to_numpy()
    for unit in pd.unique(unit_arr):
        rows = np.flatnonzero(unit_arr == unit)
        rows = rows[np.argsort(t_arr[rows], kind="stable")]
        tt = t_arr[rows]
        block = out.iloc[rows].to_numpy(copy=True)
        for j in range(block.shape[1]):
            y = block[:, j]
            na = np.isnan(y)
            if not na.any() or na.all():
                continue
            if method == "latest":
                block[:, j] = _latest(tt, y, max_time)
            else:
                use = (
                    "constant"
                    if method == "constant" or (method == "linear-constant" and (~na).sum() == 1)
                    else "linear"
                )
                block[:, j] = _interp(tt, y, use)
        out.iloc[rows] = block
    return out


def _latest(t: np.ndarray, y: np.ndarray, max_time: int | None) -> np.ndarray:
    res = y.copy()
    years = np.unique(t)
    for i in np.flatnonzero(np.isnan(y)):
        older = years[years < t[i]][::-1]
        if max_time is not None:
            older = older[:max_time]
        for yr in older:
            cand = y[(t == yr) & ~np.isnan(y)]
            if cand.size:
                res[i] = cand[0]
                break
    return res


def _interp(t: np.ndarray, y: np.ndarray, how: str) -> np.ndarray:
    ok = ~np.isnan(y)
    if how == "linear":
        return np.where(ok, y, np.interp(t, t[ok], y[ok]))
    known_t, known_y = t[ok], y[ok]
    pos = np.searchsorted(known_t, t, side="right") - 1
    filled = known_y[np.clip(pos, 0, known_y.size - 1)]
    return np.where(ok, y, filled)
