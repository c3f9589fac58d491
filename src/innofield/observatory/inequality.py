"""Balance and structure: Gini, Theil (with between/within decomposition), CV, Herfindahl,
location quotient, revealed technological advantage and rank mobility.

Implemented with numpy/pandas. Conventions follow PySAL's ``inequality`` package (Gini without
the n/(n−1) factor: [1, 2, 3, 4, 10] → 0.40; ``TheilD`` between/within split) so results agree
with it; PySAL is not a dependency because it pulls in a geospatial stack.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def _values(y: Sequence[float] | np.ndarray | pd.Series, name: str = "y") -> np.ndarray:
    v = np.asarray(pd.to_numeric(pd.Series(np.asarray(y)), errors="coerce"), dtype=float)
    if v.size == 0:
        raise ValueError(f"{name}: no values")
    if np.isnan(v).any():
        raise ValueError(f"{name}: missing or non-numeric value")
    if (v < 0).any():
        raise ValueError(f"{name}: negative value; inequality measures need y ≥ 0")
    if v.sum() == 0:
        raise ValueError(f"{name}: all values are zero")
    return v


def gini(
    y: Sequence[float] | np.ndarray,
    weights: Sequence[float] | None = None,
    small_sample: bool = False,
) -> float:
    """Gini coefficient ΣΣ|y_i − y_j|/(2n²μ); population-weighted if ``weights`` are given;
    ``small_sample`` multiplies by n/(n − 1)."""
    v = _values(y)
    if weights is None:
        n = v.size
        s = np.sort(v)
        g = float((2 * np.arange(1, n + 1) - n - 1) @ s / (n * s.sum()))
        return g * n / (n - 1) if small_sample and n > 1 else g
    p = _values(weights, "weights")
    p = p / p.sum()
    mu = p @ v
    return float((p[:, None] * p[None, :] * np.abs(v[:, None] - v[None, :])).sum() / (2 * mu))


def theil(y: Sequence[float] | np.ndarray, population: Sequence[float] | None = None) -> float:
    """Theil T = (1/n)Σ(y/μ)ln(y/μ); with ``population``: Σ (Y_i/Y) ln[(Y_i/Y)/(P_i/P)]."""
    v = _values(y)
    s = v / v.sum()
    share = (
        np.full(v.size, 1 / v.size)
        if population is None
        else _values(population, "population") / np.sum(population)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(s > 0, s * np.log(s / share), 0.0)
    return float(terms.sum())


def theil_decomposition(
    y: Sequence[float] | np.ndarray, groups: Sequence[object]
) -> dict[str, float]:
    """Theil T split into between-group and within-group parts (T = between + within).

    between = Σ_g s_g ln(s_g/(n_g/n)), within = Σ_g s_g T_g with s_g the group's share of Σy.
    """
    v = _values(y)
    g = np.asarray(groups)
    if g.shape != v.shape:
        raise ValueError("groups: need one group label per value")
    total = theil(v)
    between = within = 0.0
    for label in pd.unique(g):
        m = g == label
        sg = v[m].sum() / v.sum()
        if sg > 0:
            between += sg * np.log(sg / (m.sum() / v.size))
            within += sg * theil(v[m])
    return {
        "T": total,
        "between": float(between),
        "within": float(within),
        "between_share": float(between / total) if total else 0.0,
    }


def coefficient_of_variation(y: Sequence[float] | np.ndarray, ddof: int = 1) -> float:
    """Coefficient of variation sd/mean (sample sd by default)."""
    v = _values(y)
    return float(np.std(v, ddof=ddof) / v.mean())


def herfindahl(y: Sequence[float] | np.ndarray, normalised: bool = False) -> float:
    """Herfindahl–Hirschman index Σs²; ``normalised`` gives (H − 1/N)/(1 − 1/N)."""
    v = _values(y)
    h = float(np.sum((v / v.sum()) ** 2))
    n = v.size
    return (h - 1 / n) / (1 - 1 / n) if normalised and n > 1 else h


def location_quotient(table: pd.DataFrame) -> pd.DataFrame:
    """LQ_ir = (E_ir/E_r)/(E_i/E) for a regions × sectors table of counts."""
    t = table.astype(float)
    if (t < 0).any().any() or t.isna().any().any():
        raise ValueError("location quotient: the table needs non-negative numbers")
    with np.errstate(divide="ignore", invalid="ignore"):
        return t.div(t.sum(axis=1), axis=0) / (t.sum(axis=0) / t.to_numpy().sum())


def revealed_advantage(table: pd.DataFrame, symmetric: bool = False) -> pd.DataFrame:
    """Soete's RTA (regions × technology classes), same formula as the LQ; ``symmetric`` gives
    RSTA = (RTA − 1)/(RTA + 1) ∈ [−1, 1]."""
    rta = location_quotient(table)
    return (rta - 1) / (rta + 1) if symmetric else rta


def rank_mobility(panel: pd.DataFrame) -> pd.DataFrame:
    """Rank mobility of units across periods from a units × periods table of values.

    Per pair of consecutive periods: Spearman/Kendall correlation of ranks, mean |rank change|,
    and the share of units that moved. Persistent high correlation means a Matthew effect.
    """
    from scipy.stats import kendalltau, spearmanr

    cols = list(panel.columns)
    if len(cols) < 2:
        raise ValueError("rank mobility: need at least two periods")
    ranks = panel.rank(ascending=False, method="min")
    rows = []
    for a, b in zip(cols[:-1], cols[1:], strict=True):
        ok = ranks[[a, b]].dropna()
        rows.append(
            {
                "from": a,
                "to": b,
                "units": len(ok),
                "spearman": float(spearmanr(ok[a], ok[b]).statistic),
                "kendall": float(kendalltau(ok[a], ok[b]).statistic),
                "mean_abs_rank_change": float((ok[a] - ok[b]).abs().mean()),
                "share_moved": float((ok[a] != ok[b]).mean()),
            }
        )
    return pd.DataFrame(rows)
