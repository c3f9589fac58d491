"""Coupling coordination degree (CCD): entropy weights, subsystem scores, C, T, D and grades.

- Standard (normative) coupling: C = n·(∏U)^{1/n} / ΣU, which is 2√(U₁U₂)/(U₁+U₂) for n = 2.
- ``k2``: the legacy k-power form C = [∏U / (ΣU/n)^n]^k with k = 2 (k = ½ equals the standard
  form for two subsystems); other k via ``k=``.
- ``wang2021``: the corrected form of Wang Shujia, Kong Wei, Ren Liang, Zhi Dandan & Dai Binting
  (2021, J. Natural Resources 36(3)): C = √{[1 − Σ_{i>j}|U_i − U_j| / Σ_{m=1}^{n−1} m] ·
  [∏(U_i / max U)]^{1/(n−1)}}. ``wang_exponent=False`` drops the 1/(n−1) exponent, as the R
  package sdsfun does (identical for n = 2).
- T = Σ α_k U_k (equal weights by default), D = √(C·T), graded on the customary 10-band scale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

CCD_VARIANTS = ("standard", "wang2021", "k2")

GRADE_BANDS: list[tuple[float, str, str]] = [
    (0.0, "极度失调", "extreme disorder"),
    (0.1, "严重失调", "serious disorder"),
    (0.2, "中度失调", "moderate disorder"),
    (0.3, "轻度失调", "mild disorder"),
    (0.4, "濒临失调", "on the verge of disorder"),
    (0.5, "勉强协调", "barely coordinated"),
    (0.6, "初级协调", "primary coordination"),
    (0.7, "中级协调", "intermediate coordination"),
    (0.8, "良好协调", "good coordination"),
    (0.9, "优质协调", "high-quality coordination"),
]


def minmax_standardise(
    data: pd.DataFrame, directions: Mapping[str, int] | None = None, shift: float = 0.0
) -> pd.DataFrame:
    """Min–max to [0, 1] per column, reversed for direction −1, plus an optional ``shift``
    (papers add 0.0001 to avoid ln 0)."""
    out = pd.DataFrame(index=data.index)
    for col in data.columns:
        x = pd.to_numeric(data[col], errors="coerce").astype(float)
        if x.isna().any():
            raise ValueError(f"{col}: missing or non-numeric value")
        rng = x.max() - x.min()
        if rng == 0:
            raise ValueError(f"{col}: constant column; cannot standardise")
        d = (directions or {}).get(col, 1)
        out[col] = ((x - x.min()) if d == 1 else (x.max() - x)) / rng + shift
    return out


def entropy_weights(
    data: pd.DataFrame,
    directions: Mapping[str, int] | None = None,
    standardise: bool = True,
    shift: float = 0.0,
) -> pd.Series:
    """Entropy weight method: e_j = −Σ p ln p / ln n, d_j = 1 − e_j, w_j = d_j / Σ d.

    By default on min–max standardised data (the CCD-paper convention); ``standardise=False``
    uses raw column shares, as MCDA libraries such as pymcdm do.
    """
    x = minmax_standardise(data, directions, shift) if standardise else data.astype(float)
    if (x < 0).any().any():
        raise ValueError("entropy weights need non-negative values")
    n = x.shape[0]
    if n < 2:
        raise ValueError("entropy weights need at least two rows")
    p = x / x.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    e = -plogp.sum(axis=0) / np.log(n)
    d = 1 - e
    if d.sum() <= 0:
        raise ValueError("entropy weights: all columns have maximal entropy (weights sum to zero)")
    return pd.Series(d / d.sum(), index=data.columns, name="weight")


def subsystem_scores(
    data: pd.DataFrame,
    subsystems: Mapping[str, Sequence[str]],
    directions: Mapping[str, int] | None = None,
    weights: Mapping[str, float] | None = None,
    shift: float = 0.0,
) -> tuple[pd.DataFrame, pd.Series]:
    """U_k = Σ w_j x'_j per subsystem, x' min–max standardised, w entropy weights within the
    subsystem unless ``weights`` are given. Returns (scores, weights used)."""
    scores = pd.DataFrame(index=data.index)
    used: dict[str, float] = {}
    for name, cols in subsystems.items():
        missing = [c for c in cols if c not in data.columns]
        if missing:
            raise ValueError(f"{missing[0]}: column of subsystem {name} not in the data")
        x = minmax_standardise(data[list(cols)], directions, shift)
        if weights is None:
            w = entropy_weights(data[list(cols)], directions, shift=shift)
        else:
            w = pd.Series([weights[c] for c in cols], index=list(cols), dtype=float)
            w = w / w.sum()
        scores[name] = x.to_numpy() @ w.to_numpy()
        used.update({str(k): float(v) for k, v in w.items()})
    return scores, pd.Series(used, name="weight")


def coupling_degree(
    u: np.ndarray, variant: str = "standard", k: float = 2.0, wang_exponent: bool = True
) -> np.ndarray:
    """Coupling degree C for each row of ``u`` (rows × n subsystems, n ≥ 2)."""
    u = np.asarray(u, dtype=float)
    if u.ndim != 2 or u.shape[1] < 2:
        raise ValueError("coupling degree needs at least two subsystem columns")
    if np.isnan(u).any() or (u < 0).any():
        raise ValueError("subsystem scores must be non-negative numbers")
    n = u.shape[1]
    total = u.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        if variant == "standard":
            c = n * np.prod(u, axis=1) ** (1 / n) / total
        elif variant == "k2":
            c = (np.prod(u, axis=1) / (total / n) ** n) ** k
        elif variant == "wang2021":
            i, j = np.triu_indices(n, 1)
            gap = np.abs(u[:, i] - u[:, j]).sum(axis=1) / (n * (n - 1) / 2)
            ratio = np.prod(u / u.max(axis=1, keepdims=True), axis=1)
            c = np.sqrt((1 - gap) * (ratio ** (1 / (n - 1)) if wang_exponent else ratio))
        else:
            raise ValueError(
                f"unknown CCD variant {variant!r}; choose from {', '.join(CCD_VARIANTS)}"
            )
    return np.where(total == 0, 0.0, c)


def grade(
    d: float | np.ndarray, lang: str = "en", bands: Sequence[tuple[float, str, str]] = GRADE_BANDS
) -> list[str]:
    """Grade labels of D on a banded scale (default: the customary 10 bands; ``lang`` zh/en)."""
    if lang not in ("zh", "en"):
        raise ValueError(f"grade: lang must be 'zh' or 'en', got {lang!r}")
    lows = np.array([b[0] for b in bands])
    vals = np.atleast_1d(np.asarray(d, dtype=float))
    idx = np.clip(np.searchsorted(lows, vals, side="right") - 1, 0, len(bands) - 1)
    return [bands[i][1 if lang == "zh" else 2] for i in idx]


def coupling_coordination(
    scores: pd.DataFrame | np.ndarray,
    variant: str = "standard",
    alpha: Sequence[float] | None = None,
    k: float = 2.0,
    wang_exponent: bool = True,
) -> pd.DataFrame:
    """C, T, D and grades (``grade`` = en label, ``grade_zh``) for each row of subsystem scores."""
    u = np.asarray(scores, dtype=float)
    n = u.shape[1] if u.ndim == 2 else 0
    a = np.full(n, 1 / n) if alpha is None and n else np.asarray(alpha, dtype=float)
    if a.shape != (n,):
        raise ValueError(f"alpha: need {n} weights, one per subsystem, got {a.size}")
    if a.sum() <= 0 or (a < 0).any():
        raise ValueError("alpha: weights must be non-negative and not sum to zero")
    a = a / a.sum()
    c = coupling_degree(u, variant, k, wang_exponent)
    t = u @ a
    d = np.sqrt(c * t)
    index = scores.index if isinstance(scores, pd.DataFrame) else None
    return pd.DataFrame(
        {"C": c, "T": t, "D": d, "grade": grade(d, "en"), "grade_zh": grade(d, "zh")}, index=index
    )


def coupling_stage(c: float) -> str:
    """Coupling stage of C: low-level (≤0.3), antagonism (≤0.5), running-in (≤0.8), high-level."""
    return (
        "low-level"
        if c <= 0.3
        else "antagonism"
        if c <= 0.5
        else "running-in"
        if c <= 0.8
        else "high-level"
    )


def lagging_type(u1: float, u2: float) -> str:
    """Which of two subsystems lags: U₂/U₁ < 0.8 → 2 lags; > 1.2 → 1 lags; else synchronous."""
    r = u2 / u1 if u1 else np.inf
    return "subsystem 2 lags" if r < 0.8 else "subsystem 1 lags" if r > 1.2 else "synchronous"
