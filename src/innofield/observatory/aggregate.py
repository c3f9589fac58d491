"""Aggregation (COINr ``Aggregate``), level by level up the framework, vectorised.

Methods (COINr names): ``arithmetic`` (a_amean: missing values skipped, weights renormalised),
``geometric`` (a_gmean: needs values > 0), ``harmonic`` (a_hmean: needs non-zero values),
``generalised`` (a_genmean, parameter ``p``; any missing child gives a missing result, as in
COINr), ``copeland`` (a_copeland outranking, with COINr's arithmetic so that ties at ½ fall the
same way). ``dat_thresh`` gives a unit a missing score when its share of available children is
below the threshold (not for ``copeland``, which COINr runs on the whole table).

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

    Returns (units,) or (runs × units). As in COINr, a unit below ``dat_thresh`` gets a missing
    score before the mean is taken (so its values are not checked), and ``copeland`` — a
    whole-table method (COINr ``by_df``) — ignores ``dat_thresh``.
    """
    method = canonical_method(method)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    single = w.ndim == 1
    w2 = w[None, :] if single else w
    if method == "copeland":
        out = np.stack([copeland(x, wi) for wi in w2])
        return out[0] if single else out
    avail = ~np.isnan(x)
    keep = avail.any(axis=1)
    if dat_thresh is not None:
        keep &= ~(avail.mean(axis=1) < dat_thresh)
    checked = x[keep][avail[keep]]
    x0 = np.where(avail, x, 0.0)
    wsum = w2 @ avail.T.astype(float)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        if method == "arithmetic":
            out = (w2 @ x0.T) / wsum
        elif method == "geometric":
            if np.any(checked <= 0):
                raise ValueError(
                    f"{code}: geometric mean needs values > 0; normalise to a "
                    "positive range first (e.g. min-max 1-100)"
                )
            logs = np.where(avail & (x > 0), np.log(np.where(avail & (x > 0), x, 1.0)), 0.0)
            out = np.exp((w2 @ logs.T) / wsum)
        elif method == "harmonic":
            if np.any(checked == 0):
                raise ValueError(f"{code}: harmonic mean needs non-zero values")
            inv = np.where(avail & (x != 0), 1.0 / np.where(avail & (x != 0), x, 1.0), 0.0)
            out = wsum / (w2 @ inv.T)
        else:
            if p == 0:
                raise ValueError(f"{code}: generalised mean needs p != 0 (p = 0 is geometric)")
            if p < 0 and np.any(checked <= 0):
                raise ValueError(f"{code}: generalised mean with p < 0 needs values > 0")
            out = ((w2 @ (x0**p).T) / w2.sum(axis=1, keepdims=True)) ** (1 / p)
            out[:, ~avail.all(axis=1)] = np.nan
    out[:, ~keep] = np.nan
    return out[0] if single else out


def r_sum(values: np.ndarray, long_double: bool = True) -> np.ndarray:
    """R's ``sum()`` of doubles along the last axis: added in order in C ``long double`` (R's
    ``LDOUBLE``) and rounded once to double. Missing values count as 0 (``na.rm = TRUE``).

    numpy's ``longdouble`` is this platform's C long double, so the result is what R gives on
    the same platform (x87 80-bit on x86-64). ``long_double=False`` gives R built where long
    double is double (e.g. macOS on Apple silicon).
    """
    kind = np.longdouble if long_double else np.float64
    v = np.where(np.isnan(values), 0.0, values).astype(kind)
    if v.shape[-1] == 0:
        return np.zeros(v.shape[:-1])
    return np.asarray(np.cumsum(v, axis=-1)[..., -1].astype(np.float64))


def outrank_matrix(x: np.ndarray, w: np.ndarray, long_double: bool = True) -> np.ndarray:
    """COINr ``outrankMatrix``, value for value.

    Weights are divided by their sum. For j above k in the data (j < k),
    o_jk = Σ w[x_j > x_k] + ½ Σ w[x_j = x_k], where an indicator missing for either unit
    counts in neither sum; then o_kj = 1 − o_jk, so the weight of such an indicator goes to
    the unit listed later, as in COINr. The arithmetic is R's: each of the two sums is added
    in long double and rounded to double, the halved tie sum is added in double. Ties at
    exactly ½ therefore fall where COINr's do (with 49 equal weights, 23 wins + 3 ties gives
    o_jk just below ½ but o_kj exactly ½). COINr's own result depends on the platform's long
    double; ``long_double`` is passed to :func:`r_sum`.
    """
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    w = w / r_sum(w, long_double)
    n, m = x.shape
    orm = np.zeros((n, n))
    rows, cols = np.triu_indices(n, 1)
    step = max(1, 2_000_000 // max(m, 1))
    for s in range(0, len(rows), step):
        i, j = rows[s : s + step], cols[s : s + step]
        xi, xj = x[i], x[j]
        gt = r_sum(np.where(xi > xj, w, 0.0), long_double)
        eq = r_sum(np.where(xi == xj, w, 0.0), long_double)
        upper = gt + eq / 2
        orm[i, j] = upper
        orm[j, i] = 1 - upper
    return orm


def dominance(orm: np.ndarray) -> tuple[int, float]:
    """COINr ``outrankMatrix``'s ``nDominant`` (entries equal to 1: pairs where one unit is
    better on every weighted indicator, a tie giving only half its weight) and
    ``fracDominant`` (that number over the n(n − 1)/2 pairs)."""
    n = orm.shape[0]
    ndom = int(np.sum(orm == 1))
    return ndom, ndom / ((n * n - n) / 2)


def copeland(x: np.ndarray, w: np.ndarray, long_double: bool = True) -> np.ndarray:
    """COINr ``a_copeland``: Σ_k of +1 where o_jk > ½, −1 where o_jk < ½, 0 at ½ (diagonal 0).

    A unit with no data still gets a score (all its comparisons count as losses or wins by
    its position), exactly as in COINr.
    """
    orm = outrank_matrix(x, w, long_double)
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
