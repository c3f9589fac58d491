"""Large-neighbourhood search with HiGHS: free the jobs of a few sites, re-solve exactly.

A *site* is a set of capacity rows (a hub, or a hub in one window). Each step frees
every job placed on k randomly chosen sites and lets HiGHS re-place them among those
sites only, with the capacity the fixed jobs leave; the result is accepted when it
is cheaper. k grows while the sub-MILPs are solved quickly and shrinks when they
time out, keeping each sub-MILP small (tens of jobs). This is the MILP-based
counterpart of the ejection chains: a chain inside k sites is one sub-MILP move.
"""

from __future__ import annotations

import time

import numpy as np

from .milp import solve_milp
from .problem import Problem

__all__ = ["site_lns"]


def _subproblem(
    problem: Problem, site: np.ndarray, assign: np.ndarray, chosen: np.ndarray
) -> tuple[Problem, np.ndarray, np.ndarray] | None:
    in_set = np.isin(site, chosen)
    free_jobs = np.flatnonzero(in_set[assign])
    if len(free_jobs) < 2:
        return None
    is_free = np.zeros(problem.n_jobs, dtype=bool)
    is_free[free_jobs] = True
    keep = np.flatnonzero(is_free[problem.pair_job] & in_set)
    fixed = assign[~is_free]
    residual = problem.capacity - problem.load(fixed)
    sub = Problem(
        tuple(problem.jobs[j] for j in free_jobs),
        problem.hubs,
        np.searchsorted(free_jobs, problem.pair_job[keep]),
        problem.pair_hub[keep],
        problem.cost[keep],
        problem.rows[keep],
        problem.use[keep],
        np.maximum(residual, 0.0),
        problem.row_names,
    )
    start = np.searchsorted(keep, assign[free_jobs])
    return sub, keep, start


def site_lns(
    problem: Problem,
    assign: np.ndarray,
    deadline: float,
    rng: np.random.Generator,
    target_jobs: int = 50,
    step_time: float = 0.5,
) -> np.ndarray:
    """Improve the feasible ``assign`` until ``deadline``; returns the best assignment."""
    _, site = np.unique(problem.rows, axis=0, return_inverse=True)
    site = site.ravel()
    n_sites = int(site.max()) + 1
    if n_sites < 2:
        return assign
    per_site = max(1.0, problem.n_jobs / n_sites)
    k = int(np.clip(round(target_jobs / per_site), 2, n_sites))
    best = assign.copy()
    best_cost = float(problem.cost[best].sum())
    while time.perf_counter() < deadline:
        chosen = rng.choice(n_sites, size=k, replace=False)
        built = _subproblem(problem, site, best, chosen)
        if built is None:
            continue
        sub, keep, start = built
        left = min(step_time, deadline - time.perf_counter())
        if left <= 0.02:
            break
        t = time.perf_counter()
        result = solve_milp(sub, left, start=start, rel_gap=0.0)
        spent = time.perf_counter() - t
        if result.assignment is not None:
            old = float(sub.cost[start].sum())
            if result.objective < old - 1e-9:
                freed = np.flatnonzero(np.isin(site, chosen)[best])
                best[freed] = keep[result.assignment]
                best_cost -= old - result.objective
        if result.status == "optimal" and spent < step_time / 4 and k < n_sites:
            k += 1
        elif result.status != "optimal" and k > 2:
            k -= 1
    return best
