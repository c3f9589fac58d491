"""Aggregation (COINr ``Aggregate``), level by level up the framework, vectorised.

Methods (COINr names): ``arithmetic`` (a_amean: missing values skipped, weights renormalised),
``geometric`` (a_gmean: needs values > 0), ``harmonic`` (a_hmean: needs non-zero values),
``generalised`` (a_genmean, parameter ``p``; any missing child gives a missing result, as in
COINr), ``copeland`` (a_copeland outranking). ``dat_thresh`` gives a unit a missing score when
its share of available children is below the threshold.

:func:`aggregate_matrix` works on a stack of weight vectors at once, which is what the Monte
Carlo uncertainty analysis uses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .framework import Framework

AGGREGATION_METHODS = ("arithmetic", "geometric", "harmonic", "generalised", "copeland")
_ALIASES = {
    "a_amean": "arithmetic",
    "a_gmean": "geometric",
    "a_hmean": "harmonic",
    "a_genmean": "generalised",
    "a_copeland": "copeland",
    "amean": "arithmetic",
    "gmean": "geometric",
    "hmean": "harmonic",
    "genmean": "generalised",
}


def canonical_method(method: str) -> str:
    """Map COINr names (``a_amean`` …) to this library's names; reject unknown ones."""
    m = _ALIASES.get(method, method)
    if m not in AGGREGATION_METHODS:
        raise ValueError(
            f"aggregate: unknown method {method!r}; choose from {', '.join(AGGREGATION_METHODS)}"
        )
    return m


def aggregate_matrix(
    x: np.ndarray,
    w: np.ndarray,
    method: str = "arithmetic",
    p: float = 1.0,
    dat_thresh: float | None = None,
    code: str = "",
) -> np.ndarray:
    """Aggregate ``x`` (units × children) with weights ``w`` (children,) or (runs × children).

    Returns (units,) or (runs × units).
    """
    method = canonical_method(method)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    single = w.ndim == 1
    w2 = w[None, :] if single else w
    avail = ~np.isnan(x)
    if method == "copeland":
        out = np.stack([copeland(x, wi) for wi in w2])
    else:
        x0 = np.where(avail, x, 0.0)
        wsum = w2 @ avail.T.astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            if method == "arithmetic":
                out = (w2 @ x0.T) / wsum
            elif method == "geometric":
                if np.any(x[avail] <= 0):
                    raise ValueError(
                        f"{code}: geometric mean needs values > 0; normalise to a "
                        "positive range first (e.g. min-max 1-100)"
                    )
                out = np.exp((w2 @ np.where(avail, np.log(np.where(avail, x, 1.0)), 0.0).T) / wsum)
            elif method == "harmonic":
                if np.any(x[avail] == 0):
                    raise ValueError(f"{code}: harmonic mean needs non-zero values")
                out = wsum / (w2 @ np.where(avail, 1.0 / np.where(avail, x, 1.0), 0.0).T)
            else:
                if p == 0:
                    raise ValueError(f"{code}: generalised mean needs p != 0 (p = 0 is geometric)")
                if p < 0 and np.any(x[avail] <= 0):
                    raise ValueError(f"{code}: generalised mean with p < 0 needs values > 0")
                out = ((w2 @ (x0**p).T) / w2.sum(axis=1, keepdims=True)) ** (1 / p)
                out[:, ~avail.all(axis=1)] = np.nan
        out[:, ~avail.any(axis=1)] = np.nan
    if dat_thresh is not None:
        out[:, avail.mean(axis=1) < dat_thresh] = np.nan
    return out[0] if single else out


def outrank_matrix(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """COINr ``outrankMatrix``: o_jk = Σ w[x_j > x_k] + ½ Σ w[x_j = x_k], o_kj = 1 − o_jk."""
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    w = w / np.nansum(w)
    gt = (x[:, None, :] > x[None, :, :]).astype(float) @ w
    eq = (x[:, None, :] == x[None, :, :]).astype(float) @ w
    upper = gt + eq / 2
    n = x.shape[0]
    iu = np.triu_indices(n, 1)
    orm = np.zeros((n, n))
    orm[iu] = upper[iu]
    orm[(iu[1], iu[0])] = 1 - upper[iu]
    return orm


def copeland(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Copeland score per unit: Σ_k sign(o_jk − ½) over the outranking matrix."""
    orm = outrank_matrix(x, w)
    s = np.sign(orm - 0.5)
    np.fill_diagonal(s, 0)
    return s.sum(axis=1)


def _per_level(value: object, n: int, name: str) -> list:
    if isinstance(value, Sequence) and not isinstance(value, str):
        vals = list(value)
        if len(vals) != n:
            raise ValueError(
                f"aggregate: {name} needs one entry per level above 1 ({n}), got {len(vals)}"
            )
        return vals
    return [value] * n


def aggregate(
    data: pd.DataFrame,
    framework: Framework,
    method: str | Sequence[str] = "arithmetic",
    weights: Mapping[str, float] | None = None,
    p: float | Sequence[float] = 1.0,
    dat_thresh: float | Sequence[float | None] | None = None,
) -> pd.DataFrame:
    """Aggregate normalised indicators up the framework; returns indicators plus all aggregates.

    ``method``, ``p`` and ``dat_thresh`` may be one value or one per level (2 … top).
    ``weights`` maps codes to weights (default: iMeta); weights are relative within each parent.
    """
    nlev = framework.max_level - 1
    methods = [canonical_method(m) for m in _per_level(method, nlev, "method")]
    ps = _per_level(p, nlev, "p")
    threshs = _per_level(dat_thresh, nlev, "dat_thresh")
    w = dict(framework.weight)
    if weights is not None:
        unknown = [c for c in weights if c not in w]
        if unknown:
            raise ValueError(f"{unknown[0]}: weight given for a code not in the framework")
        w.update({k: float(v) for k, v in weights.items()})
    missing = [c for c in framework.indicators if c not in data.columns]
    if missing:
        raise ValueError(f"{missing[0]}: indicator missing from the data to aggregate")
    out = data.copy()
    for i, lev in enumerate(range(2, framework.max_level + 1)):
        for agg in framework.codes_by_level[lev]:
            kids = framework.children(agg)
            wk = np.array([w[k] for k in kids])
            if not np.isfinite(wk).all():
                raise ValueError(f"{agg}: weights of its children must be finite numbers")
            if wk.sum() == 0:
                raise ValueError(f"{agg}: weights of its children sum to zero")
            out[agg] = aggregate_matrix(
                out[kids].to_numpy(dtype=float), wk, methods[i], float(ps[i]), threshs[i], code=agg
            )
    return out
