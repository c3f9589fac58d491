"""CLI command of the market app (the ``innofield market`` group): export registration data."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(help="Technology market.", no_args_is_help=True)


@app.command("registrations")
def registrations(
    user: str = typer.Option(
        ..., "--user", help="export what this user may see (a platform admin: all)"
    ),
    out: Path | None = typer.Option(None, "--out", help="write the CSV here instead of stdout"),
) -> None:
    """Technology-contract registration data (parties, type, amount, field, regions) as CSV."""
    from innofield.core.cli_support import django_setup

    django_setup()
    from django.contrib.auth import get_user_model

    from . import queries, registration

    actor = get_user_model().objects.filter(username=user).first()
    if actor is None:
        typer.echo(f"error: --user: no user named {user!r}", err=True)
        raise typer.Exit(1)
    rows = queries.registration_rows(actor)
    text = registration.to_csv(rows)
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        typer.echo(f"error: --out: cannot write {out}: {exc.strerror}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"{len(rows)} registered contracts written to {out}", err=True)
