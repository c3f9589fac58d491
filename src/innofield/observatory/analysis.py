"""Audit of an index: summary statistics, correlations with p-values, Cronbach's alpha, PCA,
rank comparisons between builds, and strengths/weaknesses per unit (COINr conventions)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .coinr_stats import kurt, rank_desc, skew
from .framework import Framework


def summary_stats(
    data: pd.DataFrame,
    t_skew: float = 2.0,
    t_kurt: float = 3.5,
    t_avail: float = 0.65,
    t_zero: float = 0.5,
) -> pd.DataFrame:
    """Per indicator: min, max, mean, median, sd, skew, kurtosis, availability, zeros, flags
    (COINr ``get_stats``)."""
    rows = []
    n = len(data)
    for col in data.columns:
        x = data[col].to_numpy(dtype=float)
        ok = x[~np.isnan(x)]
        sk, kt = skew(ok), kurt(ok)
        avail = ok.size / n if n else 0.0
        nonzero = float(np.mean(ok != 0)) if ok.size else 0.0
        rows.append(
            {
                "iCode": col,
                "Min": ok.min() if ok.size else np.nan,
                "Max": ok.max() if ok.size else np.nan,
                "Mean": ok.mean() if ok.size else np.nan,
                "Median": np.median(ok) if ok.size else np.nan,
                "Std": ok.std(ddof=1) if ok.size > 1 else np.nan,
                "Skew": sk,
                "Kurt": kt,
                "N.Avail": ok.size,
                "N.NonZero": int(np.sum(ok != 0)),
                "N.Unique": np.unique(ok).size,
                "Frc.Avail": avail,
                "Frc.NonZero": nonzero,
                "Flag.Avail": "LOW" if avail < t_avail else "ok",
                "Flag.NonZero": "LOW" if nonzero < t_zero else "ok",
                "Flag.SkewKurt": "OUT" if abs(sk) > t_skew and kt > t_kurt else "ok",
            }
        )
    return pd.DataFrame(rows)


def correlations(
    data: pd.DataFrame, method: str = "pearson", pval: float = 0.05
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pairwise-complete correlations and p-values; correlations with p > ``pval`` set to NaN
    (COINr ``get_corr`` default; ``pval=0`` keeps all)."""
    funcs = {"pearson": stats.pearsonr, "spearman": stats.spearmanr, "kendall": stats.kendalltau}
    if method not in funcs:
        raise ValueError(f"correlations: method must be one of {', '.join(funcs)}")
    cols = list(data.columns)
    r = pd.DataFrame(np.eye(len(cols)), index=cols, columns=cols)
    p = pd.DataFrame(np.zeros((len(cols), len(cols))), index=cols, columns=cols)
    for i, a in enumerate(cols):
        for b in cols[i + 1 :]:
            ok = data[[a, b]].dropna()
            if len(ok) < 3 or ok[a].nunique() < 2 or ok[b].nunique() < 2:
                r.loc[a, b] = r.loc[b, a] = p.loc[a, b] = p.loc[b, a] = np.nan
                continue
            res = funcs[method](ok[a], ok[b])
            r.loc[a, b] = r.loc[b, a] = float(res.statistic)
            p.loc[a, b] = p.loc[b, a] = float(res.pvalue)
    if pval > 0:
        r = r.mask(p > pval)
    return r, p


def cronbach_alpha(data: pd.DataFrame) -> float:
    """Cronbach's α = k²·mean(off-diagonal covariance)/Σ covariance (COINr ``get_cronbach``)."""
    k = data.shape[1]
    if k < 2:
        raise ValueError("Cronbach's alpha needs at least two columns")
    cov = data.cov().to_numpy()
    total = np.nansum(cov)
    off = (total - np.nansum(np.diag(cov))) / (k * (k - 1))
    return float(k**2 * off / total)


def pca(data: pd.DataFrame) -> dict[str, pd.DataFrame | pd.Series]:
    """PCA of standardised data (rows with NaN dropped): loadings, explained variance share."""
    sub = data.dropna()
    z = (sub - sub.mean()) / sub.std(ddof=1)
    _, s, vt = np.linalg.svd(z.to_numpy(), full_matrices=False)
    var = s**2 / (len(sub) - 1)
    names = [f"PC{i + 1}" for i in range(len(s))]
    load = pd.DataFrame(vt.T, index=data.columns, columns=names)
    return {"loadings": load, "explained": pd.Series(var / var.sum(), index=names)}


def compare_ranks(a: pd.Series, b: pd.Series) -> pd.DataFrame:
    """Ranks of two builds' scores for the same units, the rank change and its absolute value."""
    ra, rb = rank_desc(a), rank_desc(b)
    out = pd.DataFrame({"rank_a": ra, "rank_b": rb})
    out["change"] = out["rank_b"] - out["rank_a"]
    out["abs_change"] = out["change"].abs()
    return out.sort_values("rank_a")


def strengths_weaknesses(
    data: pd.DataFrame,
    unit: str,
    framework: Framework,
    top: int = 5,
    adjust_direction: bool = False,
) -> dict[str, pd.DataFrame]:
    """A unit's ``top`` best- and worst-ranked indicators, with their pillar
    (COINr ``get_str_weak``).

    Indicators where the unit ties for last place with everyone are dropped (min_discard).
    """
    if unit not in data.index:
        raise ValueError(f"{unit}: unit not in the data")
    codes = [c for c in framework.indicators if c in data.columns]
    vals = data[codes] * pd.Series(framework.direction)[codes] if adjust_direction else data[codes]
    ranks = pd.DataFrame(rank_desc(vals))
    ru = pd.Series(ranks.loc[unit]).dropna()
    worst = ranks[ru.index].max()
    order = ru[(ru != worst).to_numpy()].sort_values(kind="stable")

    def table(c: list[str]) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "iCode": c,
                "Parent": [framework.parent[i] for i in c],
                "Rank": order[c].to_numpy(),
                "Value": data.loc[unit, c].to_numpy(),
            }
        )

    return {
        "strengths": table(order.index[:top].tolist()),
        "weaknesses": table(order.index[-top:].tolist()),
    }
