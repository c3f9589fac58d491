"""Tabu search over shifts and swaps with adaptive penalty weights on the capacity rows.

Where :class:`~innofield.allocation.search.LocalSearch` only takes improving moves, this
search takes the best admissible move at every step, improving or not, in the manner of
the tabu searches for the GAP of Díaz & Fernández (2001) and Yagiura, Ibaraki & Glover
(2004): the evaluated value is ``cost + Σ_r w_r·overload_r``; every neighbour, all shifts
(a job to another site) and all swaps (two jobs exchange their sites), is evaluated at
once with numpy; a job that leaves a site may not come back to it for ``tenure``
iterations unless that gives a feasible assignment better than the best known
(aspiration). The weights of overloaded rows grow by a small factor at every step and
the others shrink, so the walk oscillates around the feasibility boundary, where the
good assignments of tight instances lie. The best feasible assignment met is kept.

It is meant for instances of up to a few hundred jobs (swaps are all pairs of jobs);
larger ones use the repair-first local search.
"""

from __future__ import annotations

import time

import numpy as np

from .problem import Problem

__all__ = ["TabuSearch"]


class TabuSearch:
    """Shift/swap tabu search with adaptive row penalties; keeps the best feasible assignment.

    ``tenure`` is the base tabu tenure (a random part up to the same size is added);
    ``grow``/``shrink`` are the per-iteration factors of the weights of overloaded and
    non-overloaded rows.
    """

    def __init__(
        self,
        problem: Problem,
        seed: int = 0,
        tenure: int | None = None,
        grow: float = 1.06,
        shrink: float = 0.98,
        restart: int = 100,
        penalty: float = 1.0,
        kick: int = 0,
        relink: bool = True,
        elite_size: int = 8,
        guide: np.ndarray | None = None,
        max_swaps: int = 0,
    ) -> None:
        self.p = problem
        self.rng = np.random.default_rng(seed)
        sites, site = np.unique(problem.rows, axis=0, return_inverse=True)
        self.site = site.ravel()
        n, s = problem.n_jobs, len(sites)
        self.n_sites = s
        self.pair_at = np.full((n, s), -1, dtype=np.int64)
        self.pair_at[problem.pair_job, self.site] = np.arange(problem.n_pairs)
        self.j1, self.j2 = np.triu_indices(n, 1)
        self.tenure = tenure if tenure is not None else 2
        self.grow, self.shrink = grow, shrink
        self.restart = restart
        self.kick = kick
        self.relink = relink
        self.elite_size = elite_size
        self.g = problem.cost if guide is None else np.asarray(guide, dtype=float)
        self.max_swaps = max_swaps
        self.elite: list[tuple[float, np.ndarray]] = []
        spread = float(np.ptp(problem.cost)) + 1.0
        positive = problem.use[problem.use > 0]
        scale = float(np.median(positive)) if len(positive) else 1.0
        self.w0 = penalty * spread / scale
        self.w = np.full(len(problem.capacity), self.w0)
        self.best: np.ndarray | None = None
        self.best_cost = np.inf
        self.iterations = 0

    def _change(
        self, load: np.ndarray, rows: np.ndarray, add: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Weighted and plain change of the overload of ``rows`` when ``add`` is added."""
        cap = self.p.capacity[rows]
        before = np.maximum(0.0, load[rows] - cap)
        after = np.maximum(0.0, load[rows] + add - cap)
        return self.w[rows] * (after - before), after - before

    def _shift_moves(
        self, assign: np.ndarray, load: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Penalised delta, cost delta and overload delta of moving each pair's job onto it."""
        p = self.p
        cur = assign[p.pair_job]
        dcost = p.cost - p.cost[cur]
        dpen = self.g - self.g[cur]
        dover = np.zeros(p.n_pairs)
        for r in range(p.rows.shape[1]):
            rq, rp = p.rows[:, r], p.rows[cur, r]
            uq, up = p.use[:, r], p.use[cur, r]
            same = rq == rp
            a, b = self._change(load, rq, uq - np.where(same, up, 0.0))
            c, d = self._change(load, rp, -up)
            dpen += a + np.where(same, 0.0, c)
            dover += b + np.where(same, 0.0, d)
        return dpen, dcost, dover

    def _swap_moves(self, assign: np.ndarray, load: np.ndarray) -> tuple[np.ndarray, ...] | None:
        """Penalised, cost and overload deltas of every admissible swap, with its pairs."""
        p = self.p
        j1, j2 = self.j1, self.j2
        if self.max_swaps and len(j1) > self.max_swaps:
            pick = self.rng.choice(len(j1), size=self.max_swaps, replace=False)
            j1, j2 = j1[pick], j2[pick]
        p1, p2 = assign[j1], assign[j2]
        s1, s2 = self.site[p1], self.site[p2]
        q1, q2 = self.pair_at[j1, s2], self.pair_at[j2, s1]
        ok = np.flatnonzero((s1 != s2) & (q1 >= 0) & (q2 >= 0))
        if not len(ok):
            return None
        p1, p2, q1, q2 = p1[ok], p2[ok], q1[ok], q2[ok]
        dcost = p.cost[q1] + p.cost[q2] - p.cost[p1] - p.cost[p2]
        dpen = self.g[q1] + self.g[q2] - self.g[p1] - self.g[p2]
        dover = np.zeros(len(ok))
        for r in range(p.rows.shape[1]):
            ra, rb = p.rows[p1, r], p.rows[p2, r]
            a, b = self._change(load, ra, p.use[q2, r] - p.use[p1, r])
            c, d = self._change(load, rb, p.use[q1, r] - p.use[p2, r])
            dpen += a + c
            dover += b + d
        return j1[ok], j2[ok], q1, q2, dpen, dcost, dover

    def _move(
        self, assign: np.ndarray, load: np.ndarray, j: int, q: int, until: np.ndarray
    ) -> None:
        p = self.p
        old = int(assign[j])
        np.subtract.at(load, p.rows[old], p.use[old])
        np.add.at(load, p.rows[q], p.use[q])
        assign[j] = q
        hold = self.tenure + int(self.rng.integers(0, self.tenure + 1))
        until[j, self.site[old]] = self.iterations + hold

    def _remember(self, assign: np.ndarray, cost: float) -> None:
        """Keep ``assign`` among the ``elite_size`` best distinct feasible assignments."""
        if any(np.array_equal(assign, e) for _, e in self.elite):
            return
        self.elite.append((cost, assign.copy()))
        self.elite.sort(key=lambda item: item[0])
        del self.elite[self.elite_size :]

    def run(
        self,
        assign: np.ndarray,
        deadline: float,
        stop_at: float = -np.inf,
        max_iterations: int | None = None,
        patience: int | None = None,
    ) -> np.ndarray | None:
        """Search from ``assign`` (one pair per job) until ``deadline``, ``max_iterations``,
        ``patience`` iterations without a better feasible assignment, or a feasible value
        ``<= stop_at``; returns the best feasible assignment met, or ``None``."""
        p = self.p
        assign = assign.copy()
        load = p.load(assign)
        until = np.zeros((p.n_jobs, self.n_sites), dtype=np.int64)
        cost = float(p.cost[assign].sum())
        over = float(np.maximum(0.0, load - p.capacity).sum())
        if over <= 1e-9:
            self.best, self.best_cost = assign.copy(), cost
        limit = np.inf if max_iterations is None else self.iterations + max_iterations
        last = self.iterations
        seg: np.ndarray | None = None
        seg_cost = np.inf
        found_at = self.iterations
        while self.best_cost > stop_at and self.iterations < limit:
            if patience is not None and self.iterations - found_at > patience:
                break
            if self.iterations % 16 == 0 and time.perf_counter() > deadline:
                break
            self.iterations += 1
            it = self.iterations
            if self.best is not None and it - last > self.restart:
                # Back to the best assignment, weights reset, then a random kick of
                # ``kick`` shifts so that the walk leaves the best one's basin.
                if seg is not None:
                    self._remember(seg, seg_cost)
                seg, seg_cost = None, np.inf
                assign[:] = self.best
                others = [e for c, e in self.elite if c > self.best_cost + 1e-9]
                if self.relink and others:
                    # Half-way towards another elite assignment (path relinking).
                    other = others[int(self.rng.integers(len(others)))]
                    differ = np.flatnonzero(other != assign)
                    half = self.rng.permutation(differ)[: (len(differ) + 1) // 2]
                    assign[half] = other[half]
                for j in self.rng.choice(p.n_jobs, size=min(self.kick, p.n_jobs), replace=False):
                    row = self.pair_at[j]
                    options = row[row >= 0]
                    assign[j] = options[self.rng.integers(len(options))]
                load[:] = p.load(assign)
                cost, last = float(p.cost[assign].sum()), it
                over = float(np.maximum(0.0, load - p.capacity).sum())
                self.w[:] = self.w0
                until[:] = 0
            dpen, dcost, dover = self._shift_moves(assign, load)
            jobs = p.pair_job
            feasible_better = (over + dover <= 1e-9) & (cost + dcost < self.best_cost - 1e-9)
            allowed = (until[jobs, self.site] <= it) | feasible_better
            allowed &= assign[jobs] != np.arange(p.n_pairs)
            shift_val = np.where(allowed, dpen, np.inf)
            k = int(np.argmin(shift_val))
            best_val = shift_val[k]
            # Swaps (the costly neighbourhood) only when no shift improves.
            swap = self._swap_moves(assign, load) if best_val >= -1e-9 else None
            if swap is not None:
                j1, j2, q1, q2, spen, scost, sover = swap
                s1, s2 = self.site[assign[j1]], self.site[assign[j2]]
                fb = (over + sover <= 1e-9) & (cost + scost < self.best_cost - 1e-9)
                sallowed = ((until[j1, s2] <= it) & (until[j2, s1] <= it)) | fb
                swap_val = np.where(sallowed, spen, np.inf)
                m = int(np.argmin(swap_val))
                if swap_val[m] < best_val:
                    self._move(assign, load, int(j1[m]), int(q1[m]), until)
                    self._move(assign, load, int(j2[m]), int(q2[m]), until)
                    cost += float(scost[m])
                    over = max(0.0, over + float(sover[m]))
                    best_val = -np.inf
            if best_val != -np.inf:
                if not np.isfinite(best_val):
                    # Every move is tabu: forget the tabu list.
                    until[:] = 0
                    continue
                self._move(assign, load, int(jobs[k]), k, until)
                cost += float(dcost[k])
                over = max(0.0, over + float(dover[k]))
            overloaded = load > p.capacity + 1e-9
            if overloaded.any():
                self.w[overloaded] *= self.grow
            else:
                self.w = np.maximum(self.w * self.shrink, 1e-3 * self.w0)
                if cost < seg_cost - 1e-9:
                    seg, seg_cost = assign.copy(), float(p.cost[assign].sum())
                if cost < self.best_cost - 1e-9:
                    cost = float(p.cost[assign].sum())
                    self.best, self.best_cost = assign.copy(), cost
                    last = found_at = it
        return self.best
