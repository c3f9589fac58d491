"""``innofield allocate``: place jobs on hubs from two CSV files.

The platform's CLI registers :func:`allocate` with ``app.command("allocate")(allocate)``.
Messages go to stderr; the last line of stdout is one JSON object with
``objective``, ``bound``, ``status``, ``seconds``, ``jobs``, ``hubs`` (and ``gap``,
``greedy_objective``, ``greedy_unplaced``, ``totals``). Malformed files exit 2
naming the file, row and column; an infeasible instance exits 1 naming the jobs
that cannot be placed.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["allocate"]

#: The objectives (``problem.OBJECTIVES``, repeated so that ``--help`` loads no numpy).
OBJECTIVES = ("cost", "carbon", "latency", "weighted")


def _num(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def allocate(
    hubs: Annotated[Path, typer.Option("--hubs", help="HUBS.csv: hub,capacity[,capacity_<res>]")],
    pairs: Annotated[
        Path,
        typer.Option("--pairs", help="PAIRS.csv: job,hub,cost,use[,carbon,latency_ms,use_<res>]"),
    ],
    out: Annotated[Path, typer.Option("--out", help="PLAN.csv to write: job,hub")],
    time_limit: Annotated[float, typer.Option("--time-limit", min=0.1, help="seconds")] = 10.0,
    objective: Annotated[
        str, typer.Option("--objective", help="cost|carbon|latency|weighted")
    ] = "cost",
) -> None:
    """Assign every job to one allowed hub within the hubs' capacities."""
    from .io import InputError, read_problem, write_plan
    from .solvers import GreedyNearest, InnofieldSolver

    if objective not in OBJECTIVES:
        typer.echo(f"error: --objective must be one of {'|'.join(OBJECTIVES)}", err=True)
        raise typer.Exit(2)
    try:
        problem = read_problem(hubs, pairs)
        problem = problem.with_objective(objective)
    except InputError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    except ValueError as exc:
        typer.echo(f"error: {pairs.name}: {exc}", err=True)
        raise typer.Exit(2) from None
    solver = InnofieldSolver(time_limit=time_limit).fit(problem)
    greedy = GreedyNearest().fit(problem)
    summary: dict[str, object] = {
        "objective": _num(solver.objective_),
        "bound": _num(solver.bound_),
        "status": solver.status_,
        "seconds": round(solver.seconds_, 3),
        "jobs": problem.n_jobs,
        "hubs": len(problem.hubs),
        "gap": _num(solver.gap_),
        "objective_kind": objective,
        "greedy_objective": _num(greedy.objective_),
        "greedy_unplaced": len(greedy.unplaced_),
    }
    if solver.status_ == "infeasible":
        names = solver.unplaced_
        shown = ", ".join(names[:20]) + (f" and {len(names) - 20} more" if len(names) > 20 else "")
        typer.echo(f"infeasible: these jobs cannot be placed: {shown}", err=True)
        summary["unplaced"] = names
        typer.echo(json.dumps(summary))
        raise typer.Exit(1)
    write_plan(out, solver.plan())
    summary["totals"] = {k: round(v, 6) for k, v in solver.totals().items()}
    typer.echo(f"wrote {len(problem.jobs)} assignments to {out}", err=True)
    typer.echo(json.dumps(summary))
