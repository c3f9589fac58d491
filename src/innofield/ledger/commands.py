"""CLI command of the ledger: the ``innofield ledger`` group (mounted by the CLI)."""

from __future__ import annotations

import json

import typer

app = typer.Typer(help="The double-entry ledger.", no_args_is_help=True)


@app.command("check")
def ledger_check() -> None:
    """Recompute every ledger account from its transfers and check the limits; exits 1
    and lists the problems if any invariant is broken."""
    from innofield.core.cli_support import django_setup

    django_setup()
    from innofield.ledger.queries import check_invariants

    problems = check_invariants()
    for p in problems:
        typer.echo(p, err=True)
    typer.echo(json.dumps({"invariants_hold": not problems, "problems": len(problems)}))
    if problems:
        raise typer.Exit(1)
