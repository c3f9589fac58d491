"""Synthetic control for one treated unit (Abadie & Gardeazabal 2003; Abadie et al. 2010, 2015).

Predictors (each a column averaged over a set of pre-treatment periods) are scaled by their
standard deviation across all units, as R ``Synth`` does. For a diagonal predictor weight V,
the donor weights W(V) minimise (X1 - X0 W)' V (X1 - X0 W) on the simplex; V itself is chosen
(nested optimisation, Nelder-Mead from equal weights as ``Synth``) to minimise the outcome's
mean squared error over the fit periods, unless ``v`` is given. Inference is by placebos in
space: each donor in turn plays the treated unit; ``p_value_`` is the rank of the treated
unit's post/pre RMSPE ratio among all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize

from .panel import PanelError, check_panel

Predictor = tuple[str, Sequence[Any] | None]  # (column, periods averaged; None: all pre)


def simplex_weights(x1: np.ndarray, x0: np.ndarray, v: np.ndarray) -> np.ndarray:
    """argmin_w (x1 - x0 w)' diag(v) (x1 - x0 w) subject to w ≥ 0, Σw = 1."""
    sv = np.sqrt(v)[:, None]
    a, b = sv * x0, sv[:, 0] * x1
    j = x0.shape[1]
    big = 1e3 * max(1.0, float(np.abs(a).max()))
    start, _ = optimize.nnls(np.vstack([a, big * np.ones(j)]), np.append(b, big))
    start = np.clip(start, 0, None)
    start = start / start.sum() if start.sum() > 0 else np.full(j, 1 / j)
    res = optimize.minimize(
        lambda w: float(np.sum((b - a @ w) ** 2)),
        start,
        jac=lambda w: -2 * a.T @ (b - a @ w),
        bounds=[(0.0, 1.0)] * j,
        constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1, "jac": lambda w: np.ones(j)}],
        method="SLSQP",
        options={"ftol": 1e-14, "maxiter": 500},
    )
    w = np.clip(res.x, 0, None)
    return w / w.sum()


