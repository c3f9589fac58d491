"""Turn open jobs and free offer capacity into an :mod:`innofield.allocation` problem,
solve it, run the greedy nearest-hub baseline on the same problem and explain each
placement. Plain values in, plain values out: no database here.

Time is cut into ``windows`` hourly windows from the run's start. A pair is (job, offer,
window): allowed when the offer has the job's hardware, the residency rule lets the data
go to the offer's cluster, the estimated latency is within the job's limit, the window
ends by the deadline (a job that may not wait: only the first window) and the offer has
room for the whole job in that window. Every job also gets an "unplaced" pair of a very
high cost, so a run always has an answer and leaves out only the jobs it must.

The money of a pair is the job's units × the offer's price *in that window*: an offer
with an off-peak tariff (闲时算力) sells the hours of its daily off-peak range (local
time) at its off-peak price, so a job that may wait can be cheaper later. A job that may
not wait keeps only the first window. Carbon stays constant per offer: the provincial
grid factor has no hourly profile here (no offline public source of one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from . import reference

UNPLACED = "(unplaced)"
HOUR = dt.timedelta(hours=1)
DAY_MINUTES = 24 * 60


def in_daily_range(start: dt.time, end: dt.time, at: dt.time, minutes: int = 60) -> bool:
    """Whether the ``minutes`` from ``at`` lie inside the daily range ``start``–``end``
    (local clock times; the range wraps midnight when ``end`` ≤ ``start``, e.g.
    23:00–07:00). A zero-length range holds nothing."""
    s = start.hour * 60 + start.minute
    length = (end.hour * 60 + end.minute - s) % DAY_MINUTES
    offset = (at.hour * 60 + at.minute - s) % DAY_MINUTES
    return offset + minutes <= length


def offpeak_windows(
    horizon: dt.datetime, windows: int, start: dt.time, end: dt.time, tz: str
) -> frozenset[int]:
    """The hourly windows from ``horizon`` whose whole hour lies in the daily off-peak
    range ``start``–``end`` of time zone ``tz``."""
    zone = ZoneInfo(tz)
    return frozenset(
        w
        for w in range(windows)
        if in_daily_range(start, end, (horizon + w * HOUR).astimezone(zone).time())
    )


@dataclass(frozen=True)
class OfferIn:
    """An open offer as the planner sees it: its free units in each window."""

    id: int
    cluster: str
    cluster_zh: str
    provinces: tuple[str, ...]
    role: str
    resource: str
    price_fen: int
    green_pct: int
    pue: float
    grid_kg: float
    free: Mapping[int, int]
    offpeak_price_fen: int | None = None
    offpeak: frozenset[int] = frozenset()

    def price_at(self, window: int) -> int:
        """The price per unit in ``window``: the off-peak price in an off-peak window."""
        if self.offpeak_price_fen is not None and window in self.offpeak:
            return self.offpeak_price_fen
        return self.price_fen

    def is_offpeak(self, window: int) -> bool:
        """Whether ``window`` is sold at the off-peak price."""
        return self.offpeak_price_fen is not None and window in self.offpeak


@dataclass(frozen=True)
class JobIn:
    """An open job: its units, hardware, data origin, rules and the windows it may use."""

    id: int
    origin: str
    units: int
    hardware: str
    residency: str
    max_latency_ms: float | None
    windows: Sequence[int]


@dataclass
class Choice:
    """One placed pair: offer, window, the price per unit in that window and its figures."""

    offer: int
    window: int
    money_fen: int
    carbon_g: int
    latency_ms: float
    price_fen: int = 0
    offpeak: bool = False

    def as_dict(self, offers: Mapping[int, OfferIn]) -> dict[str, Any]:
        """JSON-ready, naming the offer's cluster."""
        o = offers[self.offer]
        return {
            "offer": self.offer,
            "cluster": o.cluster,
            "cluster_zh": o.cluster_zh,
            "province": o.provinces[0],
            "role": o.role,
            "window": self.window,
            "money_fen": self.money_fen,
            "carbon_g": self.carbon_g,
            "latency_ms": self.latency_ms,
            "green_pct": o.green_pct,
            "price_fen": self.price_fen,
            "offpeak": self.offpeak,
        }


@dataclass
class Outcome:
    """What a run decided: placements, explanations, unplaced jobs and the comparison."""

    chosen: dict[int, Choice] = field(default_factory=dict)
    greedy: dict[int, Choice] = field(default_factory=dict)
    explanations: dict[int, dict[str, Any]] = field(default_factory=dict)
    unplaced: dict[int, str] = field(default_factory=dict)
    status: str = "optimal"
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    seconds: float = 0.0
    totals: dict[str, Any] = field(default_factory=dict)


