"""Two-way fixed-effects DiD with cluster-robust standard errors.

``y_it = a_i + l_t + b·D_it (+ c·x_it) + e_it``, fitted by sweeping out both fixed effects
(alternating projections, so unbalanced panels work too). Standard errors are clustered (by
unit unless ``cluster`` names another column) with the usual small-sample factor
G/(G-1)·(N-1)/(N-K), where K counts the regressors *and* the fixed effects — the convention of
an OLS with unit and time dummies (statsmodels ``cov_type="cluster"``, Stata ``regress``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .panel import PanelError, check_group, check_panel, require_columns


def demean_two_way(
    values: np.ndarray, unit_codes: np.ndarray, time_codes: np.ndarray, tol: float = 1e-14
) -> np.ndarray:
    """Residuals of each column on unit and time dummies (alternating projections)."""
    out = values.astype(float).copy()
    n_u, n_t = unit_codes.max() + 1, time_codes.max() + 1
    count_u = np.bincount(unit_codes, minlength=n_u)[:, None]
    count_t = np.bincount(time_codes, minlength=n_t)[:, None]
    for _ in range(10_000):
        before = out.copy()
        for codes, counts, n in ((unit_codes, count_u, n_u), (time_codes, count_t, n_t)):
            sums = np.zeros((n, out.shape[1]))
            np.add.at(sums, codes, out)
            out -= (sums / counts)[codes]
        if np.max(np.abs(out - before)) < tol * max(1.0, np.max(np.abs(values))):
            break
    return out


class TwoWayFixedEffects:
    """TWFE DiD; the treatment dummy is ``treatment`` or, from ``group``, 1{g > 0 and t ≥ g}.

    After ``fit``: ``coef_`` and ``se_`` (Series by regressor), ``att_`` and ``att_se_`` (the
    treatment coefficient), ``t_``, ``p_value_``, ``n_obs_``, ``n_clusters_``.
    """

    def __init__(
        self,
        unit: str,
        time: str,
        outcome: str,
        group: str | None = None,
        treatment: str | None = None,
        covariates: Sequence[str] = (),
        cluster: str | None = None,
    ) -> None:
        self.unit = unit
        self.time = time
        self.outcome = outcome
        self.group = group
        self.treatment = treatment
        self.covariates = tuple(covariates)
        self.cluster = cluster

    def fit(self, data: pd.DataFrame) -> TwoWayFixedEffects:
        """Estimate the coefficients and their clustered covariance."""
        from scipy import stats

        if (self.group is None) == (self.treatment is None):
            raise PanelError("group", "give exactly one of group or treatment")
        marker = self.group if self.group is not None else self.treatment
        assert marker is not None
        panel = check_panel(data, self.unit, self.time, [self.outcome, marker, *self.covariates])
        if self.group is not None:
            check_group(panel, self.unit, self.group)
            g = panel[self.group].to_numpy(float)
            d = ((g > 0) & (panel[self.time].to_numpy(float) >= g)).astype(float)
        else:
            d = panel[marker].to_numpy(float)
        cluster = self.cluster or self.unit
        require_columns(panel, [cluster])
        unit_codes = pd.factorize(panel[self.unit])[0]
        time_codes = pd.factorize(panel[self.time])[0]
        names = ["treated", *self.covariates]
        x = np.column_stack([d] + [panel[c].to_numpy(float) for c in self.covariates])
        y = panel[self.outcome].to_numpy(float)
        tilde = demean_two_way(np.column_stack([y, x]), unit_codes, time_codes)
        yt, xt = tilde[:, 0], tilde[:, 1:]
        if np.max(np.abs(xt[:, 0])) < 1e-10:
            raise PanelError(marker, "treatment does not vary within units and periods")
        xtx_inv = np.linalg.inv(xt.T @ xt)
        beta = xtx_inv @ xt.T @ yt
        resid = yt - xt @ beta
        clusters = pd.factorize(panel[cluster])[0]
        n_groups = clusters.max() + 1
        scores = np.zeros((n_groups, xt.shape[1]))
        np.add.at(scores, clusters, xt * resid[:, None])
        n = len(y)
        k = xt.shape[1] + (unit_codes.max() + 1) + (time_codes.max() + 1) - 1
        factor = n_groups / (n_groups - 1) * (n - 1) / (n - k)
        vcov = factor * xtx_inv @ (scores.T @ scores) @ xtx_inv
        self.coef_ = pd.Series(beta, index=names)
        self.se_ = pd.Series(np.sqrt(np.diag(vcov)), index=names)
        self.vcov_ = vcov
        self.att_ = float(beta[0])
        self.att_se_ = float(self.se_.iloc[0])
        self.t_ = self.att_ / self.att_se_
        self.p_value_ = float(2 * stats.t.sf(abs(self.t_), n_groups - 1))
        self.n_obs_ = n
        self.n_clusters_ = int(n_groups)
        return self
