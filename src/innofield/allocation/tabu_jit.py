"""Compiled tabu search with ejection chains for single-row generalised assignment.

The same walk as :mod:`.tabu` (best admissible move at every step, adaptive penalty
weights on the capacity rows, tabu tenure on the site a job leaves, aspiration by a
feasible assignment better than the best) with a third neighbourhood, the ejection
chain of length two in the manner of Yagiura, Ibaraki & Glover (2004): a job moves onto
another site and one job already there is pushed on to a third site. Chains are
evaluated only when no shift or swap improves the penalised value. The inner loop is
compiled with numba (``cache=True``: compiled once per machine, loaded from the cache
by every later process); the Python wrapper does the restarts from the best and the
elite set between calls of ``_segment``.

Only instances whose pairs use exactly one capacity row each (OR-Library's GAP) are
handled here; :func:`usable` tells, and the solver falls back to :class:`.tabu.TabuSearch`.
"""

from __future__ import annotations

import time

import numba
import numpy as np

from .problem import Problem

__all__ = ["CompiledTabu", "ready", "usable", "warm"]


def usable(problem: Problem) -> bool:
    """Whether ``problem`` has the one-row-per-pair shape the compiled search handles."""
    if problem.rows.shape[1] != 1:
        return False
    # Pairs of one job must use distinct rows (a site per job and row).
    key = problem.pair_job.astype(np.int64) * (len(problem.capacity) + 1) + problem.rows[:, 0]
    return len(np.unique(key)) == problem.n_pairs


@numba.njit(cache=True, inline="always")
def _over(load: float, add: float, cap: float) -> float:
    return max(0.0, load + add - cap) - max(0.0, load - cap)


