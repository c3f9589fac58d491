"""Outlier treatment with COINr's rules (``Treat``): skew/kurtosis check, winsorisation, log.

Per indicator: if |skew| ≥ ``skew_thresh`` *and* kurtosis ≥ ``kurt_thresh`` (bias-adjusted), the
indicator fails. It is then winsorised on its skewed side, one value (and all values tied with it)
at a time, re-checking after each step, until it passes or ``winmax`` points are winsorised. If it
still fails, ``f2`` (``log_CT`` by default) is applied to the *original* values and the result is
not re-treated. The ``gii`` preset uses the GII thresholds (2.25 / 3.5) and the GII log
transformation (COINr's ``log_GII`` returns its input unchanged; here the formula is applied).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .coinr_stats import kurt, skew

TREAT_DEFAULTS: dict[str, Any] = {
    "winmax": 5,
    "skew_thresh": 2.0,
    "kurt_thresh": 3.5,
    "f2": "log_CT",
    "force_win": False,
    "combine_treat": False,
}
TREAT_PRESETS: dict[str, dict[str, Any]] = {
    "coinr": {},
    "gii": {"skew_thresh": 2.25, "kurt_thresh": 3.5, "winmax": 5, "f2": "log_GII"},
}


def check_skew_kurt(x: np.ndarray, skew_thresh: float = 2.0, kurt_thresh: float = 3.5) -> dict:
    """COINr ``check_SkewKurt``: ``Pass`` is True unless both |skew| and kurtosis exceed limits.

    ``Pass`` is None when it cannot be decided (too few or constant values).
    """
    sk, kt = skew(x), kurt(x)
    a = None if np.isnan(sk) else abs(sk) < skew_thresh
    b = None if np.isnan(kt) else kt < kurt_thresh
    passed: bool | None = True if (a is True or b is True) else (None if None in (a, b) else False)
    return {"Pass": passed, "Skew": sk, "Kurt": kt}


def winsorise(
    x: np.ndarray,
    winmax: int | None = 5,
    skew_thresh: float = 2.0,
    kurt_thresh: float = 3.5,
    force_win: bool = False,
) -> tuple[np.ndarray, int, list[str]]:
    """Iterative, tie-aware winsorisation (COINr ``winsorise``).

    Returns the new vector, the number of winsorised points and a per-point marker
    (``winhi``/``winlo``/``""``).
    """
    x = np.array(x, dtype=float)
    passing = check_skew_kurt(x, skew_thresh, kurt_thresh)["Pass"]
    imax: np.ndarray = np.array([], dtype=int)
    imin: np.ndarray = np.array([], dtype=int)
    nwin = 0
    if not passing or force_win:
        below = winmax is None or nwin < winmax
        while (not passing or force_win) and below:
            if skew(x) >= 0:
                imax = np.flatnonzero(x == np.nanmax(x))
                rest = np.delete(x, imax)
                x[imax] = np.nanmax(rest)
            else:
                imin = np.flatnonzero(x == np.nanmin(x))
                rest = np.delete(x, imin)
                x[imin] = np.nanmin(rest)
            nwin = imax.size + imin.size
            below = winmax is None or nwin < winmax
            passing = check_skew_kurt(x, skew_thresh, kurt_thresh)["Pass"]
    marks = [""] * x.size
    for i in imax:
        marks[i] = "winhi"
    for i in imin:
        marks[i] = "winlo"
    return x, nwin, marks


def log_ct(x: np.ndarray) -> np.ndarray:
    """COIN Tool log: ln(x − min + 0.01·(max − min))."""
    mn, mx = np.nanmin(x), np.nanmax(x)
    return np.log(x - mn + 0.01 * (mx - mn))


def log_ct_orig(x: np.ndarray) -> np.ndarray:
    """ln(x − min + 1)."""
    return np.log(x - np.nanmin(x) + 1)


def log_ct_plus(x: np.ndarray) -> np.ndarray:
    """log_CT that reflects for negative skew: −ln(max + a − x)."""
    mn, mx = np.nanmin(x), np.nanmax(x)
    a = 0.01 * (mx - mn)
    return np.log(x - mn + a) if skew(x) > 0 else -np.log(mx + a - x)


def log_gii(x: np.ndarray) -> np.ndarray:
    """GII-spreadsheet log: ln((max − 1)(x − min)/(max − min) + 1)."""
    mn, mx = np.nanmin(x), np.nanmax(x)
    return np.log((mx - 1) * (x - mn) / (mx - mn) + 1)


def boxcox(x: np.ndarray, lmbda: float = 0.0) -> np.ndarray:
    """Box–Cox after shifting the minimum to 1."""
    y = x - np.nanmin(x) + 1
    return np.log(y) if lmbda == 0 else (y**lmbda - 1) / lmbda


SECOND_TREATMENTS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "log_CT": log_ct,
    "log_CT_orig": log_ct_orig,
    "log_CT_plus": log_ct_plus,
    "log_GII": log_gii,
    "boxcox": boxcox,
}


def treat_vector(x: np.ndarray, **params: Any) -> tuple[np.ndarray, dict[str, Any], list[str]]:
    """Treat one indicator; returns values, a details row (COINr ``Dets_Table``) and point marks."""
    p = {**TREAT_DEFAULTS, **params}
    unknown = set(p) - set(TREAT_DEFAULTS) - {"lmbda"}
    if unknown:
        raise ValueError(f"treat: unknown parameter(s) {', '.join(sorted(unknown))}")
    f2 = p["f2"]
    if f2 is not None and f2 not in SECOND_TREATMENTS:
        raise ValueError(f"treat: unknown f2 {f2!r}; choose from {', '.join(SECOND_TREATMENTS)}")
    x = np.asarray(x, dtype=float)
    dets: dict[str, Any] = {}
    chk = check_skew_kurt(x, p["skew_thresh"], p["kurt_thresh"])
    dets.update(
        {
            "check_SkewKurt0.Pass": chk["Pass"],
            "check_SkewKurt0.Skew": chk["Skew"],
            "check_SkewKurt0.Kurt": chk["Kurt"],
        }
    )
    marks = [""] * x.size
    if chk["Pass"] is None:
        return x.copy(), dets, marks
    x1, x2 = x, x
    passed = chk["Pass"]
    if not passed:
        x1, nwin, marks = winsorise(
            x, p["winmax"], p["skew_thresh"], p["kurt_thresh"], p["force_win"]
        )
        dets["winsorise.nwin"] = nwin
        chk = check_skew_kurt(x1, p["skew_thresh"], p["kurt_thresh"])
        dets.update(
            {
                "check_SkewKurt1.Pass": chk["Pass"],
                "check_SkewKurt1.Skew": chk["Skew"],
                "check_SkewKurt1.Kurt": chk["Kurt"],
            }
        )
        if chk["Pass"] is None:
            return x.copy(), dets, [""] * x.size
        passed = chk["Pass"]
        x2 = x1
    if not passed and f2 is not None:
        base = x1 if p["combine_treat"] else x
        func = SECOND_TREATMENTS[f2]
        x2 = boxcox(base, p.get("lmbda", 0.0)) if f2 == "boxcox" else func(base)
        chk = check_skew_kurt(x2, p["skew_thresh"], p["kurt_thresh"])
        dets.update(
            {
                "check_SkewKurt2.Pass": chk["Pass"],
                "check_SkewKurt2.Skew": chk["Skew"],
                "check_SkewKurt2.Kurt": chk["Kurt"],
            }
        )
        label = "log_CT_neg" if f2 == "log_CT_plus" and skew(base) <= 0 else f2
        marks = [f"{m}+{label}" if m else label for m in marks]
    return x2, dets, marks


def treat(
    data: pd.DataFrame,
    preset: str = "coinr",
    per_indicator: Mapping[str, Mapping[str, Any] | str] | None = None,
    **params: Any,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Treat every column of ``data``; returns (treated data, details table, treated points).

    ``per_indicator`` maps a code to its own parameters, or to ``"none"`` to leave it untreated.
    """
    if preset not in TREAT_PRESETS:
        raise ValueError(
            f"treat: unknown preset {preset!r}; choose from {', '.join(TREAT_PRESETS)}"
        )
    base = {**TREAT_PRESETS[preset], **params}
    per_indicator = dict(per_indicator or {})
    unknown = [c for c in per_indicator if c not in data.columns]
    if unknown:
        raise ValueError(f"{unknown[0]}: per-indicator treatment for a code not in the data")
    out = data.copy()
    rows: list[dict[str, Any]] = []
    points = pd.DataFrame("", index=data.index, columns=data.columns)
    for col in data.columns:
        spec = per_indicator.get(col)
        if spec == "none":
            continue
        colp = {**base, **(spec if isinstance(spec, Mapping) else {})}
        values, dets, marks = treat_vector(data[col].to_numpy(dtype=float), **colp)
        out[col] = values
        points[col] = marks
        rows.append({"iCode": col, **dets})
    details = pd.DataFrame(rows)
    return out, details, points
