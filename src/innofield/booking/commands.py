"""CLI commands of the booking app (registered in ``innofield.cli`` by the lead)."""

from __future__ import annotations

import typer


def release_no_shows() -> None:
    """Release bookings nobody checked into within the grace period (run every few minutes)."""
    from innofield.cli import _django

    _django()
    from innofield.booking.actions import release_no_shows as release

    released = release(actor=None)
    typer.echo(
        f"released {len(released)} no-show booking(s)" + (f": {released}" if released else "")
    )
