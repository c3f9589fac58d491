"""Before/after with a linear trend: the simplest evaluation of one unit's series.

A line fitted to the pre-treatment periods is projected into the post-treatment periods; the
effect is the mean gap between the observed and projected outcome. Its standard error adds
the noise of the post-period mean (residual variance / n_post) and the uncertainty of the
projected mean (x̄' (X'X)⁻¹ x̄ · σ²), assuming independent homoskedastic errors — no control
group, so any shock coinciding with the treatment is attributed to it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .panel import PanelError, check_panel


class BeforeAfterTrend:
    """After ``fit``: ``att_``, ``se_``, ``p_value_``, ``slope_`` and ``gaps_`` by period."""

    def __init__(self, time: str, outcome: str, treat_time: Any) -> None:
        self.time = time
        self.outcome = outcome
        self.treat_time = treat_time

    def fit(self, data: pd.DataFrame) -> BeforeAfterTrend:
        """Fit the pre-period trend and measure the post-period gap."""
        from scipy import stats

        series = check_panel(data.assign(_unit=0), "_unit", self.time, [self.outcome])
        t = series[self.time].to_numpy(float)
        y = series[self.outcome].to_numpy(float)
        pre = t < float(self.treat_time)
        if pre.sum() < 3 or (~pre).sum() < 1:
            raise PanelError(self.time, "need at least three pre- and one post-treatment period")
        x = np.column_stack([np.ones(len(t)), t])
        xtx_inv = np.linalg.inv(x[pre].T @ x[pre])
        beta = xtx_inv @ x[pre].T @ y[pre]
        resid = y[pre] - x[pre] @ beta
        dof = int(pre.sum()) - 2
        sigma2 = float(resid @ resid / dof) if dof > 0 else float("nan")
        projected = x @ beta
        gap = y - projected
        xbar = x[~pre].mean(axis=0)
        self.att_ = float(gap[~pre].mean())
        self.se_ = float(np.sqrt(sigma2 * (1 / (~pre).sum() + xbar @ xtx_inv @ xbar)))
        self.p_value_ = float(2 * stats.t.sf(abs(self.att_ / self.se_), dof)) if dof > 0 else 1.0
        self.slope_ = float(beta[1])
        self.gaps_ = pd.DataFrame(
            {"observed": y, "projected": projected, "gap": gap}, index=pd.Index(t, name=self.time)
        )
        return self
