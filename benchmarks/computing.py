"""Benchmark: the computing app's planner on the real hubs with synthetic jobs.

Builds the platform's problem exactly as an allocation run does (``computing/plan.py``):
GPU and CPU offers at the 10 national clusters (prices, green shares and capacities
synthetic; PUE targets and grid factors the real reference data), jobs from the east
provinces with residency rules, deadlines and delay tolerance (synthetic, seeded), 24
hourly windows. Prints, per size, the solver's status, gap, seconds and the totals of
both plans (innofield and the nearest-hub greedy baseline on the same problem). No
database: the planner takes plain values.

``--offpeak 0.5`` gives every second offer (synthetic) an off-peak tariff at that share of
its price in the daily hours 23:00-07:00 Beijing time, the horizon starting at 18:00, so
the windows 5-12 are off-peak for those offers; ``0`` (the default) leaves prices constant.

    .venv/bin/python benchmarks/computing.py [--jobs 200,2000] [--time-limit 10] [--offpeak 0.5]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import random
import time

from innofield.computing import plan, reference


def offers(rng: random.Random) -> list[plan.OfferIn]:
    """A GPU and a CPU offer at every cluster; the west cheaper, greener and larger."""
    out = []
    provinces = reference.provinces()
    for c in reference.clusters():
        p = provinces[c.provinces[0]]
        west = c.role == "west"
        for res, base, units in (("gpu", 700, 400), ("cpu", 4, 40_000)):
            cap = int(units * (1.5 if west else 0.6))
            out.append(
                plan.OfferIn(
                    len(out) + 1,
                    c.code,
                    c.name_zh,
                    c.provinces,
                    c.role,
                    res,
                    max(1, int(base * (0.8 if west else 1.2) * rng.uniform(0.9, 1.1))),
                    rng.randint(30, 60) if west else rng.randint(5, 25),
                    c.pue_target,
                    p.grid_kg_per_kwh,
                    dict.fromkeys(range(24), cap),
                )
            )
    return out


#: the benchmark's horizon: 18:00 Beijing time (10:00 UTC)
HORIZON = dt.datetime(2026, 12, 5, 10, tzinfo=dt.UTC)


def with_offpeak(offers: list[plan.OfferIn], share: float) -> list[plan.OfferIn]:
    """Every second offer sells 23:00-07:00 (Beijing time) at ``share`` of its price."""
    if not share:
        return offers
    night = plan.offpeak_windows(HORIZON, 24, dt.time(23), dt.time(7), "Asia/Shanghai")
    return [
        dataclasses.replace(o, offpeak_price_fen=max(1, round(o.price_fen * share)), offpeak=night)
        if i % 2 == 0
        else o
        for i, o in enumerate(offers)
    ]


def jobs(rng: random.Random, n: int) -> list[plan.JobIn]:
    """``n`` jobs with data in the east: 60 % may wait 2-10 hours."""
    east = [code for code, p in reference.provinces().items() if p.zone == "east"]
    out = []
    for j in range(n):
        gpu = rng.random() < 0.5
        start = rng.randint(0, 20)
        wins = (
            list(range(start, min(24, start + rng.randint(2, 10))))
            if rng.random() < 0.6
            else [start]
        )
        out.append(
            plan.JobIn(
                j,
                rng.choice(east),
                rng.randint(4, 60) if gpu else rng.randint(200, 4_000),
                "gpu" if gpu else "cpu",
                rng.choices(["none", "zone", "province"], [7, 2, 1])[0],
                None,
                wins,
            )
        )
    return out


def main() -> None:
    """Run the sizes asked for and print one JSON line each."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", default="200,2000")
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--offpeak", type=float, default=0.0, help="off-peak price share, 0-1")
    args = ap.parse_args()
    print(f"cores: {os.cpu_count()}")
    for n in (int(x) for x in args.jobs.split(",")):
        rng = random.Random(args.seed)
        o, js = offers(rng), jobs(rng, n)
        o = with_offpeak(o, args.offpeak)
        t = time.perf_counter()
        out = plan.solve(js, o, time_limit=args.time_limit)
        row = {
            "jobs": n,
            "offers": len(o),
            "windows": 24,
            "status": out.status,
            "gap": out.gap,
            "solver_seconds": round(out.seconds, 2),
            "total_seconds": round(time.perf_counter() - t, 2),
            "offpeak": args.offpeak,
            "placed_offpeak": sum(c.offpeak for c in out.chosen.values()),
            "greedy_offpeak": sum(c.offpeak for c in out.greedy.values()),
            "unplaced": len(out.unplaced),
            **{side: out.totals[side] for side in ("innofield", "greedy")},
        }
        # what waiting saved: each placement against the same offer in the job's first window
        row["waiting_saved_fen"] = sum(e["waiting_saved_fen"] for e in out.explanations.values())
        print(json.dumps(row))


if __name__ == "__main__":
    main()