def _why_not(job: JobIn, offers: Sequence[OfferIn]) -> dict[str, int]:
    """How many offers each hard rule excluded for ``job`` (first failing rule counts)."""
    out = {"hardware": 0, "residency": 0, "latency": 0, "deadline": 0, "capacity": 0}
    for o in offers:
        if o.resource != job.hardware:
            out["hardware"] += 1
        elif not reference.residency_allows(job.residency, job.origin, o.provinces):
            out["residency"] += 1
        elif (
            job.max_latency_ms is not None
            and reference.latency_ms(job.origin, o.provinces) > job.max_latency_ms
        ):
            out["latency"] += 1
        elif not job.windows:
            out["deadline"] += 1
        elif not any(o.free.get(w, 0) >= job.units for w in job.windows):
            out["capacity"] += 1
    return out


def _unplaced_reason(excluded: Mapping[str, int], total: int) -> str:
    if total == 0 or excluded["hardware"] == total:
        return "hardware"
    for rule in ("residency", "latency", "deadline", "capacity"):
        if excluded[rule]:
            return rule
    return "capacity"


def solve(
    jobs: Sequence[JobIn],
    offers: Sequence[OfferIn],
    *,
    objective: str = "weighted",
    time_limit: float = 5.0,
) -> Outcome:
    """Place ``jobs`` on ``offers``; see the module docstring."""
    from innofield.allocation import GreedyNearest, InnofieldSolver, Problem

    out = Outcome()
    by_id = {o.id: o for o in offers}
    pj: list[int] = []
    po: list[int] = []
    pw: list[int] = []
    money: list[float] = []
    carbon: list[float] = []
    lat: list[float] = []
    use: list[float] = []
    row_of: dict[tuple[int, int], int] = {}
    caps: list[float] = []
    row_names: list[str] = []
    placeable: list[JobIn] = []
    for job in jobs:
        start = len(pj)
        for o in offers:
            if o.resource != job.hardware:
                continue
            if not reference.residency_allows(job.residency, job.origin, o.provinces):
                continue
            ms = reference.latency_ms(job.origin, o.provinces)
            if job.max_latency_ms is not None and ms > job.max_latency_ms:
                continue
            per_unit = reference.carbon_g_per_unit(o.resource, o.pue, o.grid_kg, o.green_pct / 100)
            for w in job.windows:
                if o.free.get(w, 0) < job.units:
                    continue
                key = (o.id, w)
                if key not in row_of:
                    row_of[key] = len(caps)
                    caps.append(float(o.free[w]))
                    row_names.append(f"offer{o.id}@{w}")
                pj.append(len(placeable))
                po.append(row_of[key])
                pw.append(w)
                money.append(float(job.units * o.price_at(w)))
                carbon.append(job.units * per_unit)
                lat.append(ms)
                use.append(float(job.units))
        if len(pj) == start:
            excluded = _why_not(job, offers)
            out.unplaced[job.id] = _unplaced_reason(excluded, len(offers))
            continue
        placeable.append(job)
    if not placeable:
        out.totals = _totals({}, {}, jobs)
        return out
    n_real = len(pj)
    m = np.array(money)
    c = np.array(carbon)
    la = np.array(lat)
    weights: tuple[float, float, float] = {
        "cost": (1.0, 0.0, 0.0),
        "carbon": (0.0, 1.0, 0.0),
        "latency": (0.0, 0.0, 1.0),
        "weighted": (1.0, 1.0, 1.0),
    }[objective]
    # latency counts only for jobs that may not wait (interactive work); batch jobs that
    # may wait care about money and carbon, and their latency limit is a hard rule
    urgent = np.array([len(placeable[j].windows) <= 1 for j in pj] if pj else [], bool)
    cost = np.zeros(n_real)
    for weight, values in zip(weights, (m, c, la), strict=True):
        if weight:
            term = weight * values / (float(np.mean(np.abs(values))) or 1.0)
            cost += (
                np.where(urgent, term, 0.0) if values is la and objective == "weighted" else term
            )
    # the escape pair of every job: far dearer than any real pair, unlimited room
    big = 1000.0 * (float(cost.max()) + 1.0) * len(placeable)
    dummy_row = len(caps)
    caps.append(float(sum(j.units for j in placeable)))
    row_names.append(UNPLACED)
    pair_job = np.array(pj + list(range(len(placeable))), np.int64)
    pair_row = np.array(po + [dummy_row] * len(placeable), np.int64)
    pair_cost = np.concatenate([cost, np.full(len(placeable), big)])
    pair_use = np.array(use + [float(j.units) for j in placeable])
    hub_names = [*row_names]  # one "hub" per row: an offer in a window, plus the escape
    problem = Problem.build(
        [str(j.id) for j in placeable],
        hub_names,
        pair_job,
        pair_row,
        pair_cost,
        pair_row[:, None],
        pair_use[:, None],
        np.array(caps),
        row_names,
        {
            "cost": np.concatenate([m, np.zeros(len(placeable))]),
            "carbon": np.concatenate([c, np.zeros(len(placeable))]),
            "latency_ms": np.concatenate([la, np.full(len(placeable), 1e9)]),
            "real": np.concatenate([np.arange(n_real), np.full(len(placeable), -1)]),
        },
        np.array(pw + [-1] * len(placeable), np.int64),
    )
    solver = InnofieldSolver(time_limit=time_limit).fit(problem)
    greedy = GreedyNearest().fit(problem)
    offer_of_row = {r: key for key, r in row_of.items()}
    real = problem.metrics["real"].astype(np.int64)

    def choices(assignment: np.ndarray) -> dict[int, Choice]:
        got = {}
        for j, q in enumerate(assignment):
            if q < 0 or real[q] < 0:
                continue
            offer_id, window = offer_of_row[int(problem.rows[q, 0])]
            o = by_id[offer_id]
            got[placeable[j].id] = Choice(
                offer_id,
                window,
                int(round(problem.metrics["cost"][q])),
                int(round(problem.metrics["carbon"][q])),
                float(problem.metrics["latency_ms"][q]),
                o.price_at(window),
                o.is_offpeak(window),
            )
        return got

    out.chosen = choices(solver.assignment_)
    out.greedy = choices(greedy.assignment_)
    out.status = solver.status_
    out.seconds = float(solver.seconds_)
    if np.isfinite(solver.objective_):
        out.objective = float(solver.objective_)
    if np.isfinite(solver.bound_):
        out.bound = float(solver.bound_)
    if np.isfinite(solver.gap_):
        out.gap = float(solver.gap_)
    for j, job in enumerate(placeable):
        if job.id not in out.chosen:
            out.unplaced[job.id] = "capacity"
            continue
        out.explanations[job.id] = _explain(job, j, problem, real, out, by_id, offers)
    out.totals = _totals(out.chosen, out.greedy, jobs)
    return out


