"""Aggregations of ATT(g, t) as R ``did::aggte``: simple, dynamic, group and calendar.

Weights are the groups' shares of units; when the weights are estimated (simple, dynamic,
calendar cells), their influence function (``_weight_inf``) is added, as in ``aggte``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from .bootstrap import analytic_se, multiplier_bootstrap

KINDS = ("simple", "dynamic", "group", "calendar")
_KEYS = {"dynamic": "event_time", "group": "group", "calendar": "time"}


@dataclass
class AggregateResult:
    """One aggregation: the overall ``att``/``se`` and, except ``simple``, a per-key table."""

    kind: str
    att: float
    se: float
    table: pd.DataFrame = field(default_factory=pd.DataFrame)
    crit_val: float = float("nan")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"att", "se", "rows": [{key, att, se, lower, upper}, ...]}``."""
        out: dict[str, Any] = {"att": _clean(self.att), "se": _clean(self.se)}
        if not self.table.empty:
            key = _KEYS[self.kind]
            out["rows"] = [
                {k: (int(v) if k == key else _clean(v)) for k, v in row.items()}
                for row in self.table.to_dict("records")
            ]
        return out


def _clean(value: Any) -> float | None:
    """A float for JSON, NaN as None."""
    return None if pd.isna(value) else float(value)


def _weight_inf(
    keep: np.ndarray, pg: np.ndarray, cell_groups: np.ndarray, unit_groups: np.ndarray
) -> np.ndarray:
    """Influence function of the normalised group-share weights pg[keep] / sum(pg[keep])."""
    total = pg[keep].sum()
    indicator = np.column_stack(
        [(unit_groups == cell_groups[k]).astype(float) - pg[k] for k in keep]
    )
    return indicator / total - np.outer(indicator.sum(axis=1), pg[keep] / total**2)


def _combine(
    att: np.ndarray, inf: np.ndarray, keep: np.ndarray, w: np.ndarray, wif: np.ndarray | None
) -> tuple[float, np.ndarray]:
    est = float(att[keep] @ w)
    out = inf[:, keep] @ w
    if wif is not None:
        out = out + wif @ att[keep]
    return est, out


def aggregate(fit: Any, kind: str) -> AggregateResult:
    """Aggregate a fitted ``CallawaySantAnna``; see the module docstring."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    table = fit.att_gt_
    group = table["group"].to_numpy(float)
    time = table["time"].to_numpy(float)
    att = table["att"].to_numpy(float)
    inf = fit.influence_
    unit_groups = fit.unit_groups_
    pg_of = {g: float(np.mean(unit_groups == g)) for g in fit.groups_}
    pg = np.array([pg_of[g] for g in group])

    def se_of(column: np.ndarray) -> float:
        return float(_se(fit, column[:, None])[0][0])

    if kind == "simple":
        keep = np.nonzero(group <= time)[0]
        w = pg[keep] / pg[keep].sum()
        est, f = _combine(att, inf, keep, w, _weight_inf(keep, pg, group, unit_groups))
        return AggregateResult(kind, est, se_of(f))
    keys: np.ndarray
    if kind == "dynamic":
        event = time - group
        keys = np.unique(event)
        members = [np.nonzero(event == e)[0] for e in keys]
        wifs: list[np.ndarray | None] = [_weight_inf(m, pg, group, unit_groups) for m in members]
    elif kind == "group":
        keys = fit.groups_
        members = [np.nonzero((group == g) & (time >= g))[0] for g in keys]
        wifs = [None] * len(keys)
    else:
        keys = np.array([t for t in fit.periods_ if t >= group.min()])
        members = [np.nonzero((group <= time) & (time == t))[0] for t in keys]
        wifs = [_weight_inf(m, pg, group, unit_groups) for m in members]
    ests, infs = [], []
    for m, wif in zip(members, wifs, strict=True):
        est, f = _combine(att, inf, m, pg[m] / pg[m].sum(), wif)
        ests.append(est)
        infs.append(f)
    est_k = np.array(ests)
    inf_k = np.column_stack(infs)
    se_k, crit = _se(fit, inf_k)
    if kind == "group":
        share = np.array([pg_of[g] for g in keys])
        idx = np.arange(len(keys))
        wif_all = _weight_inf(idx, share, keys, unit_groups)
        overall, f = _combine(est_k, inf_k, idx, share / share.sum(), wif_all)
    else:
        idx = np.nonzero(keys >= 0)[0] if kind == "dynamic" else np.arange(len(keys))
        overall, f = _combine(est_k, inf_k, idx, np.full(len(idx), 1 / len(idx)), None)
    frame = pd.DataFrame(
        {
            _KEYS[kind]: keys.astype(int),
            "att": est_k,
            "se": se_k,
            "lower": est_k - crit * se_k,
            "upper": est_k + crit * se_k,
        }
    )
    return AggregateResult(kind, overall, se_of(f), frame, crit)


def _se(fit: Any, inf: np.ndarray) -> tuple[np.ndarray, float]:
    """Bootstrap (or analytical) standard errors and critical value for columns of ``inf``."""
    if fit.n_boot > 0:
        return multiplier_bootstrap(inf, fit.n_boot, fit._rng, fit.alpha, fit.weights)
    return analytic_se(inf), NormalDist().inv_cdf(1 - fit.alpha / 2)
