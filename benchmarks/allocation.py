"""Benchmark: OR-Library GAP sets and a synthetic 10,000-job platform instance.

For every instance it prints objective, bound, gap to the best known value and
seconds for the innofield solver, raw HiGHS with the same time limit, and the
nearest-hub greedy baseline, all in one run; then the platform instance
(10,000 jobs x 20 hubs x 24 hourly windows) with money and carbon against greedy.
Best known values: ``innofield.allocation.orlib.BEST_KNOWN`` (sources in
tests/allocation/data/README.md). The machine's core count is printed first.

    .venv/bin/python benchmarks/allocation.py [--sets a,b,c,d] [--time-limit 10] [--no-platform]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

from innofield.allocation import (
    GreedyNearest,
    InnofieldSolver,
    SolverOnly,
    candidate_problem,
    read_orlib,
    synthetic_platform,
)
from innofield.allocation.tabu_jit import warm

DATA = Path(__file__).resolve().parents[1] / "tests" / "allocation" / "data"


def status(solver: object) -> str:
    """The status, marked when "infeasible" only means no solution was found in time."""
    stats = getattr(solver, "stats_", {})
    text = str(getattr(solver, "status_", "?"))
    return text + (
        " (no solution in time, not proved)" if stats.get("infeasible_proven") is False else ""
    )


def fmt(value: float) -> str:
    """A number for the table, ``-`` when there is none."""
    return "-" if not np.isfinite(value) else f"{value:.2f}".rstrip("0").rstrip(".")


def off(value: float, best: float | None) -> str:
    """Distance to the best known value in percent of it."""
    if best is None or not np.isfinite(value):
        return "-"
    return f"{100 * abs(value - best) / abs(best):.3f}%"


def orlib(sets: list[str], time_limit: float, only: set[str]) -> None:
    """Run the three methods on the OR-Library files named by ``sets`` (``only``: names)."""
    print(
        f"{'instance':10} {'best':>6} | {'method':9} {'objective':>9} {'bound':>9} "
        f"{'to best':>8} {'seconds':>7} status"
    )
    for name in sets:
        for inst in read_orlib(DATA / f"gap{name}.txt.gz"):
            if only and inst.name not in only:
                continue
            best = inst.best_known
            for label, solver in (
                ("innofield", InnofieldSolver(time_limit=time_limit)),
                ("highs", SolverOnly(time_limit=time_limit)),
                ("greedy", GreedyNearest()),
            ):
                solver.fit(inst.problem)
                obj = inst.reported(solver.objective_) if solver.status_ != "infeasible" else np.inf
                bound = inst.reported(solver.bound_) if np.isfinite(solver.bound_) else np.inf
                print(
                    f"{inst.name:10} {best or '-':>6} | {label:9} {fmt(obj):>9} {fmt(bound):>9} "
                    f"{off(obj, best):>8} {solver.seconds_:7.2f} {status(solver)}",
                    flush=True,
                )


def platform(time_limit: float) -> None:
    """The synthetic platform instance, weighted money + carbon objective."""
    t = time.perf_counter()
    jobs, hubs, latency = synthetic_platform(10_000, 20, 24, seed=0)
    problem = candidate_problem(jobs, hubs, latency).with_objective("weighted", {"latency": 0.0})
    print(
        f"\nplatform: {problem.n_jobs} jobs x {len(problem.hubs)} hubs x 24 windows, "
        f"{problem.n_pairs} allowed pairs, built in {time.perf_counter() - t:.2f} s"
    )
    for label, solver in (
        ("innofield", InnofieldSolver(time_limit=time_limit)),
        ("highs", SolverOnly(time_limit=time_limit)),
        ("greedy", GreedyNearest()),
    ):
        solver.fit(problem)
        totals = solver.totals()
        placed = int((solver.assignment_ >= 0).sum())
        print(
            f"  {label:9} objective {fmt(solver.objective_):>10} bound {fmt(solver.bound_):>10} "
            f"gap {fmt(100 * solver.gap_)}% seconds {solver.seconds_:.2f} status {status(solver)} "
            f"placed {placed} money {totals.get('cost', 0):.0f} "
            f"carbon {totals.get('carbon', 0) / 1e6:.3f} t",
            flush=True,
        )


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="a,b,c,d", help="OR-Library sets, e.g. 1,2,a,d")
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--instances", default="", help="only these, e.g. c10200,d20100")
    parser.add_argument("--no-platform", action="store_true")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"cores: {cores} (os.cpu_count {os.cpu_count()}); time limit {args.time_limit} s per "
        "solver and instance; the machine may be shared with other jobs"
    )
    # The compiled tabu kernel is compiled once per machine (numba cache); load it
    # before the timed runs, as a long-running service would.
    print(f"tabu kernel ready in {warm():.2f} s (compile or cache load, not timed)")
    only = {s for s in args.instances.split(",") if s}
    orlib([s for s in args.sets.split(",") if s], args.time_limit, only)
    if not args.no_platform:
        platform(args.time_limit)


if __name__ == "__main__":
    main()