@numba.njit(cache=True, nogil=True)
def _segment(  # noqa: PLR0912, PLR0913, PLR0915, C901
    c: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    x: np.ndarray,
    load: np.ndarray,
    w: np.ndarray,
    until: np.ndarray,
    best_x: np.ndarray,
    seg_x: np.ndarray,
    state: np.ndarray,
    it_max: int,
    restart: int,
    tenure: int,
    grow: float,
    shrink: float,
    w_min: float,
    stop_at: float,
    chains: bool,
    order: np.ndarray,
    chain_width: int,
    cheaper_only: bool,
) -> None:
    """Run tabu iterations on ``x`` until ``it_max``, ``restart`` idle iterations or
    a best value ``<= stop_at``. ``state`` is [iteration, last improvement, cost,
    overload, best cost, segment best cost]; updated in place like the arrays."""
    n, m = c.shape
    it = int(state[0])
    last = int(state[1])
    cost = state[2]
    over = state[3]
    best_cost = state[4]
    seg_cost = state[5]
    eps = 1e-9
    ct = c.T.copy()
    at = a.T.copy()
    op_j = np.zeros(n)
    v_j = np.zeros(n)
    oi_j = np.zeros(n)
    while it < it_max and best_cost > stop_at and it - last <= restart:
        it += 1
        bv = np.inf
        kind = 0
        mj = -1
        mi = -1
        mk = -1
        ml = -1
        bdc = 0.0
        bdo = 0.0
        # Shifts.
        for j in range(n):
            p = x[j]
            rp = _over(load[p], -a[j, p], b[p])
            for i in range(m):
                if i == p or not np.isfinite(c[j, i]):
                    continue
                ri = _over(load[i], a[j, i], b[i])
                dc = c[j, i] - c[j, p]
                do = rp + ri
                val = dc + w[p] * rp + w[i] * ri
                if val < bv:
                    ok = until[j, i] <= it
                    if not ok and over + do <= eps and cost + dc < best_cost - eps:
                        ok = True
                    if ok:
                        bv, kind, mj, mi, bdc, bdo = val, 1, j, i, dc, do
        # Swaps, when no shift improves.
        if bv >= -eps:
            for j in range(n):
                p = x[j]
                for k in range(j + 1, n):
                    q = x[k]
                    if q == p or not np.isfinite(c[j, q]) or not np.isfinite(c[k, p]):
                        continue
                    dp = a[k, p] - a[j, p]
                    dq = a[j, q] - a[k, q]
                    op = _over(load[p], dp, b[p])
                    oq = _over(load[q], dq, b[q])
                    dc = c[j, q] + c[k, p] - c[j, p] - c[k, q]
                    val = dc + w[p] * op + w[q] * oq
                    if val < bv:
                        ok = until[j, q] <= it and until[k, p] <= it
                        if not ok and over + op + oq <= eps and cost + dc < best_cost - eps:
                            ok = True
                        if ok:
                            bv, kind, mj, mk, bdc, bdo = val, 2, j, k, dc, op + oq
        # Ejection chains of length two, when neither improves: j -> i, k (on i) -> l.
        # The value splits into a part of (k, l) and a part of (k, j), computed once
        # per k (v_j); a site l is skipped when even the best j cannot beat the best
        # value, and the full value is recomputed (same rounding) for the candidates.
        if chains and bv >= -eps:
            for j in range(n):
                p = x[j]
                op_j[j] = _over(load[p], -a[j, p], b[p])
            for k in range(n):
                i = x[k]
                aki = a[k, i]
                v_min = np.inf
                for j in range(n):
                    p = x[j]
                    cji = ct[i, j]
                    if p == i or not np.isfinite(cji) or (cheaper_only and cji > c[j, p]):
                        v_j[j] = np.inf
                        continue
                    oi_j[j] = _over(load[i], at[i, j] - aki, b[i])
                    v = cji - c[j, p] + w[p] * op_j[j] + w[i] * oi_j[j]
                    v_j[j] = v
                    v_min = min(v_min, v)
                if not np.isfinite(v_min):
                    continue
                for t in range(min(chain_width, m)):
                    l_ = order[k, t]
                    if l_ == i or not np.isfinite(c[k, l_]):
                        continue
                    ol = _over(load[l_], a[k, l_], b[l_])
                    base = c[k, l_] - c[k, i] + w[l_] * ol
                    if base + v_min >= bv + 1e-7:
                        continue
                    tabu_k = until[k, l_] > it
                    for j in range(n):
                        if base + v_j[j] >= bv + 1e-7 or x[j] == l_:
                            continue
                        p = x[j]
                        op = op_j[j]
                        oi = oi_j[j]
                        dc = ct[i, j] - c[j, p] + c[k, l_] - c[k, i]
                        val = dc + w[p] * op + w[i] * oi + w[l_] * ol
                        if val < bv:
                            do = op + oi + ol
                            ok = not tabu_k and until[j, i] <= it
                            if not ok and over + do <= eps and cost + dc < best_cost - eps:
                                ok = True
                            if ok:
                                bv, kind, mj, mi, mk, ml, bdc, bdo = val, 3, j, i, k, l_, dc, do
        if kind == 0:
            # Every move is tabu: forget the tabu list.
            until[:, :] = 0
            continue
        hold = tenure + np.random.randint(0, tenure + 1)
        if kind == 1:
            p = x[mj]
            load[p] -= a[mj, p]
            load[mi] += a[mj, mi]
            x[mj] = mi
            until[mj, p] = it + hold
        elif kind == 2:
            p = x[mj]
            q = x[mk]
            load[p] += a[mk, p] - a[mj, p]
            load[q] += a[mj, q] - a[mk, q]
            x[mj] = q
            x[mk] = p
            until[mj, p] = it + hold
            until[mk, q] = it + hold
        else:
            p = x[mj]
            load[p] -= a[mj, p]
            load[mi] += a[mj, mi] - a[mk, mi]
            load[ml] += a[mk, ml]
            x[mj] = mi
            x[mk] = ml
            until[mj, p] = it + hold
            until[mk, mi] = it + hold
        cost += bdc
        over = max(0.0, over + bdo)
        feasible = True
        for r in range(m):
            if load[r] > b[r] + eps:
                feasible = False
                w[r] *= grow
        if feasible:
            over = 0.0
            for r in range(m):
                w[r] = max(w[r] * shrink, w_min)
            if cost < seg_cost - eps:
                seg_cost = cost
                seg_x[:] = x
            if cost < best_cost - eps:
                # Recompute to keep rounding from drifting.
                total = 0.0
                for j in range(n):
                    total += c[j, x[j]]
                cost = total
                best_cost = total
                best_x[:] = x
                last = it
    state[0] = it
    state[1] = last
    state[2] = cost
    state[3] = over
    state[4] = best_cost
    state[5] = seg_cost


@numba.njit(cache=True)
def _seed(seed: int) -> None:
    np.random.seed(seed)


def ready() -> bool:
    """Whether the kernel is compiled in this process or in numba's on-disk cache, so
    that a call does not spend seconds compiling inside a solver's time limit."""
    if _segment.signatures:
        return True
    try:
        # numba's index is empty when missing or stale (the source changed).
        return bool(_segment._cache._cache_file._load_index())  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - internal numba API: any failure means "not ready"
        return False


def warm() -> float:
    """Compile (or load from the cache) the kernel on a tiny instance; returns seconds."""
    start = time.perf_counter()
    problem = Problem.from_matrices(np.ones((2, 2)), np.ones((2, 2)), np.array([1.0, 1.0]))
    CompiledTabu(problem).run(np.array([0, 3]), np.inf, max_iterations=2)
    return time.perf_counter() - start


