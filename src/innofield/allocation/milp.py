"""The assignment MILP solved by HiGHS (through highspy), optionally warm-started."""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from .bounds import build_lp
from .problem import Problem

__all__ = ["MilpResult", "solve_milp", "restrict", "recombine"]


@dataclass
class MilpResult:
    """What HiGHS returned: a solution (pair per job) or ``None``, its value, bound and status."""

    assignment: np.ndarray | None
    objective: float
    bound: float
    status: str


def restrict(problem: Problem, keep: np.ndarray) -> Problem:
    """The problem with only the pairs where ``keep`` is true (pair order is kept)."""
    return Problem(
        problem.jobs,
        problem.hubs,
        problem.pair_job[keep],
        problem.pair_hub[keep],
        problem.cost[keep],
        problem.rows[keep],
        problem.use[keep],
        problem.capacity,
        problem.row_names,
        {k: v[keep] for k, v in problem.metrics.items()},
        None if problem.pair_window is None else problem.pair_window[keep],
    )


def solve_milp(
    problem: Problem,
    time_limit: float,
    start: np.ndarray | None = None,
    rel_gap: float = 1e-6,
    threads: int | None = None,
) -> MilpResult:
    """Solve the binary model with HiGHS within ``time_limit`` seconds.

    ``start`` (one pair per job) is handed to HiGHS as its incumbent with
    ``setSolution``. With integral costs the absolute gap tolerance is just under one,
    so a bound within one unit of the incumbent proves it optimal.
    """
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(max(time_limit, 0.01)))
    h.setOptionValue("mip_rel_gap", float(rel_gap))
    h.setOptionValue("mip_abs_gap", 1.0 - 1e-6 if problem.integral else 1e-9)
    if threads:
        h.setOptionValue("threads", int(threads))
    h.passModel(build_lp(problem, integer=True))
    if start is not None:
        idx = np.asarray(start, dtype=np.int32)
        h.setSolution(len(idx), idx, np.ones(len(idx)))
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    if status == highspy.HighsModelStatus.kInfeasible:
        return MilpResult(None, np.inf, np.inf, "infeasible")
    assignment = None
    objective = np.inf
    if info.primal_solution_status == 2:
        x = np.asarray(h.getSolution().col_value)
        chosen = np.flatnonzero(x > 0.5)
        if len(chosen) == problem.n_jobs:
            assignment = chosen[np.argsort(problem.pair_job[chosen])]
            objective = float(problem.cost[assignment].sum())
    bound = float(info.mip_dual_bound)
    if status == highspy.HighsModelStatus.kOptimal and assignment is not None:
        return MilpResult(assignment, objective, max(bound, -np.inf), "optimal")
    return MilpResult(
        assignment, objective, bound, "feasible" if assignment is not None else "unknown"
    )


def recombine(problem: Problem, pool: list[np.ndarray], time_limit: float) -> MilpResult:
    """HiGHS on the union of the pairs of the assignments in ``pool`` (each one pair per
    job, the best first, handed to HiGHS as its incumbent), single-threaded: the best
    assignment made of pieces of the others, within ``time_limit`` seconds. The
    assignment returned is in ``problem``'s pairs (``None`` when HiGHS has none)."""
    keep = np.zeros(problem.n_pairs, dtype=bool)
    for assign in pool:
        keep[assign] = True
    index = np.flatnonzero(keep)
    result = solve_milp(
        restrict(problem, keep), time_limit, start=np.searchsorted(index, pool[0]), threads=1
    )
    if result.assignment is not None:
        result.assignment = index[result.assignment]
    return result
