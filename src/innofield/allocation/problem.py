"""The assignment model: jobs, hubs, allowed pairs, capacity rows and the objective.

A :class:`Problem` is a generalised assignment problem written over *pairs*: every
allowed (job, hub[, window]) candidate is one pair with an objective coefficient and
a use of one or more capacity *rows*. A hub with several resources has one row per
resource; a platform instance with time windows has one row per hub, window and
resource, so hourly capacities are ordinary rows and temporal shifting is nothing
more than a pair placed in another window. A pair that is not listed is forbidden.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Problem", "OBJECTIVES"]

OBJECTIVES = ("cost", "carbon", "latency", "weighted")
_METRIC = {"cost": "cost", "carbon": "carbon", "latency": "latency_ms"}


@dataclass(frozen=True)
class Problem:
    """A generalised assignment instance; pairs are sorted by job.

    ``pair_job``/``pair_hub`` index ``jobs``/``hubs``; ``cost`` is the objective
    coefficient of each pair; ``rows[p, r]`` is the capacity row that pair ``p``
    uses ``use[p, r]`` of; ``capacity`` holds one value per row. ``metrics`` keeps
    the raw per-pair money, carbon and latency for reporting; ``pair_window`` is
    the time window of each pair (``-1`` when the instance has no windows).
    """

    jobs: tuple[str, ...]
    hubs: tuple[str, ...]
    pair_job: np.ndarray
    pair_hub: np.ndarray
    cost: np.ndarray
    rows: np.ndarray
    use: np.ndarray
    capacity: np.ndarray
    row_names: tuple[str, ...]
    metrics: Mapping[str, np.ndarray] = field(default_factory=dict)
    pair_window: np.ndarray | None = None

    @classmethod
    def build(
        cls,
        jobs: Sequence[str],
        hubs: Sequence[str],
        pair_job: Sequence[int] | np.ndarray,
        pair_hub: Sequence[int] | np.ndarray,
        cost: Sequence[float] | np.ndarray,
        rows: np.ndarray,
        use: np.ndarray,
        capacity: Sequence[float] | np.ndarray,
        row_names: Sequence[str] | None = None,
        metrics: Mapping[str, np.ndarray] | None = None,
        pair_window: np.ndarray | None = None,
    ) -> Problem:
        """Validate the arrays, sort the pairs by job and return the problem."""
        pj = np.asarray(pair_job, dtype=np.int64)
        ph = np.asarray(pair_hub, dtype=np.int64)
        c = np.asarray(cost, dtype=np.float64)
        width = max(1, np.size(rows) // max(1, len(pj)))
        r = np.asarray(rows, dtype=np.int64).reshape(len(pj), width)
        u = np.asarray(use, dtype=np.float64).reshape(len(pj), width)
        cap = np.asarray(capacity, dtype=np.float64)
        if not (len(pj) == len(ph) == len(c) == len(r) == len(u)):
            raise ValueError("pair arrays differ in length")
        if r.shape != u.shape:
            raise ValueError("rows and use differ in shape")
        if len(pj) and (pj.min() < 0 or pj.max() >= len(jobs)):
            raise ValueError("pair_job out of range")
        if len(ph) and (ph.min() < 0 or ph.max() >= len(hubs)):
            raise ValueError("pair_hub out of range")
        if r.size and (r.min() < 0 or r.max() >= len(cap)):
            raise ValueError("rows out of range")
        if not (np.isfinite(c).all() and np.isfinite(u).all() and np.isfinite(cap).all()):
            raise ValueError("costs, uses and capacities must be finite")
        if (u < 0).any() or (cap < 0).any():
            raise ValueError("uses and capacities must be non-negative")
        order = np.argsort(pj, kind="stable")
        names = (
            tuple(row_names) if row_names is not None else tuple(f"row{i}" for i in range(len(cap)))
        )
        mets = {k: np.asarray(v, dtype=np.float64)[order] for k, v in (metrics or {}).items()}
        win = None if pair_window is None else np.asarray(pair_window, dtype=np.int64)[order]
        return cls(
            tuple(jobs),
            tuple(hubs),
            pj[order],
            ph[order],
            c[order],
            r[order],
            u[order],
            cap,
            names,
            mets,
            win,
        )

    @classmethod
    def from_matrices(cls, cost: np.ndarray, use: np.ndarray, capacity: np.ndarray) -> Problem:
        """A classical GAP: ``cost`` and ``use`` are hubs x jobs, one capacity per hub."""
        m, n = np.asarray(cost).shape
        hub, job = np.meshgrid(np.arange(m), np.arange(n), indexing="ij")
        return cls.build(
            [f"j{j + 1}" for j in range(n)],
            [f"h{i + 1}" for i in range(m)],
            job.ravel(),
            hub.ravel(),
            np.asarray(cost, dtype=float).ravel(),
            hub.ravel()[:, None],
            np.asarray(use, dtype=float).ravel()[:, None],
            capacity,
            [f"h{i + 1}" for i in range(m)],
        )

    @property
    def n_jobs(self) -> int:
        """Number of jobs."""
        return len(self.jobs)

    @property
    def n_pairs(self) -> int:
        """Number of allowed pairs."""
        return len(self.pair_job)

    @property
    def starts(self) -> np.ndarray:
        """Index of the first pair of every job (pairs are sorted by job)."""
        return np.searchsorted(self.pair_job, np.arange(self.n_jobs))

    @property
    def integral(self) -> bool:
        """True when every objective coefficient is an integer (bounds can be rounded up)."""
        return bool(np.all(self.cost == np.round(self.cost)))

    def with_objective(self, objective: str, weights: Mapping[str, float] | None = None) -> Problem:
        """The same problem with the objective taken from ``metrics``.

        ``weighted`` adds money, carbon and latency, each divided by its mean over the
        allowed pairs (so the default weights of one treat them as equally important).
        """
        if objective not in OBJECTIVES:
            raise ValueError(f"objective must be one of {', '.join(OBJECTIVES)}")
        if objective != "weighted":
            key = _METRIC[objective]
            if key not in self.metrics:
                raise ValueError(f"objective {objective}: the pairs have no {key} values")
            cost = self.metrics[key]
        else:
            w = {"cost": 1.0, "carbon": 1.0, "latency": 1.0, **(weights or {})}
            cost = np.zeros(self.n_pairs)
            for name, key in _METRIC.items():
                if key in self.metrics and w.get(name, 0.0):
                    values = self.metrics[key]
                    scale = float(np.mean(np.abs(values))) or 1.0
                    cost = cost + w[name] * values / scale
        return Problem(
            self.jobs,
            self.hubs,
            self.pair_job,
            self.pair_hub,
            np.asarray(cost, float),
            self.rows,
            self.use,
            self.capacity,
            self.row_names,
            self.metrics,
            self.pair_window,
        )

    def load(self, pairs: np.ndarray) -> np.ndarray:
        """Capacity used on every row by the chosen pairs."""
        return np.bincount(
            self.rows[pairs].ravel(), weights=self.use[pairs].ravel(), minlength=len(self.capacity)
        )

    def feasible(self, pairs: np.ndarray, tol: float = 1e-9) -> bool:
        """True when ``pairs`` gives every job one pair and no row is over capacity."""
        if len(pairs) != self.n_jobs or (pairs < 0).any():
            return False
        if not np.array_equal(self.pair_job[pairs], np.arange(self.n_jobs)):
            return False
        return bool((self.load(pairs) <= self.capacity + tol).all())

    def unservable(self) -> list[str]:
        """Jobs without any pair that fits an empty hub (forbidden everywhere or too big)."""
        fits = (self.use <= self.capacity[self.rows] + 1e-9).all(axis=1)
        ok = np.zeros(self.n_jobs, dtype=bool)
        ok[self.pair_job[fits]] = True
        return [self.jobs[j] for j in np.flatnonzero(~ok)]
