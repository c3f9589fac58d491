"""CLI commands of the computing app: the ``innofield computing`` group (mounted by the CLI).

``innofield computing allocate`` runs the allocation job (kind ``computing.allocate``)
here with a rich progress bar on stderr and prints its result as one JSON line, or queues
it for the worker with ``--background``. It is the same job as the web's and the API's
"start an allocation run" and ``innofield jobs run computing.allocate``.
"""

from __future__ import annotations

import typer

app = typer.Typer(help="Computing-power network.", no_args_is_help=True)

OBJECTIVES = ("cost", "carbon", "latency", "weighted")


@app.command("allocate")
def allocate(
    objective: str = typer.Option("weighted", help="cost, carbon, latency or weighted"),
    windows: int = typer.Option(24, help="hourly windows ahead to place jobs in (1-168)"),
    time_limit: float = typer.Option(5.0, "--time-limit", help="solver seconds (0-60]"),
    user: str = typer.Option("", "--user", help="act as this user (default: the system)"),
    background: bool = typer.Option(
        False, "--background", help="queue it as a job for `innofield jobs worker` instead"
    ),
) -> None:
    """Place every submitted computing job on the open offers and reserve the capacity
    (an allocation run). Prints the run's result as one JSON line: run, jobs, placed,
    status."""
    if objective not in OBJECTIVES:
        typer.echo(f"error: --objective: must be one of {', '.join(OBJECTIVES)}", err=True)
        raise typer.Exit(2)
    if not 1 <= windows <= 168:
        typer.echo("error: --windows: must be 1-168", err=True)
        raise typer.Exit(2)
    if not 0 < time_limit <= 60:
        typer.echo("error: --time-limit: must be more than 0 and at most 60", err=True)
        raise typer.Exit(2)
    from innofield.jobs.commands import run_kind

    params = {"objective": objective, "windows": windows, "time_limit": time_limit}
    run_kind("computing.allocate", params, user=user, background=background)