class CompiledTabu:
    """Tabu search with shifts, swaps and length-two ejection chains, compiled with numba.

    Same parameters and ``run`` contract as :class:`.tabu.TabuSearch`; ``chains``
    turns the ejection-chain neighbourhood off (for comparison).
    """

    def __init__(
        self,
        problem: Problem,
        seed: int = 0,
        tenure: int = 2,
        grow: float = 1.06,
        shrink: float = 0.98,
        restart: int = 100,
        penalty: float = 1.0,
        relink: bool = True,
        elite_size: int = 8,
        chains: bool = True,
        chunk: int = 50,
        chain_width: int = 4,
        cheaper_only: bool = False,
        chain_key: str = "use",
    ) -> None:
        if not usable(problem):
            raise ValueError("problem: the compiled tabu search needs one capacity row per pair")
        self.p = problem
        self.rng = np.random.default_rng(seed)
        _seed(seed)
        n, m = problem.n_jobs, len(problem.capacity)
        self.c = np.full((n, m), np.inf)
        self.a = np.zeros((n, m))
        rows = problem.rows[:, 0]
        self.c[problem.pair_job, rows] = problem.cost
        self.a[problem.pair_job, rows] = problem.use[:, 0]
        self.pair_at = np.full((n, m), -1, dtype=np.int64)
        self.pair_at[problem.pair_job, rows] = np.arange(problem.n_pairs)
        self.b = problem.capacity.astype(float)
        self.tenure, self.grow, self.shrink = tenure, grow, shrink
        self.restart, self.relink, self.elite_size = restart, relink, elite_size
        self.chains, self.chunk = chains, chunk
        self.chain_width, self.cheaper_only = chain_width, cheaper_only
        # Each job's sites from the cheapest: where an ejected job is pushed on to.
        key = {"cost": self.c, "use": np.where(np.isfinite(self.c), self.a, np.inf)}[chain_key]
        self.order = np.argsort(key, axis=1, kind="stable").astype(np.int64)
        spread = float(np.ptp(problem.cost)) + 1.0
        positive = problem.use[problem.use > 0]
        scale = float(np.median(positive)) if len(positive) else 1.0
        self.w0 = penalty * spread / scale
        self.elite: list[tuple[float, np.ndarray]] = []
        self.best: np.ndarray | None = None
        self.best_cost = np.inf
        self.iterations = 0

    def _remember(self, x: np.ndarray, cost: float) -> None:
        if any(np.array_equal(x, e) for _, e in self.elite):
            return
        self.elite.append((cost, x.copy()))
        self.elite.sort(key=lambda item: item[0])
        del self.elite[self.elite_size :]

    def pool(self) -> list[np.ndarray]:
        """The best feasible assignment met, then the other elite ones (pairs), each once."""
        if self.best is None:
            return []
        out = [self.best]
        for _, x in self.elite:
            pairs = self._pairs(x)
            if not any(np.array_equal(pairs, o) for o in out):
                out.append(pairs)
        return out

    def _pairs(self, x: np.ndarray) -> np.ndarray:
        return self.pair_at[np.arange(len(x)), x]

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
        ``<= stop_at``; returns the best feasible assignment (pairs) met, or ``None``."""
        p = self.p
        n, m = self.c.shape
        x = p.rows[assign, 0].astype(np.int64)
        load = np.zeros(m)
        np.add.at(load, x, self.a[np.arange(n), x])
        cost = float(self.c[np.arange(n), x].sum())
        over = float(np.maximum(0.0, load - self.b).sum())
        w = np.full(m, self.w0)
        until = np.zeros((n, m), dtype=np.int64)
        best_x = x.copy() if self.best is None else p.rows[self.best, 0].astype(np.int64)
        if over <= 1e-9 and cost < self.best_cost:
            best_x[:] = x
            self.best_cost = cost
        seg_x = x.copy()
        limit = np.inf if max_iterations is None else self.iterations + max_iterations
        state = np.array([self.iterations, self.iterations, cost, over, self.best_cost, np.inf])
        found_at = self.iterations
        while state[4] > stop_at and state[0] < limit:
            if patience is not None and state[0] - found_at > patience:
                break
            if time.perf_counter() > deadline:
                break
            before = state[4]
            it_max = int(min(limit, state[0] + self.chunk))
            _segment(
                self.c, self.a, self.b, x, load, w, until, best_x, seg_x, state,
                it_max, self.restart, self.tenure, self.grow, self.shrink,
                1e-3 * self.w0, stop_at, self.chains,
                self.order, self.chain_width, self.cheaper_only,
            )  # fmt: skip
            if state[4] < before:
                found_at = int(state[1])
            if state[0] - state[1] > self.restart and not np.isfinite(state[4]):
                state[1] = state[0]  # nothing feasible yet to go back to: keep walking
            elif state[0] - state[1] > self.restart:
                # Back to the best, weights reset, half-way to another elite assignment.
                if np.isfinite(state[5]):
                    self._remember(seg_x, float(state[5]))
                x[:] = best_x
                others = [e for cst, e in self.elite if cst > state[4] + 1e-9]
                if self.relink and others:
                    other = others[int(self.rng.integers(len(others)))]
                    differ = np.flatnonzero(other != x)
                    half = self.rng.permutation(differ)[: (len(differ) + 1) // 2]
                    x[half] = other[half]
                load[:] = 0.0
                np.add.at(load, x, self.a[np.arange(n), x])
                state[1] = state[0]
                state[2] = float(self.c[np.arange(n), x].sum())
                state[3] = float(np.maximum(0.0, load - self.b).sum())
                state[5] = np.inf
                w[:] = self.w0
                until[:] = 0
        self.iterations = int(state[0])
        if np.isfinite(state[4]):
            self.best_cost = float(state[4])
            self.best = self._pairs(best_x)
        return self.best
