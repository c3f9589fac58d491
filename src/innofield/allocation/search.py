"""Constructive start and local search (shift, swap, ejection chains) with adaptive penalties.

The search walks through infeasible assignments as Yagiura, Ibaraki & Glover's
ejection-chain method does: the evaluated value is the cost plus a weighted
overload of every capacity row, and the weights of rows that stay overloaded at a
local optimum grow while the others shrink (strategic oscillation). Neighbourhoods
are evaluated for all candidates at once with numpy: *shift* (one job to another
pair), *swap* (two jobs exchange their sites), and a two-step *ejection chain*
(a job moves onto a site, a job there is ejected to its best other pair).
The best feasible assignment met on the way is kept.
"""

from __future__ import annotations

import time

import numpy as np

from .problem import Problem

__all__ = ["construct", "LocalSearch"]


def construct(problem: Problem, guide: np.ndarray) -> np.ndarray:
    """Greedy in order of flexibility: jobs with fewest pairs first, then largest regret.

    ``guide`` ranks the pairs (the cost, or Lagrangian-adjusted cost); each job takes
    its best pair that still fits, or when none fits the pair with most room left
    (the search then repairs the overload).
    Returns one pair per job; a job without pairs gets ``-1``.
    """
    starts = problem.starts
    ends = np.append(starts[1:], problem.n_pairs)
    regret = np.zeros(problem.n_jobs)
    for j in range(problem.n_jobs):
        g = np.sort(guide[starts[j] : ends[j]])
        regret[j] = g[1] - g[0] if len(g) > 1 else np.inf
    free = problem.capacity.astype(float).copy()
    out = np.full(problem.n_jobs, -1, dtype=np.int64)
    for j in np.lexsort((-regret, ends - starts)):
        lo, hi = starts[j], ends[j]
        if lo == hi:
            continue
        cand = lo + np.argsort(guide[lo:hi], kind="stable")
        fits = (problem.use[cand] <= free[problem.rows[cand]] + 1e-9).all(axis=1)
        if fits.any():
            p = int(cand[np.argmax(fits)])
        else:
            room = (free[problem.rows[cand]] - problem.use[cand]).min(axis=1)
            p = int(cand[np.argmax(room)])
        out[j] = p
        np.subtract.at(free, problem.rows[p], problem.use[p])
    return out


