"""CLI commands of the booking app: the ``innofield booking`` group (mounted by the CLI)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Shared instruments.", no_args_is_help=True)


@app.command("release-no-shows")
def release_no_shows() -> None:
    """Release bookings nobody checked into within the grace period (run every few minutes)."""
    from innofield.core.cli_support import django_setup

    django_setup()
    from innofield.booking.actions import release_no_shows as release

    released = release(actor=None)
    typer.echo(
        f"released {len(released)} no-show booking(s)" + (f": {released}" if released else "")
    )
