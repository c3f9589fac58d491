"""Lower bounds: the LP relaxation (HiGHS) and the Lagrangian relaxation of capacities.

Relaxing the capacity rows with multipliers ``lam >= 0`` leaves one independent
choice per job: ``L(lam) = sum_j min_p (c_p + lam . use_p) - lam . capacity``. For
the GAP this dual equals the LP bound (the subproblem has the integrality
property); the LP duals give its optimal multipliers, subgradient steps give good
ones when the LP is too large to solve in the time at hand. The Lagrangian
reduced cost of a pair bounds what forcing it costs, which fixes pairs to zero
(Posta, Ferland & Michelon 2012 use the same test in their exact method).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np
from scipy import sparse

from .problem import Problem

__all__ = ["LagrangeResult", "lagrangian", "subgradient", "lp_relaxation", "column_matrix"]


@dataclass
class LagrangeResult:
    """A Lagrangian bound, its multipliers, the relaxed choice and the pairs' reduced costs."""

    bound: float
    lam: np.ndarray
    choice: np.ndarray
    reduced: np.ndarray


def _segment_argmin(problem: Problem, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    starts = problem.starts
    mins = np.minimum.reduceat(values, starts)
    hit = np.flatnonzero(values <= mins[problem.pair_job])
    _, first = np.unique(problem.pair_job[hit], return_index=True)
    return mins, hit[first]


def lagrangian(problem: Problem, lam: np.ndarray) -> LagrangeResult:
    """``L(lam)``, the relaxed choice of every job and the reduced cost of every pair."""
    adjusted = problem.cost + (lam[problem.rows] * problem.use).sum(axis=1)
    mins, choice = _segment_argmin(problem, adjusted)
    bound = float(mins.sum() - lam @ problem.capacity)
    return LagrangeResult(bound, lam, choice, adjusted - mins[problem.pair_job])


def subgradient(
    problem: Problem,
    upper: float,
    lam: np.ndarray | None = None,
    iterations: int = 300,
    deadline: float | None = None,
) -> LagrangeResult:
    """Polyak subgradient ascent on ``L``; returns the best multipliers met.

    ``upper`` is an objective value of a feasible (or estimated) solution, the target
    of the step size; the step factor halves after 20 iterations without progress.
    """
    lam = np.zeros(len(problem.capacity)) if lam is None else lam.copy()
    best = lagrangian(problem, lam)
    if not np.isfinite(upper):
        upper = abs(best.bound) * 1.1 + 1.0
    theta, stall = 1.0, 0
    for _ in range(iterations):
        if deadline is not None and time.perf_counter() > deadline:
            break
        current = lagrangian(problem, lam)
        if current.bound > best.bound + 1e-9:
            best, stall = current, 0
        else:
            stall += 1
            if stall >= 20:
                theta, stall = theta / 2, 0
                if theta < 1e-4:
                    break
        grad = problem.load(current.choice) - problem.capacity
        grad[(lam <= 0) & (grad < 0)] = 0.0
        norm = float(grad @ grad)
        if norm == 0:
            break
        step = theta * max(upper - current.bound, 1e-6 * (abs(upper) + 1)) / norm
        lam = np.maximum(0.0, lam + step * grad)
    return best


def column_matrix(problem: Problem) -> sparse.csc_matrix:
    """The constraint matrix, one column per pair: its job row, then its capacity rows."""
    p, r = problem.rows.shape
    n = problem.n_jobs
    rows = np.concatenate([problem.pair_job, n + problem.rows.ravel()])
    cols = np.concatenate([np.arange(p), np.repeat(np.arange(p), r)])
    vals = np.concatenate([np.ones(p), problem.use.ravel()])
    return sparse.csc_matrix((vals, (rows, cols)), shape=(n + len(problem.capacity), p))


def build_lp(problem: Problem, integer: bool) -> highspy.HighsLp:
    """The model ``min c x, sum_p(j) x = 1, rows <= capacity, 0 <= x <= 1`` for HiGHS."""
    a = column_matrix(problem)
    a.sort_indices()
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = a.shape[1], a.shape[0]
    lp.col_cost_ = problem.cost
    lp.col_lower_ = np.zeros(a.shape[1])
    lp.col_upper_ = np.ones(a.shape[1])
    n = problem.n_jobs
    lp.row_lower_ = np.concatenate([np.ones(n), np.full(len(problem.capacity), -highspy.kHighsInf)])
    lp.row_upper_ = np.concatenate([np.ones(n), problem.capacity])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.indptr
    lp.a_matrix_.index_ = a.indices
    lp.a_matrix_.value_ = a.data
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * a.shape[1]
    return lp


def lp_relaxation(problem: Problem, time_limit: float = 60.0) -> LagrangeResult | None:
    """The LP bound with HiGHS; its capacity duals become Lagrangian multipliers.

    Returns ``None`` when the LP is infeasible or not solved in time.
    """
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(max(time_limit, 0.01)))
    h.passModel(build_lp(problem, integer=False))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    duals = np.asarray(h.getSolution().row_dual)[problem.n_jobs :]
    return lagrangian(problem, np.maximum(0.0, -duals))