class LocalSearch:
    """Penalty-guided local search over one problem; keeps the best feasible assignment."""

    def __init__(self, problem: Problem, seed: int = 0) -> None:
        self.p = problem
        self.rng = np.random.default_rng(seed)
        sites, self.site = np.unique(problem.rows, axis=0, return_inverse=True)
        self.site = self.site.ravel()
        self.site_rows = sites
        n, s = problem.n_jobs, len(sites)
        self.pair_at: np.ndarray | None = None
        if n * s <= 4_000_000:
            self.pair_at = np.full((n, s), -1, dtype=np.int64)
            self.pair_at[problem.pair_job, self.site] = np.arange(problem.n_pairs)
        spread = float(np.ptp(problem.cost)) + 1.0
        scale = float(np.median(problem.use[problem.use > 0])) if (problem.use > 0).any() else 1.0
        self.w = np.full(len(problem.capacity), 10 * spread / scale)
        self.best: np.ndarray | None = None
        self.best_cost = np.inf

    def _excess(self, load: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return np.maximum(0.0, load - self.p.capacity[rows])

    def _record(self, assign: np.ndarray, load: np.ndarray) -> None:
        if (load <= self.p.capacity + 1e-9).all():
            c = float(self.p.cost[assign].sum())
            if c < self.best_cost - 1e-9:
                self.best_cost, self.best = c, assign.copy()

    def _shift_deltas(
        self, assign: np.ndarray, load: np.ndarray, idx: np.ndarray | None = None
    ) -> np.ndarray:
        """Change of the penalised value for moving each pair's job onto it (``idx``: a subset)."""
        p = self.p
        idx = np.arange(p.n_pairs) if idx is None else idx
        cur = assign[p.pair_job[idx]]
        delta = p.cost[idx] - p.cost[cur]
        for r in range(p.rows.shape[1]):
            rq, rp = p.rows[idx, r], p.rows[cur, r]
            uq, up = p.use[idx, r], p.use[cur, r]
            same = rq == rp
            new_q = load[rq] + uq - np.where(same, up, 0.0)
            delta += self.w[rq] * (self._excess(new_q, rq) - self._excess(load[rq], rq))
            gain = self._excess(load[rp] - up, rp) - self._excess(load[rp], rp)
            delta += np.where(same, 0.0, self.w[rp] * gain)
        delta[cur == idx] = np.inf
        return delta

    def _move(self, assign: np.ndarray, load: np.ndarray, j: int, q: int) -> None:
        p = self.p
        old = assign[j]
        np.subtract.at(load, p.rows[old], p.use[old])
        np.add.at(load, p.rows[q], p.use[q])
        assign[j] = q

    def _shift(self, assign: np.ndarray, load: np.ndarray) -> bool:
        idx = np.arange(self.p.n_pairs)
        over = load > self.p.capacity + 1e-9
        if over.any() and self.p.n_pairs > 20_000:
            # Repair first on large instances: only jobs sitting on overloaded rows move.
            on_over = over[self.p.rows[assign]].any(axis=1)
            idx = np.flatnonzero(on_over[self.p.pair_job])
        delta = self._shift_deltas(assign, load, idx)
        order = np.argsort(delta)[: max(1, len(self.p.capacity))]
        touched: set[int] = set()
        moved_jobs: set[int] = set()
        moved = False
        for k in order:
            if delta[k] >= -1e-9:
                break
            q = int(idx[k])
            j = int(self.p.pair_job[q])
            rows = set(self.p.rows[q].tolist()) | set(self.p.rows[assign[j]].tolist())
            if j in moved_jobs or rows & touched:
                continue
            self._move(assign, load, j, int(q))
            touched |= rows
            moved_jobs.add(j)
            moved = True
        return moved

    def _swap(self, assign: np.ndarray, load: np.ndarray) -> bool:
        if self.pair_at is None:
            return False
        p, n = self.p, self.p.n_jobs
        if n <= 400:
            j1, j2 = np.triu_indices(n, 1)
        else:
            j1 = self.rng.integers(0, n, 60_000)
            j2 = self.rng.integers(0, n, 60_000)
        p1, p2 = assign[j1], assign[j2]
        s1, s2 = self.site[p1], self.site[p2]
        q1, q2 = self.pair_at[j1, s2], self.pair_at[j2, s1]
        ok = (s1 != s2) & (q1 >= 0) & (q2 >= 0)
        j1, j2, p1, p2, q1, q2 = j1[ok], j2[ok], p1[ok], p2[ok], q1[ok], q2[ok]
        if not len(j1):
            return False
        delta = p.cost[q1] + p.cost[q2] - p.cost[p1] - p.cost[p2]
        for r in range(p.rows.shape[1]):
            ra, rb = p.rows[p1, r], p.rows[p2, r]
            na = load[ra] - p.use[p1, r] + p.use[q2, r]
            nb = load[rb] - p.use[p2, r] + p.use[q1, r]
            delta += self.w[ra] * (self._excess(na, ra) - self._excess(load[ra], ra))
            delta += self.w[rb] * (self._excess(nb, rb) - self._excess(load[rb], rb))
        k = int(np.argmin(delta))
        if delta[k] >= -1e-9:
            return False
        self._move(assign, load, int(j1[k]), int(q1[k]))
        self._move(assign, load, int(j2[k]), int(q2[k]))
        return True

    def _eject(self, assign: np.ndarray, load: np.ndarray) -> bool:
        """Chain: a job j1 moves onto the site of j2, j2 moves to its best other pair."""
        if self.pair_at is None or self.p.n_jobs > 400:
            return False
        base = self.p.cost[assign].sum() + float(self.w @ np.maximum(0, load - self.p.capacity))
        for j2 in self.rng.permutation(self.p.n_jobs)[:60]:
            trial_a, trial_l = assign.copy(), load.copy()
            s = self.site[assign[j2]]
            delta = self._shift_deltas(trial_a, trial_l)
            into = np.flatnonzero((self.site == s) & (self.p.pair_job != j2))
            if not len(into):
                continue
            q1 = int(into[np.argmin(delta[into])])
            self._move(trial_a, trial_l, int(self.p.pair_job[q1]), q1)
            d2 = self._shift_deltas(trial_a, trial_l)
            own = np.flatnonzero(self.p.pair_job == j2)
            own = own[self.site[own] != s]
            if not len(own):
                continue
            q2 = int(own[np.argmin(d2[own])])
            self._move(trial_a, trial_l, int(j2), q2)
            value = self.p.cost[trial_a].sum() + float(
                self.w @ np.maximum(0, trial_l - self.p.capacity)
            )
            if value < base - 1e-9:
                assign[:], load[:] = trial_a, trial_l
                return True
        return False

    def run(
        self, assign: np.ndarray, deadline: float, stop_at: float = -np.inf
    ) -> np.ndarray | None:
        """Search from ``assign`` until ``deadline`` or a feasible value ``<= stop_at``.

        It also stops when the best value has not improved for a quarter of its time.

        Returns the best feasible assignment met, or ``None``.
        """
        p = self.p
        assign = assign.copy()
        load = p.load(assign)
        self._record(assign, load)
        began = last = time.perf_counter()
        patience = max(0.3, 0.25 * (deadline - began))
        seen = self.best_cost
        while time.perf_counter() < deadline and self.best_cost > stop_at:
            if self.best_cost < seen:
                seen, last = self.best_cost, time.perf_counter()
            elif self.best is not None and time.perf_counter() - last > patience:
                break
            improved = self._shift(assign, load) or self._swap(assign, load)
            if not improved:
                improved = self._eject(assign, load)
            self._record(assign, load)
            if improved:
                continue
            over = load > p.capacity + 1e-9
            if over.any():
                self.w[over] *= 1.3
            else:
                self.w *= 0.95
                if self.best is not None and self.rng.random() < 0.3:
                    assign[:] = self.best
                    load[:] = p.load(assign)
                kick = self.rng.choice(p.n_pairs, size=min(3, p.n_pairs), replace=False)
                for q in kick:
                    self._move(assign, load, int(p.pair_job[q]), int(q))
        return self.best
