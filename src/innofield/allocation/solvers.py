"""The solvers, all with one scikit-learn-style API: parameters in the constructor,
``fit(problem)`` (alias ``solve``) returns ``self``, results end in ``_``.

* :class:`GreedyNearest` — every job in turn to its nearest (lowest-latency, else
  cheapest) allowed hub with room: the baseline a dispatcher would use.
* :class:`SolverOnly` — the raw MILP given to HiGHS with the same time limit.
* :class:`InnofieldSolver` — LP/Lagrangian bound, regret construction, penalty local
  search with swaps and ejection chains, reduced-cost fixing, then HiGHS warm-started
  with the incumbent for the remaining time.
"""

from __future__ import annotations

import time

import numpy as np

from .bounds import LagrangeResult, lp_relaxation, subgradient
from .lns import site_lns
from .milp import recombine, restrict, solve_milp
from .problem import Problem
from .search import LocalSearch, construct
from .tabu import TabuSearch
from .tabu_jit import CompiledTabu
from .tabu_jit import ready as tabu_ready
from .tabu_jit import usable as tabu_usable

__all__ = ["GreedyNearest", "SolverOnly", "InnofieldSolver", "STATUSES"]

STATUSES = ("optimal", "feasible", "infeasible")


class _Base:
    """Shared result handling; subclasses implement ``_solve``."""

    assignment_: np.ndarray
    objective_: float
    bound_: float
    gap_: float
    status_: str
    seconds_: float
    unplaced_: list[str]
    problem_: Problem
    stats_: dict[str, object]

    def fit(self, problem: Problem) -> _Base:
        """Solve ``problem``; returns ``self`` with the ``*_`` attributes set."""
        t0 = time.perf_counter()
        self.problem_ = problem
        self.bound_ = -np.inf
        self.unplaced_ = []
        self.stats_ = {}
        assignment = self._solve(problem, t0)
        self.seconds_ = time.perf_counter() - t0
        if assignment is None or (assignment < 0).any():
            self.assignment_ = (
                np.full(problem.n_jobs, -1, np.int64) if assignment is None else assignment
            )
            self.objective_ = np.inf
            self.status_ = "infeasible"
            if not self.unplaced_:
                self.unplaced_ = [problem.jobs[j] for j in np.flatnonzero(self.assignment_ < 0)]
            self.gap_ = np.inf
            return self
        self.assignment_ = assignment
        self.objective_ = float(problem.cost[assignment].sum())
        if problem.integral and np.isfinite(self.bound_):
            self.bound_ = float(np.ceil(self.bound_ - 1e-6))
        self.gap_ = _gap(self.objective_, self.bound_)
        if getattr(self, "status_", None) != "optimal":
            self.status_ = (
                "optimal" if _closed(problem, self.objective_, self.bound_) else "feasible"
            )
        return self

    solve = fit

    def _solve(self, problem: Problem, t0: float) -> np.ndarray | None:
        raise NotImplementedError

    def plan(self) -> list[tuple[str, str]]:
        """``(job, hub)`` of every placed job."""
        p = self.problem_
        return [(p.jobs[p.pair_job[q]], p.hubs[p.pair_hub[q]]) for q in self.assignment_ if q >= 0]

    def totals(self) -> dict[str, float]:
        """Sum of every per-pair metric (money, carbon, latency) over the placed jobs."""
        placed = self.assignment_[self.assignment_ >= 0]
        return {k: float(v[placed].sum()) for k, v in self.problem_.metrics.items()}


def _gap(objective: float, bound: float) -> float:
    if not np.isfinite(bound):
        return np.inf
    return max(0.0, objective - bound) / max(abs(objective), 1e-9)


def _closed(problem: Problem, objective: float, bound: float, rel: float = 1e-6) -> bool:
    if not np.isfinite(bound):
        return False
    if problem.integral and np.ceil(bound - 1e-6) >= objective - 1e-6:
        return True
    return objective - bound <= rel * max(abs(objective), 1.0)


