"""CLI command of the challenges app (the ``innofield challenges`` group)."""

from __future__ import annotations

import json

import typer

app = typer.Typer(help="Open innovation challenges.", no_args_is_help=True)


@app.command("sweep")
def sweep() -> None:
    """Close challenges past their deadline for judging, and return the prizes of those
    without submissions or not awarded by their award deadline (run it daily)."""
    from innofield.core.cli_support import django_setup

    django_setup()
    from .actions import sweep as run

    typer.echo(json.dumps(run(actor=None)))
