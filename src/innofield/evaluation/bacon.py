"""Goodman-Bacon (2021) decomposition of the TWFE DiD estimate under staggered adoption.

On a balanced panel with timing groups (and never-treated units, group 0), the TWFE
coefficient is a weighted average of all 2×2 DiDs: each timing group against the never
treated, earlier against later-treated groups (before the later group starts) and — the
problematic comparisons — later against earlier-treated groups (after the earlier group has
started, using it as control). Weights follow Goodman-Bacon's Theorem 1: group sizes times the
variance of the treatment dummy in each 2×2 subsample, normalised by the variance of the
two-way demeaned treatment dummy. They sum to one and Σ weight·estimate equals the TWFE
coefficient (checked in ``fit``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .panel import PanelError, balance, check_group, check_panel
from .twfe import TwoWayFixedEffects


def _did(
    y: pd.DataFrame, treated: np.ndarray, control: np.ndarray, periods: np.ndarray, post: np.ndarray
) -> float:
    """2×2 DiD of mean outcomes: treated vs control, post vs pre, over ``periods``."""
    window = y.loc[:, periods]
    t_post = window.loc[treated, periods[post]].to_numpy().mean()
    t_pre = window.loc[treated, periods[~post]].to_numpy().mean()
    c_post = window.loc[control, periods[post]].to_numpy().mean()
    c_pre = window.loc[control, periods[~post]].to_numpy().mean()
    return float((t_post - t_pre) - (c_post - c_pre))


class BaconDecomposition:
    """Decompose the TWFE estimate; ``components_`` has one row per 2×2 comparison.

    Columns: ``type`` (``treated vs never``, ``earlier vs later``, ``later vs earlier``),
    ``treated``, ``control`` (group codes), ``estimate``, ``weight``. Also ``twfe_`` and
    ``summary_`` (weight and weighted mean estimate per type).
    """

    def __init__(self, unit: str, time: str, group: str, outcome: str) -> None:
        self.unit = unit
        self.time = time
        self.group = group
        self.outcome = outcome

    def fit(self, data: pd.DataFrame) -> BaconDecomposition:
        """Compute every 2×2 estimate and weight; check they reproduce the TWFE estimate."""
        panel = check_panel(data, self.unit, self.time, [self.outcome, self.group])
        check_group(panel, self.unit, self.group)
        panel, dropped = balance(panel, self.unit, self.time)
        if dropped:
            raise PanelError(self.unit, f"{dropped} units are not observed in every period")
        periods = np.sort(panel[self.time].unique())
        g_unit = panel.groupby(self.unit)[self.group].first()
        g_unit = g_unit.where(g_unit <= periods[-1], 0)
        if ((g_unit > 0) & (g_unit <= periods[0])).any():
            raise PanelError(self.group, "units treated in the first period (always treated)")
        y = panel.pivot(index=self.unit, columns=self.time, values=self.outcome)
        g = g_unit.loc[y.index].to_numpy(float)
        n_units = len(g)
        share = {k: float(np.mean(g == k)) for k in np.unique(g)}
        treat_share = {k: float(np.mean(periods >= k)) for k in share if k > 0}  # D̄_k
        d = (g[:, None] > 0) & (periods[None, :] >= g[:, None])
        d_tilde = d - d.mean(1, keepdims=True) - d.mean(0, keepdims=True) + d.mean()
        var_d = float(np.mean(d_tilde**2))
        groups = sorted(k for k in share if k > 0)
        rows = []
        if 0 in share:
            for k in groups:
                nk, nu, dk = share[k], share[0], treat_share[k]
                nku = nk / (nk + nu)
                w = (nk + nu) ** 2 * nku * (1 - nku) * dk * (1 - dk) / var_d
                est = _did(y, g == k, g == 0, periods, periods >= k)
                rows.append(("treated vs never", k, 0.0, est, w))
        for i, k in enumerate(groups):
            for late in groups[i + 1 :]:
                nk, nl = share[k], share[late]
                dk, dl = treat_share[k], treat_share[late]
                nkl = nk / (nk + nl)
                before = periods < late
                w_kl = (
                    ((nk + nl) * (1 - dl)) ** 2
                    * nkl
                    * (1 - nkl)
                    * (dk - dl)
                    / (1 - dl)
                    * ((1 - dk) / (1 - dl))
                    / var_d
                )
                est = _did(y, g == k, g == late, periods[before], periods[before] >= k)
                rows.append(("earlier vs later", k, late, est, w_kl))
                after = periods >= k
                w_lk = (
                    ((nk + nl) * dk) ** 2 * nkl * (1 - nkl) * (dl / dk) * ((dk - dl) / dk) / var_d
                )
                est = _did(y, g == late, g == k, periods[after], periods[after] >= late)
                rows.append(("later vs earlier", late, k, est, w_lk))
        self.components_ = pd.DataFrame(
            rows, columns=["type", "treated", "control", "estimate", "weight"]
        )
        self.n_units_ = n_units
        twfe = TwoWayFixedEffects(self.unit, self.time, self.outcome, group=self.group)
        self.twfe_ = twfe.fit(panel.assign(**{self.group: panel[self.unit].map(g_unit)})).att_
        comp = self.components_
        weighted = comp.assign(product=comp["weight"] * comp["estimate"])
        summary = weighted.groupby("type")[["weight", "product"]].sum()
        summary["estimate"] = summary["product"] / summary["weight"]
        self.summary_ = summary[["weight", "estimate"]]
        implied = float(np.sum(comp["weight"] * comp["estimate"]))
        if abs(comp["weight"].sum() - 1) > 1e-8 or abs(implied - self.twfe_) > 1e-8:
            raise ArithmeticError("Bacon weights do not reproduce the TWFE estimate")
        return self