class GreedyNearest(_Base):
    """Each job in input order to its lowest-latency (else cheapest) allowed hub with room."""

    def __init__(self, key: str = "latency_ms") -> None:
        self.key = key

    def _solve(self, problem: Problem, t0: float) -> np.ndarray | None:
        rank = problem.metrics.get(self.key, problem.cost)
        free = problem.capacity.astype(float).copy()
        out = np.full(problem.n_jobs, -1, np.int64)
        starts = np.append(problem.starts, problem.n_pairs)
        for j in range(problem.n_jobs):
            lo, hi = starts[j], starts[j + 1]
            cand = lo + np.lexsort((problem.cost[lo:hi], rank[lo:hi]))
            fits = (problem.use[cand] <= free[problem.rows[cand]] + 1e-9).all(axis=1)
            if fits.any():
                q = int(cand[np.argmax(fits)])
                out[j] = q
                np.subtract.at(free, problem.rows[q], problem.use[q])
        return out


class SolverOnly(_Base):
    """The raw MILP handed to HiGHS, no start and no preprocessing of ours."""

    def __init__(self, time_limit: float = 10.0, threads: int | None = None) -> None:
        self.time_limit = time_limit
        self.threads = threads

    def _solve(self, problem: Problem, t0: float) -> np.ndarray | None:
        result = solve_milp(problem, self.time_limit, threads=self.threads)
        self.stats_["milp_status"] = result.status
        if result.assignment is None and result.status != "infeasible":
            self.stats_["infeasible_proven"] = False
        self.bound_ = result.bound
        if result.status == "optimal":
            self.status_ = "optimal"
        return result.assignment


