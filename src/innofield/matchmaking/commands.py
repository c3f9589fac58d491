"""Command-line entry of matchmaking: ``innofield index rebuild``."""

from __future__ import annotations

import typer


def index_rebuild(
    background: bool = typer.Option(
        False, "--background", help="queue it as a job (see innofield jobs list)"
    ),
    user: str = typer.Option("", "--user", help="act as this user (default: the system)"),
) -> None:
    """Recompute missing embeddings and check that the catalog search index builds."""
    if background:
        from innofield.jobs.commands import run_kind

        run_kind("matchmaking.index.rebuild", {}, user=user, background=True)
        raise typer.Exit(0)
    from innofield.core.cli_support import django_setup, err
    from innofield.core.cli_support import progress as _progress

    django_setup()
    from innofield.matchmaking.actions import rebuild_index

    with _progress() as bar:
        tasks: dict[str, object] = {}

        def progress(target: str, done: int, total: int) -> None:
            if target not in tasks:
                tasks[target] = bar.add_task(f"embedding {target}s", total=total)
            bar.update(tasks[target], completed=done)  # type: ignore[arg-type]

        counts = rebuild_index(actor=None, progress=progress)
    err.print(", ".join(f"{k}={v}" for k, v in counts.items()))
    raise typer.Exit(0)