def _explain(
    job: JobIn,
    j: int,
    problem: Any,
    real: np.ndarray,
    out: Outcome,
    offers: Mapping[int, OfferIn],
    all_offers: Sequence[OfferIn],
) -> dict[str, Any]:
    """Why the job went where it did, next to its alternatives and the greedy choice."""
    starts = np.append(problem.starts, problem.n_pairs)
    pairs = [q for q in range(starts[j], starts[j + 1]) if real[q] >= 0]
    money = problem.metrics["cost"][pairs]
    carbon = problem.metrics["carbon"][pairs]
    lat = problem.metrics["latency_ms"][pairs]
    chosen = out.chosen[job.id]
    greedy = out.greedy.get(job.id)
    o = offers[chosen.offer]
    first = int(job.windows[0]) if job.windows else 0
    # what the same offer would have cost in the job's first window: what waiting saved
    now_fen = job.units * o.price_at(first)

    def site(values: np.ndarray) -> str:
        q = pairs[int(np.argmin(values))]
        return offers[int(problem.hubs[problem.pair_hub[q]].split("@")[0][5:])].cluster

    return {
        "cheapest_cluster": site(money),
        "cleanest_cluster": site(carbon),
        "nearest_cluster": site(lat),
        "latency_counted": len(job.windows) <= 1,
        "chosen": chosen.as_dict(offers),
        "greedy": greedy.as_dict(offers) if greedy else None,
        "options": len({problem.rows[q, 0] for q in pairs}),
        "offers_allowed": len({problem.hubs[problem.pair_hub[q]].split("@")[0] for q in pairs}),
        "cheapest_fen": int(round(float(money.min()))),
        "cleanest_g": int(round(float(carbon.min()))),
        "nearest_ms": float(lat.min()),
        "residency": job.residency,
        "origin": job.origin,
        "delay_tolerant": len(job.windows) > 1,
        "first_window": first,
        "offpeak": chosen.offpeak,
        "waited": chosen.window > first,
        "first_window_fen": now_fen,
        "waiting_saved_fen": now_fen - chosen.money_fen,
        "excluded": _why_not(job, all_offers),
    }


def _totals(
    chosen: Mapping[int, Choice], greedy: Mapping[int, Choice], jobs: Sequence[JobIn]
) -> dict[str, Any]:
    """Money, carbon and mean latency of both plans, over the jobs each placed."""

    def sums(plan: Mapping[int, Choice]) -> dict[str, Any]:
        n = len(plan)
        return {
            "placed": n,
            "money_fen": sum(c.money_fen for c in plan.values()),
            "carbon_g": sum(c.carbon_g for c in plan.values()),
            "latency_ms": round(sum(c.latency_ms for c in plan.values()) / n, 1) if n else 0.0,
        }

    return {"jobs": len(jobs), "innofield": sums(chosen), "greedy": sums(greedy)}