class InnofieldSolver(_Base):
    """LP bound, HiGHS, local search, site LNS, reduced-cost fixing, warm-started HiGHS.

    Shares of ``time_limit``: HiGHS alone on the full model until ``milp_share``
    (easy instances end here, proved optimal); then a Lagrangian-guided construction
    and local search for ``search_share``; the tabu search (:mod:`.tabu`) from the best
    incumbent until ``tabu_until`` or ``tabu_patience`` iterations without progress
    (instances of at most ``tabu_max_jobs`` jobs); the site LNS from the best incumbent
    until ``lns_until``; and HiGHS again, warm-started with the incumbent on the pairs that
    survive reduced-cost fixing, for the rest. On one-row-per-pair instances with the
    compiled kernel loaded (:func:`.tabu_jit.ready`), the local search is skipped, the
    compiled tabu search runs until ``lns_until`` (the LNS gets what its patience
    leaves), and HiGHS then recombines its elite assignments (the union of their pairs,
    at most ``merge_share`` of the time); when HiGHS's first run ends more than
    ``hopeless_gap`` above the bound, the tabu search also takes the last HiGHS run's
    share (all but 2 % of the time after the recombination). Above ``lp_max_pairs`` pairs the bound
    comes from subgradient steps instead of the LP and the local search result is
    returned. ``stats_`` records the bound
    source, the heuristic value, the LNS gain, the pairs left after fixing and what
    HiGHS returned.
    """

    def __init__(
        self,
        time_limit: float = 10.0,
        milp_share: float = 0.4,
        search_share: float = 0.05,
        lns_until: float = 0.85,
        lp_max_pairs: int = 150_000,
        seed: int = 0,
        threads: int | None = None,
        tabu_until: float = 0.7,
        tabu_patience: int = 2000,
        tabu_max_jobs: int = 400,
        merge_share: float = 0.05,
        hopeless_gap: float = 0.01,
    ) -> None:
        self.time_limit = time_limit
        self.milp_share = milp_share
        self.search_share = search_share
        self.lns_until = lns_until
        self.lp_max_pairs = lp_max_pairs
        self.seed = seed
        self.threads = threads
        self.tabu_until = tabu_until
        self.tabu_max_jobs = tabu_max_jobs
        self.tabu_patience = tabu_patience
        self.merge_share = merge_share
        self.hopeless_gap = hopeless_gap

    def _solve(self, problem: Problem, t0: float) -> np.ndarray | None:
        missing = problem.unservable()
        if missing:
            self.unplaced_ = missing
            return None
        if problem.n_pairs > self.lp_max_pairs:
            return self._large(problem, t0)
        return self._medium(problem, t0)

    def _infeasible(self, problem: Problem) -> None:
        self.unplaced_ = GreedyNearest().fit(problem).unplaced_ or list(problem.jobs)

    def _medium(self, problem: Problem, t0: float) -> np.ndarray | None:
        deadline = t0 + self.time_limit
        lag = lp_relaxation(problem, time_limit=self.time_limit * 0.5)
        if lag is None:
            self._infeasible(problem)
            return None
        self.stats_["bound_from"] = "lp"
        self.bound_ = lag.bound
        # The compiled tabu search (numba, one row per pair, kernel already compiled)
        # is what improves on hard instances; it gets the time HiGHS would waste.
        compiled = problem.n_jobs <= self.tabu_max_jobs and tabu_usable(problem) and tabu_ready()
        # 1. HiGHS alone on the full model: the fastest prover on easy instances
        #    (measured: a warm start or fixed pairs slow its proofs down).
        first = solve_milp(
            problem,
            t0 + self.time_limit * self.milp_share - time.perf_counter(),
            threads=self.threads,
        )
        self.stats_["first_milp"] = first.status
        self.stats_["first_milp_seconds"] = time.perf_counter() - t0
        if first.status == "infeasible":
            self._infeasible(problem)
            return None
        if np.isfinite(first.bound):
            self.bound_ = max(self.bound_, first.bound)
        if first.status == "optimal":
            self.status_ = "optimal"
            return first.assignment
        # 2. Lagrangian-guided construction and local search (the compiled tabu
        #    search starts from HiGHS's incumbent, or repairs the construction).
        guided = problem.cost + (lag.lam[problem.rows] * problem.use).sum(axis=1)
        stop = np.ceil(self.bound_ - 1e-6) if problem.integral else self.bound_
        best, upper = first.assignment, first.objective
        if compiled and best is None:
            best = construct(problem, guided)
            upper = float(problem.cost[best].sum()) if problem.feasible(best) else np.inf
        elif not compiled:
            search = LocalSearch(problem, seed=self.seed)
            end = time.perf_counter() + self.time_limit * self.search_share
            found = search.run(construct(problem, guided), end, stop)
            self.stats_["search_objective"] = search.best_cost
            if found is not None and search.best_cost < upper:
                best, upper = found, search.best_cost
        # 3. Tabu search (shifts, swaps, adaptive penalties) from the best incumbent.
        if (
            best is not None
            and problem.n_jobs <= self.tabu_max_jobs
            and not _closed(problem, upper, self.bound_)
        ):
            # Compiled (numba) with ejection chains on one-row-per-pair instances,
            # 20-30x the iterations: its patience counts 30x as many, and it runs
            # until the recombination's share before the LNS's end (the LNS gets what
            # its patience leaves), or nearly to the end when HiGHS is hopeless.
            tabu: TabuSearch | CompiledTabu = (
                CompiledTabu(problem, seed=self.seed)
                if compiled
                else TabuSearch(problem, seed=self.seed)
            )
            found = tabu.run(
                best,
                t0 + self.time_limit * self._tabu_end(compiled, first.objective),
                stop,
                patience=self.tabu_patience * (30 if compiled else 1),
            )
            self.stats_["tabu_compiled"] = compiled
            self.stats_["tabu_iterations"] = tabu.iterations
            if found is not None and tabu.best_cost < upper:
                self.stats_["tabu_gain"] = upper - tabu.best_cost
                best, upper = found, tabu.best_cost
            if isinstance(tabu, CompiledTabu) and not _closed(problem, upper, self.bound_):
                until = t0 + self.time_limit * self._merge_end(first.objective)
                merged = self._merge(problem, [best, *tabu.pool()], until)
                if merged is not None and float(problem.cost[merged].sum()) < upper:
                    self.stats_["merge_gain"] = upper - float(problem.cost[merged].sum())
                    best, upper = merged, float(problem.cost[merged].sum())
        # 4. Site LNS from the best incumbent, then 5. HiGHS warm-started with it.
        if best is not None and not _closed(problem, upper, self.bound_):
            lns_end = t0 + self.time_limit * self.lns_until
            best = site_lns(problem, best, lns_end, np.random.default_rng(self.seed))
            self.stats_["lns_gain"] = upper - float(problem.cost[best].sum())
            upper = float(problem.cost[best].sum())
        if best is not None and _closed(problem, upper, self.bound_):
            self.status_ = "optimal"
            return best
        best, upper, _ = self._milp(problem, lag, best, upper, deadline)
        return best

    def _tabu_end(self, compiled: bool, first_objective: float) -> float:
        """When the tabu search stops (share of the time): ``tabu_until``; the compiled
        one leaves ``merge_share`` for the recombination before ``lns_until``, or, when
        HiGHS's first run ended more than ``hopeless_gap`` from the bound (the final
        HiGHS run will not prove it either), before the last 2 % of the time."""
        if not compiled:
            return self.tabu_until
        return self._merge_end(first_objective) - self.merge_share

    def _merge_end(self, first_objective: float) -> float:
        """When the recombination must end (share of the time), see ``_tabu_end``."""
        if _gap(first_objective, self.bound_) > self.hopeless_gap:
            return max(self.lns_until, 0.98)
        return self.lns_until

    def _merge(self, problem: Problem, pool: list[np.ndarray], until: float) -> np.ndarray | None:
        """The tabu search's elite assignments recombined by HiGHS (:func:`.milp.recombine`)
        until ``until`` at the latest; ``None`` when there is nothing to combine."""
        left = until - time.perf_counter()
        if len(np.unique(np.concatenate(pool))) == problem.n_jobs or left <= 0.01:
            return None
        self.stats_["merge_pairs"] = int(len(np.unique(np.concatenate(pool))))
        return recombine(problem, pool, left).assignment

    def _large(self, problem: Problem, t0: float) -> np.ndarray | None:
        # A quick feasible start gives the subgradient its target; then the search
        # restarts from the Lagrangian-guided construction (no MILP at this size).
        search = LocalSearch(problem, seed=self.seed)
        search.run(construct(problem, problem.cost), t0 + self.time_limit * 0.3)
        guess = float(np.minimum.reduceat(problem.cost, problem.starts).sum())
        target = search.best_cost if np.isfinite(search.best_cost) else abs(guess) * 1.1 + 1
        lag = subgradient(problem, target, iterations=2000, deadline=t0 + self.time_limit * 0.55)
        self.stats_["bound_from"] = "lagrangian"
        self.bound_ = lag.bound
        guided = problem.cost + (lag.lam[problem.rows] * problem.use).sum(axis=1)
        stop = lag.bound + 1e-6 * abs(lag.bound)
        best = search.run(construct(problem, guided), t0 + self.time_limit * 0.9, stop)
        self.stats_["search_objective"] = search.best_cost
        if best is None:
            # Not proved infeasible: no feasible assignment found in the time.
            self.stats_["infeasible_proven"] = False
            self._infeasible(problem)
        return best

    def _milp(
        self,
        problem: Problem,
        lag: LagrangeResult,
        best: np.ndarray | None,
        upper: float,
        until: float,
    ) -> tuple[np.ndarray | None, float, bool]:
        """HiGHS on the pairs that survive reduced-cost fixing, warm-started with ``best``.

        Returns the (possibly improved) assignment, its value, and whether it is proved
        optimal; raises the bound and records an infeasibility proof.
        """
        keep = np.ones(problem.n_pairs, dtype=bool)
        if best is not None:
            slack = 1.0 - 1e-6 if problem.integral else 1e-9 * max(abs(upper), 1.0)
            keep = lag.bound + lag.reduced < upper - slack
            keep[best] = True
        self.stats_["pairs_kept"] = int(keep.sum())
        index = np.flatnonzero(keep)
        warm = None if best is None else np.searchsorted(index, best)
        left = until - time.perf_counter()
        result = solve_milp(restrict(problem, keep), left, start=warm, threads=self.threads)
        self.stats_["milp_status"] = result.status
        if result.status == "infeasible" and best is None:
            attempt = GreedyNearest().fit(problem)
            self.unplaced_ = attempt.unplaced_ or list(problem.jobs)
            return None, np.inf, True
        if result.assignment is not None and result.objective < upper:
            best, upper = index[result.assignment], result.objective
        if np.isfinite(result.bound) and best is not None:
            self.bound_ = max(self.bound_, min(result.bound, upper))
        done = result.status == "optimal" and best is not None
        if done:
            self.status_ = "optimal"
        return best, upper, done