class SyntheticControl:
    """Synthetic control; after ``fit``: ``weights_`` (Series by donor), ``v_``, ``gaps_``.

    ``gaps_`` is a DataFrame by period: ``treated``, ``synthetic``, ``gap``. ``att_`` is the
    mean post-period gap, ``rmspe_pre_`` / ``rmspe_post_`` the root mean squared gaps.
    ``predictors``: list of (column, periods) — ``None`` periods average over all pre-treatment
    periods; by default every pre-treatment outcome is its own predictor. ``fit_periods``:
    periods whose outcome fit chooses V (default all pre-treatment periods).
    """

    def __init__(
        self,
        unit: str,
        time: str,
        outcome: str,
        treated: Any,
        treat_time: Any,
        predictors: Sequence[Predictor] | None = None,
        fit_periods: Sequence[Any] | None = None,
        donors: Sequence[Any] | None = None,
        v: Sequence[float] | None = None,
    ) -> None:
        self.unit = unit
        self.time = time
        self.outcome = outcome
        self.treated = treated
        self.treat_time = treat_time
        self.predictors = predictors
        self.fit_periods = fit_periods
        self.donors = donors
        self.v = v

    def _matrices(self, data: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Predictor matrix (predictors × units) and outcome matrix (periods × units)."""
        y = data.pivot(index=self.time, columns=self.unit, values=self.outcome)
        pre = [t for t in y.index if t < self.treat_time]
        if self.predictors is None:
            return y.loc[pre], y
        rows = {}
        for column, periods in self.predictors:
            wide = data.pivot(index=self.time, columns=self.unit, values=column)
            chosen = pre if periods is None else list(periods)
            missing = [p for p in chosen if p not in wide.index]
            if missing:
                raise PanelError(column, f"no data for periods {missing}")
            label = f"{column}" if periods is None else f"{column} {chosen[0]}-{chosen[-1]}"
            rows[label] = wide.loc[chosen].mean(axis=0, skipna=True)
        return pd.DataFrame(rows).T, y

    def fit(self, data: pd.DataFrame) -> SyntheticControl:
        """Choose V and W, compute the gaps and the placebo-in-space p-value."""
        columns = [self.outcome] + [c for c, _ in (self.predictors or [])]
        panel = check_panel(data, self.unit, self.time)
        for column in columns:
            if column not in panel.columns:
                raise PanelError(column, "no such column in the panel")
        if self.treated not in set(panel[self.unit]):
            raise PanelError(self.unit, f"treated unit {self.treated!r} not in the panel")
        units = [
            u
            for u in panel[self.unit].unique()
            if u == self.treated or (self.donors is None or u in self.donors)
        ]
        panel = panel.loc[panel[self.unit].isin(units)]
        x, y = self._matrices(panel)
        if x.isna().to_numpy().any():
            bad = x.index[x.isna().any(axis=1)][0]
            raise PanelError(str(bad).split(" ")[0], "predictor missing for some unit")
        pre = [t for t in y.index if t < self.treat_time]
        if len(pre) < 2 or len(pre) == len(y.index):
            raise PanelError(self.time, "need at least two pre- and one post-treatment period")
        fit_periods = pre if self.fit_periods is None else list(self.fit_periods)
        if y.loc[fit_periods].isna().to_numpy().any() or y.isna().to_numpy().any():
            raise PanelError(self.outcome, "missing outcome values")
        scale = x.std(axis=1, ddof=1).replace(0, 1.0)
        xs = x.div(scale, axis=0)
        self.weights_, self.v_ = self._solve(xs, y.loc[fit_periods], self.treated)
        self.predictor_table_ = pd.DataFrame(
            {
                "treated": x[self.treated],
                "synthetic": x.drop(columns=self.treated) @ self.weights_,
                "donor mean": x.drop(columns=self.treated).mean(axis=1),
            }
        )
        synthetic = y.drop(columns=self.treated) @ self.weights_
        self.gaps_ = pd.DataFrame({"treated": y[self.treated], "synthetic": synthetic})
        self.gaps_["gap"] = self.gaps_["treated"] - self.gaps_["synthetic"]
        self.gaps_.index.name = self.time
        post = self.gaps_.index >= self.treat_time
        self.att_ = float(self.gaps_["gap"][post].mean())
        self.rmspe_pre_ = float(np.sqrt(np.mean(self.gaps_["gap"][~post] ** 2)))
        self.rmspe_post_ = float(np.sqrt(np.mean(self.gaps_["gap"][post] ** 2)))
        self._xs, self._y, self._fit_periods = xs, y, fit_periods
        return self

    def _solve(self, xs: pd.DataFrame, z: pd.DataFrame, treated: Any) -> tuple[pd.Series, Any]:
        x1, x0 = xs[treated].to_numpy(), xs.drop(columns=treated).to_numpy()
        z1, z0 = z[treated].to_numpy(), z.drop(columns=treated).to_numpy()
        k = len(x1)
        if self.v is not None:
            v = np.asarray(self.v, float)
            if len(v) != k:
                raise PanelError("v", f"needs {k} values, one per predictor")
        else:

            def loss(raw: np.ndarray) -> float:
                w = simplex_weights(x1, x0, np.abs(raw) / np.abs(raw).sum())
                return float(np.mean((z1 - z0 @ w) ** 2))

            res = optimize.minimize(
                loss,
                np.full(k, 1 / k),
                method="Nelder-Mead",
                options={"maxiter": 400 * k, "xatol": 1e-8, "fatol": 1e-10},
            )
            v = np.abs(res.x) / np.abs(res.x).sum()
        w = simplex_weights(x1, x0, v / v.sum())
        donors = xs.drop(columns=treated).columns
        return pd.Series(w, index=donors, name="weight"), pd.Series(v / v.sum(), index=xs.index)

    def placebos(self) -> pd.DataFrame:
        """Placebo in space: each unit as if treated; RMSPEs, their ratio and the p-value.

        Sets ``p_value_`` (share of units whose post/pre RMSPE ratio is at least the treated
        unit's) and returns one row per unit with ``rmspe_pre``, ``rmspe_post``, ``ratio``.
        """
        post = self._y.index >= self.treat_time
        rows = []
        for unit in self._y.columns:
            w, _ = self._solve(self._xs, self._y.loc[self._fit_periods], unit)
            gap = self._y[unit] - self._y.drop(columns=unit) @ w
            pre_rmspe = float(np.sqrt(np.mean(gap[~post] ** 2)))
            post_rmspe = float(np.sqrt(np.mean(gap[post] ** 2)))
            rows.append((unit, pre_rmspe, post_rmspe, post_rmspe / pre_rmspe))
        table = pd.DataFrame(rows, columns=["unit", "rmspe_pre", "rmspe_post", "ratio"])
        treated_ratio = table.loc[table["unit"] == self.treated, "ratio"].iloc[0]
        self.p_value_ = float(np.mean(table["ratio"] >= treated_ratio))
        self.placebos_ = table
        return table
