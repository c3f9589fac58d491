"""Weights: from iMeta, effective weights, PCA weights, optimised weights and noisy weights."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from .aggregate import aggregate
from .framework import Framework


def renormalise(weights: Mapping[str, float], framework: Framework) -> dict[str, float]:
    """Weights rescaled to sum to one within every parent (COINr treats weights as relative)."""
    out: dict[str, float] = {}
    for agg in framework.aggregates:
        kids = framework.children(agg)
        total = sum(weights[k] for k in kids)
        if total == 0:
            raise ValueError(f"{agg}: weights of its children sum to zero")
        out.update({k: weights[k] / total for k in kids})
    out[framework.codes_by_level[framework.max_level][0]] = 1.0
    return out


def effective_weights(
    framework: Framework, weights: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Effective weight of every code: the product of within-parent weights along its lineage.

    Returns ``iCode, Level, Weight, EffWeight`` (COINr ``get_eff_weights``).
    """
    w = dict(framework.weight)
    w.update(weights or {})
    rel = renormalise(w, framework)
    eff: dict[str, float] = {}
    for lev in sorted(framework.codes_by_level, reverse=True):
        for code in framework.codes_by_level[lev]:
            par = framework.parent[code]
            eff[code] = rel[code] * (eff[par] if par is not None else 1.0)
    rows = [(c, framework.level_of(c), w[c], eff[c]) for c in eff]
    return pd.DataFrame(rows, columns=["iCode", "Level", "Weight", "EffWeight"])


def pca_weights(
    data: pd.DataFrame, framework: Framework, level: int = 1, by_groups: bool = True
) -> dict[str, float]:
    """PC1 loadings of standardised data as weights, per parent group (COINr ``get_PCA``).

    ``data`` holds the codes of ``level`` as columns (e.g. a normalised or aggregated data set).
    Rows with missing values are dropped. Loadings are signed so that they sum to a positive
    number; negative loadings can remain and deserve a look (COINr warns the same).
    """
    codes = framework.codes_by_level[level]
    groups = (
        {
            p: [c for c in codes if framework.parent[c] == p]
            for p in dict.fromkeys(framework.parent[c] for c in codes)
        }
        if by_groups
        else {"all": codes}
    )
    out: dict[str, float] = {}
    for parent, kids in groups.items():
        sub = data[kids].dropna()
        if sub.shape[0] < 2 or len(kids) < 2:
            out.update(dict.fromkeys(kids, 1.0))
            continue
        sd = sub.std(ddof=1)
        flat = sd[sd == 0].index.tolist()
        if flat:
            raise ValueError(f"{flat[0]}: zero variance; cannot compute PCA weights for {parent}")
        z = (sub - sub.mean()) / sd
        _, _, vt = np.linalg.svd(z.to_numpy(), full_matrices=False)
        load = vt[0]
        if load.sum() < 0:
            load = -load
        out.update(dict(zip(kids, load.tolist(), strict=True)))
    return out


def noisy_weights(
    weights: Mapping[str, float],
    framework: Framework,
    noise: Mapping[int, float],
    n: int,
    rng: np.random.Generator | int | None = None,
) -> list[dict[str, float]]:
    """``n`` weight sets with uniform noise ±factor·w at the given levels.

    Same design as COINr ``get_noisy_weights``.
    """
    gen = np.random.default_rng(rng)
    out = []
    for _ in range(n):
        wrep = dict(weights)
        for lev, factor in noise.items():
            for code in framework.codes_by_level[lev]:
                wrep[code] = weights[code] * (1 + (gen.random() * 2 - 1) * factor)
        out.append(wrep)
    return out


def optimise_weights(
    normalised: pd.DataFrame,
    framework: Framework,
    level: int,
    kind: str = "balance",
    target: Mapping[str, float] | None = None,
    method: str = "arithmetic",
    max_iter: int = 500,
) -> dict[str, float]:
    """Weights of one level that balance (or maximise) the components' correlations with the index.

    ``balance`` minimises log(mean((target − r/Σr)²)) with r the Pearson correlations of each
    level component with the top aggregate (Becker et al. 2017; COINr ``get_opt_weights``);
    ``infomax`` maximises Σr. Nelder–Mead from the target (or current weights).
    """
    if kind not in ("balance", "infomax"):
        raise ValueError(f"optimise_weights: kind must be 'balance' or 'infomax', got {kind!r}")
    codes = framework.codes_by_level[level]
    top = framework.codes_by_level[framework.max_level][0]
    tgt = np.array([(target or {}).get(c, 1.0) for c in codes], dtype=float)
    tgt = tgt / tgt.sum()

    def run(wv: np.ndarray) -> np.ndarray:
        wv = np.abs(wv) / np.abs(wv).sum()
        agg = aggregate(normalised, framework, method, weights=dict(zip(codes, wv, strict=True)))
        return np.array([np.corrcoef(agg[c], agg[top])[0, 1] for c in codes])

    def objective(wv: np.ndarray) -> float:
        r = run(wv)
        if kind == "infomax":
            return -float(r.sum())
        return float(np.log(np.mean((tgt - r / r.sum()) ** 2) + 1e-300))

    x0 = tgt if kind == "balance" else np.array([framework.weight[c] for c in codes], float)
    res = minimize(
        objective,
        x0,
        method="Nelder-Mead",
        options={"maxiter": max_iter, "xatol": 1e-4, "fatol": 1e-6},
    )
    wopt = np.abs(res.x) / np.abs(res.x).sum()
    return dict(zip(codes, wopt.tolist(), strict=True))
