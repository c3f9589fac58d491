"""CLI command of the dashboards app: the ``innofield dashboards`` group (mounted by the CLI)."""

from __future__ import annotations

import json

import typer

app = typer.Typer(help="Observatory dashboards.", no_args_is_help=True)


@app.command("refresh")
def refresh(
    user: str = typer.Option(
        "",
        "--user",
        help="act as this user (a platform admin or government officer); "
        "default: the system operator",
    ),
    background: bool = typer.Option(
        False, "--background", help="queue it as a job for `innofield jobs worker` instead"
    ),
) -> None:
    """Recompute the observatory dashboards from the statistics panels and cache them."""
    from innofield.core.cli_support import django_setup

    if background:
        from innofield.jobs.commands import run_kind

        run_kind("dashboards.refresh", {}, user=user, background=True)
        return
    django_setup()
    from django.contrib.auth import get_user_model

    from innofield.core.errors import InnofieldError

    from .actions import refresh_dashboards

    actor = None
    if user:
        actor = get_user_model().objects.filter(username=user).first()
        if actor is None:
            typer.echo(f"error: --user: no user named {user!r}", err=True)
            raise typer.Exit(1)
    try:
        counts = refresh_dashboards(actor=actor)
    except InnofieldError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(json.dumps(counts))
