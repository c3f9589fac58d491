"""Two-group, two-period DiD estimators on panel data with their influence functions.

The three estimators of Sant'Anna & Zhao (2020) that R's ``did`` calls through ``DRDID`` for
panel data: outcome regression (``reg``, Heckman-Ichimura-Todd), normalised inverse probability
weighting (``ipw``, Abadie 2005 with Hajek weights) and the locally efficient doubly robust
estimator (``dr``). Each takes the outcome change ``dy`` (post minus pre), the treatment
indicator ``d`` and a covariate matrix ``x`` whose first column is the constant, and returns
the ATT and its influence function (one value per unit: ``att_hat - att ≈ mean(inf)``).
"""

from __future__ import annotations

import numpy as np

PS_CAP = 1 - 1e-6  # as DRDID: propensity scores are capped below one


def logit(x: np.ndarray, d: np.ndarray, max_iter: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """Logistic regression of ``d`` on ``x`` by Newton-Raphson; returns (coefficients, p̂)."""
    beta = np.zeros(x.shape[1])
    for _ in range(max_iter):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        w = p * (1 - p)
        step = np.linalg.solve((x * w[:, None]).T @ x, x.T @ (d - p))
        beta = beta + step
        if np.max(np.abs(step)) < 1e-12:
            break
    p = 1.0 / (1.0 + np.exp(-(x @ beta)))
    return beta, p


def _ols_on_controls(dy: np.ndarray, d: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """OLS of ``dy`` on ``x`` among controls: (fitted values for all, linear representation)."""
    n = len(dy)
    wc = 1.0 - d
    xtx = (x * wc[:, None]).T @ x
    beta = np.linalg.solve(xtx, (x * wc[:, None]).T @ dy)
    fitted = x @ beta
    asy = (x * (wc * (dy - fitted))[:, None]) @ np.linalg.inv(xtx / n)
    return fitted, asy


def _ps_linear_rep(d: np.ndarray, x: np.ndarray, ps: np.ndarray) -> np.ndarray:
    """Linear representation of the logit coefficients (score times inverse Hessian, × n)."""
    n = len(d)
    hessian_inv = np.linalg.inv((x * (ps * (1 - ps))[:, None]).T @ x) * n
    return (x * (d - ps)[:, None]) @ hessian_inv


def reg_did(dy: np.ndarray, d: np.ndarray, x: np.ndarray) -> tuple[float, np.ndarray]:
    """Outcome-regression DiD (DRDID ``reg_did_panel``)."""
    fitted, asy_ols = _ols_on_controls(dy, d, x)
    w_treat = d
    eta_treat = np.mean(w_treat * dy) / np.mean(w_treat)
    eta_cont = np.mean(w_treat * fitted) / np.mean(w_treat)
    inf_treat = (w_treat * dy - w_treat * eta_treat) / np.mean(w_treat)
    m1 = np.mean(w_treat[:, None] * x, axis=0)
    inf_cont = (w_treat * fitted - w_treat * eta_cont + asy_ols @ m1) / np.mean(w_treat)
    return float(eta_treat - eta_cont), inf_treat - inf_cont


def ipw_did(dy: np.ndarray, d: np.ndarray, x: np.ndarray) -> tuple[float, np.ndarray]:
    """Normalised (Hajek) IPW DiD (DRDID ``std_ipw_did_panel``)."""
    _, ps = logit(x, d)
    ps = np.minimum(ps, PS_CAP)
    w_treat = d
    w_cont = ps * (1 - d) / (1 - ps)
    eta_treat = np.mean(w_treat * dy) / np.mean(w_treat)
    eta_cont = np.mean(w_cont * dy) / np.mean(w_cont)
    inf_treat = (w_treat * dy - w_treat * eta_treat) / np.mean(w_treat)
    m2 = np.mean((w_cont * (dy - eta_cont))[:, None] * x, axis=0)
    inf_cont = (w_cont * dy - w_cont * eta_cont + _ps_linear_rep(d, x, ps) @ m2) / np.mean(w_cont)
    return float(eta_treat - eta_cont), inf_treat - inf_cont


def dr_did(dy: np.ndarray, d: np.ndarray, x: np.ndarray) -> tuple[float, np.ndarray]:
    """Locally efficient doubly robust DiD (DRDID ``drdid_panel``)."""
    _, ps = logit(x, d)
    ps = np.minimum(ps, PS_CAP)
    fitted, asy_ols = _ols_on_controls(dy, d, x)
    resid = dy - fitted
    w_treat = d
    w_cont = ps * (1 - d) / (1 - ps)
    eta_treat = np.mean(w_treat * resid) / np.mean(w_treat)
    eta_cont = np.mean(w_cont * resid) / np.mean(w_cont)
    m1 = np.mean(w_treat[:, None] * x, axis=0)
    inf_treat = (w_treat * resid - w_treat * eta_treat - asy_ols @ m1) / np.mean(w_treat)
    m2 = np.mean((w_cont * (resid - eta_cont))[:, None] * x, axis=0)
    m3 = np.mean(w_cont[:, None] * x, axis=0)
    inf_cont = (
        w_cont * resid - w_cont * eta_cont + _ps_linear_rep(d, x, ps) @ m2 - asy_ols @ m3
    ) / np.mean(w_cont)
    return float(eta_treat - eta_cont), inf_treat - inf_cont


ESTIMATORS = {"reg": reg_did, "ipw": ipw_did, "dr": dr_did}
