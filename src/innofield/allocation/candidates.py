"""Candidate pairs from job and hub tables, with the hard constraints and time windows.

Every (job, hub, window) that passes the hard constraints becomes one pair:

* data residency — the hub's province or zone is in the job's ``residency`` set;
* latency SLO — the estimated latency from the job's data origin to the hub;
* hardware — the hub offers the job's hardware type;
* green-power minimum — the hub's green share is at least the job's minimum;
* deadline — windows from ``release`` to ``deadline`` (inclusive). A delay-tolerant
  job may run in any of them (temporal shifting into low-carbon or off-peak hours);
  an urgent job only in its release window.

Capacities are per hub and per window: row ``hub x window`` holds the hub's
capacity for that hour, and a job (or a job slice no longer than a window) uses
its size in the one window it runs in. Money is ``size x price x price_factor[w]``
and carbon ``size x kwh_per_unit x grid_intensity[w] x (1 - green_share)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .problem import Problem

__all__ = ["Job", "Hub", "candidate_problem", "synthetic_platform"]


@dataclass(frozen=True)
class Job:
    """A computing job: its data origin, size and hard constraints (``None``: no constraint)."""

    name: str
    origin: str
    size: float
    release: int = 0
    deadline: int = 0
    delay_tolerant: bool = False
    residency: frozenset[str] | None = None
    latency_slo_ms: float | None = None
    hardware: str | None = None
    green_min: float = 0.0


@dataclass(frozen=True)
class Hub:
    """A hub: location, offered hardware, green share, price per unit and hourly profiles."""

    name: str
    province: str
    zone: str
    capacity: float
    price: float
    green_share: float
    carbon: Sequence[float]
    price_factor: Sequence[float]
    hardware: frozenset[str] = frozenset({"gpu", "cpu"})
    kwh_per_unit: float = 1.0


def candidate_problem(
    jobs: Sequence[Job],
    hubs: Sequence[Hub],
    latency_ms: Mapping[tuple[str, str], float],
    windows: int = 24,
) -> Problem:
    """All allowed (job, hub, window) pairs as a :class:`Problem` with the ``cost`` objective.

    ``latency_ms[(origin, hub name)]`` is the latency estimate; a missing entry means
    the hub is unreachable from that origin. Metrics ``cost``, ``carbon`` and
    ``latency_ms`` are attached, so ``with_objective`` can switch objectives.
    """
    pj: list[int] = []
    ph: list[int] = []
    pw: list[int] = []
    lat: list[float] = []
    for j, job in enumerate(jobs):
        first = max(0, job.release)
        last = min(windows - 1, job.deadline if job.delay_tolerant else job.release)
        for h, hub in enumerate(hubs):
            ms = latency_ms.get((job.origin, hub.name))
            if ms is None:
                continue
            if job.residency is not None and not ({hub.province, hub.zone} & job.residency):
                continue
            if job.latency_slo_ms is not None and ms > job.latency_slo_ms:
                continue
            if job.hardware is not None and job.hardware not in hub.hardware:
                continue
            if hub.green_share < job.green_min:
                continue
            for w in range(first, last + 1):
                pj.append(j)
                ph.append(h)
                pw.append(w)
                lat.append(ms)
    job_idx, hub_idx, win = np.array(pj, np.int64), np.array(ph, np.int64), np.array(pw, np.int64)
    size = np.array([job.size for job in jobs], float)[job_idx]
    price = np.array([hub.price for hub in hubs])
    factor = np.array([np.asarray(hub.price_factor, float)[:windows] for hub in hubs])
    carbon = np.array([np.asarray(hub.carbon, float)[:windows] for hub in hubs])
    green = np.array([hub.green_share for hub in hubs])
    kwh = np.array([hub.kwh_per_unit for hub in hubs])
    money = size * price[hub_idx] * factor[hub_idx, win]
    co2 = size * kwh[hub_idx] * carbon[hub_idx, win] * (1 - green[hub_idx])
    rows = hub_idx * windows + win
    return Problem.build(
        [job.name for job in jobs],
        [hub.name for hub in hubs],
        job_idx,
        hub_idx,
        money,
        rows[:, None],
        size[:, None],
        np.repeat([hub.capacity for hub in hubs], windows),
        [f"{hub.name}@{w:02d}" for hub in hubs for w in range(windows)],
        {"cost": money, "carbon": co2, "latency_ms": np.array(lat, float)},
        win,
    )


def synthetic_platform(
    n_jobs: int = 10_000, n_hubs: int = 20, windows: int = 24, seed: int = 0
) -> tuple[list[Job], list[Hub], dict[tuple[str, str], float]]:
    """A reproducible synthetic east-data/west-computing instance.

    Hubs lie on a 2000 km wide map, western ones with cleaner grids and lower prices;
    grid intensity dips at midday (solar) and prices at night (off-peak). Jobs start
    in the east, 40 % are delay tolerant with deadlines 3-10 hours after release, and
    capacities leave the busiest hours about 75 % loaded if every job ran at once.
    Half the urgent jobs carry a latency SLO of 1.5-3 times the latency of the hub
    nearest their data; 10 % must stay in the east zone, 10 % need 25 % green power.
    Latency is estimated from distance (2 ms + 1 ms per 100 km) — a stand-in, not data.
    """
    rng = np.random.default_rng(seed)
    hours = np.arange(windows)
    hub_xy = rng.uniform(0, 2000, size=(n_hubs, 2))
    west = hub_xy[:, 0] < 1000
    zones = ["west" if w else "east" for w in west]
    job_xy = np.column_stack([rng.uniform(800, 2000, n_jobs), rng.uniform(0, 2000, n_jobs)])
    origins = [f"o{k}" for k in range(50)]
    origin_xy = job_xy[rng.choice(n_jobs, 50, replace=False)]
    origin_of = rng.integers(0, 50, n_jobs)
    dist = np.linalg.norm(origin_xy[:, None, :] - hub_xy[None, :, :], axis=2)
    latency = {
        (origins[o], f"hub{h:02d}"): float(2 + dist[o, h] / 100)
        for o in range(50)
        for h in range(n_hubs)
    }
    size = rng.gamma(2.0, 4.0, n_jobs).round(2) + 0.5
    release = rng.integers(0, windows, n_jobs)
    tolerant = rng.random(n_jobs) < 0.4
    deadline = np.minimum(windows - 1, release + rng.integers(3, 11, n_jobs))
    residency = rng.random(n_jobs) < 0.1
    hardware = np.where(rng.random(n_jobs) < 0.5, "gpu", "cpu")
    green_min = np.where(rng.random(n_jobs) < 0.1, 0.25, 0.0)
    per_hour = np.bincount(release, weights=size, minlength=windows).max()
    hubs = []
    for h in range(n_hubs):
        base = 350.0 if west[h] else 650.0
        solar = 1 - 0.35 * np.exp(-((hours - 13) ** 2) / 8)
        night = np.where((hours < 7) | (hours >= 23), 0.6, 1.0)
        offers = {"gpu", "cpu"} if rng.random() < 0.7 else {"cpu"}
        hubs.append(
            Hub(
                f"hub{h:02d}",
                f"p{h:02d}",
                zones[h],
                capacity=float(np.ceil(per_hour / n_hubs / 0.75 * rng.uniform(0.8, 1.2))),
                price=float(rng.uniform(0.6, 0.9) if west[h] else rng.uniform(0.9, 1.3)),
                green_share=float(rng.uniform(0.3, 0.6) if west[h] else rng.uniform(0.05, 0.3)),
                carbon=(base * solar * rng.uniform(0.9, 1.1)).tolist(),
                price_factor=night.tolist(),
                hardware=frozenset(offers),
            )
        )
    gpu = np.array(["gpu" in hub.hardware for hub in hubs])
    green = np.array([hub.green_share for hub in hubs])
    east = ~west
    ok = (
        (gpu[None, :] | (hardware[:, None] == "cpu"))
        & (green[None, :] >= green_min[:, None])
        & (east[None, :] | ~residency[:, None])
    )
    residency &= (ok & east[None, :]).any(axis=1)
    ok &= east[None, :] | ~residency[:, None]
    reach = np.where(ok, dist[origin_of], np.inf).min(axis=1) / 100 + 2
    urgent_slo = ~tolerant & (rng.random(n_jobs) < 0.5) & np.isfinite(reach)
    slo = np.where(urgent_slo, reach * rng.uniform(1.5, 3, n_jobs), np.inf)
    jobs = [
        Job(
            f"job{k:05d}",
            origins[origin_of[k]],
            float(size[k]),
            int(release[k]),
            int(deadline[k]),
            bool(tolerant[k]),
            frozenset({"east"}) if residency[k] else None,
            None if not np.isfinite(slo[k]) else float(slo[k]),
            str(hardware[k]),
            float(green_min[k]),
        )
        for k in range(n_jobs)
    ]
    return jobs, hubs, latency
