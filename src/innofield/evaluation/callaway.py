"""Callaway & Sant'Anna (2021) group-time average treatment effects ATT(g, t) on panel data.

Follows R ``did::att_gt`` (panel, balanced, no anticipation, unit weights 1): each ATT(g, t)
is a 2×2 DiD of group g against the comparison units (never treated, or not yet treated by
max(t, base period)) between the base period and t, estimated by outcome regression, IPW or
the doubly robust estimator (covariates from the base period). Inference uses the influence
functions: a Mammen multiplier bootstrap gives standard errors and a simultaneous band; the
pre-trend test is the Wald test on the pre-treatment cells with the analytical covariance.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import NormalDist

import numpy as np
import pandas as pd

from .aggregation import AggregateResult, aggregate
from .bootstrap import analytic_se, multiplier_bootstrap
from .drdid import ESTIMATORS
from .panel import PanelError, balance, check_group, check_panel


class CallawaySantAnna:
    """ATT(g, t) for staggered adoption; ``fit(data)`` on a long panel returns self.

    ``group`` holds each unit's first treated period (0 = never treated). ``control`` is
    ``"never"`` or ``"notyet"``; ``base`` is ``"varying"`` or ``"universal"``; ``method`` is
    ``"reg"``, ``"ipw"`` or ``"dr"``. ``n_boot=0`` uses analytical standard errors and
    pointwise 95 % intervals instead of the bootstrap's simultaneous band. ``weights`` are the
    bootstrap multipliers: ``"rademacher"`` (what R ``did`` draws) or ``"mammen"``.
    """

    def __init__(
        self,
        unit: str,
        time: str,
        group: str,
        outcome: str,
        control: str = "never",
        base: str = "varying",
        covariates: Sequence[str] = (),
        method: str = "dr",
        n_boot: int = 999,
        alpha: float = 0.05,
        seed: int | None = None,
        weights: str = "rademacher",
    ) -> None:
        self.unit = unit
        self.time = time
        self.group = group
        self.outcome = outcome
        self.control = control
        self.base = base
        self.covariates = tuple(covariates)
        self.method = method
        self.n_boot = n_boot
        self.alpha = alpha
        self.seed = seed
        self.weights = weights

    def _check_options(self) -> None:
        if self.control not in ("never", "notyet"):
            raise PanelError("control", "must be 'never' or 'notyet'")
        if self.base not in ("varying", "universal"):
            raise PanelError("base", "must be 'varying' or 'universal'")
        if self.method not in ESTIMATORS:
            raise PanelError("method", "must be 'reg', 'ipw' or 'dr'")
        if self.weights not in ("rademacher", "mammen"):
            raise PanelError("weights", "must be 'rademacher' or 'mammen'")

    def fit(self, data: pd.DataFrame) -> CallawaySantAnna:
        """Estimate every ATT(g, t), its influence function, SEs, bands and the pre-test."""
        self._check_options()
        numeric = [self.outcome, self.group, *self.covariates]
        panel = check_panel(data, self.unit, self.time, numeric)
        check_group(panel, self.unit, self.group)
        panel, self.n_dropped_unbalanced_ = balance(panel, self.unit, self.time)
        periods = np.sort(panel[self.time].unique())
        g_unit = panel.groupby(self.unit)[self.group].first()
        g_unit = g_unit.where(g_unit <= periods[-1], 0)  # treated after the panel: never
        already = g_unit[(g_unit > 0) & (g_unit <= periods[0])].index
        self.n_dropped_always_treated_ = len(already)
        panel = panel.loc[~panel[self.unit].isin(already)]
        g_unit = g_unit.drop(already)
        if self.control == "never" and not (g_unit == 0).any():
            raise PanelError(self.group, "no never-treated units (0); use control 'notyet'")
        y = panel.pivot(index=self.unit, columns=self.time, values=self.outcome)
        covs = [panel.pivot(index=self.unit, columns=self.time, values=c) for c in self.covariates]
        gu = g_unit.loc[y.index].to_numpy(float)
        self.unit_groups_ = gu
        self.periods_ = periods
        self.groups_ = np.sort(np.unique(gu[gu > 0]))
        if len(self.groups_) == 0:
            raise PanelError(self.group, "no treated units")
        Y = y.to_numpy(float)
        X = [c.to_numpy(float) for c in covs]
        rows, infs = [], []
        for g in self.groups_:
            for t_idx, pre_idx in self._cells(g, periods):
                att, inf = self._cell(g, t_idx, pre_idx, gu, Y, X, periods)
                if att is None:
                    continue
                rows.append((g, periods[t_idx], att))
                infs.append(inf)
        self.influence_ = np.column_stack(infs)
        att_gt = pd.DataFrame(rows, columns=["group", "time", "att"])
        self._inference(att_gt)
        return self

    def _cells(self, g: float, periods: np.ndarray) -> list[tuple[int, int]]:
        """(evaluation period index, base period index) for each cell of group g."""
        last_pre = int(np.nonzero(periods < g)[0][-1])
        if self.base == "universal":
            return [(i, last_pre) for i in range(len(periods))]
        return [(i, last_pre if periods[i] >= g else i - 1) for i in range(1, len(periods))]

    def _cell(
        self,
        g: float,
        t_idx: int,
        pre_idx: int,
        gu: np.ndarray,
        Y: np.ndarray,
        X: list[np.ndarray],
        periods: np.ndarray,
    ) -> tuple[float | None, np.ndarray]:
        n = len(gu)
        if t_idx == pre_idx:  # the universal base period itself: zero by construction
            return 0.0, np.zeros(n)
        treated = gu == g
        if self.control == "never":
            control = gu == 0
        else:
            horizon = max(periods[t_idx], periods[pre_idx])
            control = (gu == 0) | ((gu > horizon) & (gu != g))
        sample = treated | control
        if treated.sum() == 0 or control.sum() == 0:
            return None, np.zeros(n)
        dy = (Y[:, t_idx] - Y[:, pre_idx])[sample]
        d = treated[sample].astype(float)
        x = np.column_stack([np.ones(sample.sum())] + [c[sample, pre_idx] for c in X])
        att, inf_sub = ESTIMATORS[self.method](dy, d, x)
        inf = np.zeros(n)
        inf[sample] = inf_sub * n / sample.sum()
        return att, inf

    def _inference(self, att_gt: pd.DataFrame) -> None:
        n = self.influence_.shape[0]
        self.n_units_ = n
        self.vcov_ = self.influence_.T @ self.influence_ / n / n
        rng = np.random.default_rng(self.seed)
        self._rng = rng
        if self.n_boot > 0:
            se, crit = multiplier_bootstrap(
                self.influence_, self.n_boot, rng, self.alpha, self.weights
            )
        else:
            se, crit = analytic_se(self.influence_), NormalDist().inv_cdf(1 - self.alpha / 2)
        se = np.where(np.sqrt(np.diag(self.vcov_)) < 1e-12, np.nan, se)
        att_gt["se"] = se
        att_gt["lower"] = att_gt["att"] - crit * se
        att_gt["upper"] = att_gt["att"] + crit * se
        self.crit_val_ = crit
        self.att_gt_ = att_gt
        self.pretest_ = self._pretest()

    def _pretest(self) -> dict[str, float]:
        """Wald test that all pre-treatment ATT(g, t) are zero (R ``did``'s pre-test)."""
        from scipy import stats  # scipy.stats takes ~1 s to import: only when needed

        att = self.att_gt_
        pre = np.nonzero(
            (att["group"] > att["time"]).to_numpy() & (np.sqrt(np.diag(self.vcov_)) > 1e-12)
        )[0]
        if len(pre) == 0:
            return {"stat": float("nan"), "df": 0, "p_value": float("nan")}
        theta = att["att"].to_numpy()[pre]
        v = self.vcov_[np.ix_(pre, pre)]
        try:
            stat = float(theta @ np.linalg.solve(v, theta))
        except np.linalg.LinAlgError:
            return {"stat": float("nan"), "df": len(pre), "p_value": float("nan")}
        return {"stat": stat, "df": len(pre), "p_value": float(stats.chi2.sf(stat, len(pre)))}

    def aggregate(self, kind: str) -> AggregateResult:
        """Aggregate ATT(g, t): ``simple``, ``dynamic``, ``group`` or ``calendar``."""
        return aggregate(self, kind)
