"""CLI commands of the jobs app (``innofield jobs ...``, registered by ``innofield.cli``).

:func:`run_kind` is the helper other commands use to run a job kind either here with a
progress bar or, with ``--background``, on the queue.
"""

from __future__ import annotations

import json
from typing import Any

import typer


def _user(username: str) -> Any:
    from django.contrib.auth import get_user_model

    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        typer.echo(f"error: --user: no user named {username!r}", err=True)
        raise typer.Exit(1)
    return user


def run_kind(
    kind: str, params: dict[str, Any], *, user: str = "", background: bool = False
) -> None:
    """Run job ``kind`` inline with a rich progress bar, or submit it with ``background``.

    Acts as ``user`` (default: the system). Prints the job's result as one JSON line; exits 1
    with the error if it failed.
    """
    from innofield.core.cli_support import django_setup as _django
    from innofield.core.cli_support import progress as _progress

    _django()
    from innofield.core.errors import InnofieldError

    from . import actions, runner

    actor = _user(user)
    try:
        job = actions.submit(kind, params, actor=actor, background=background)
    except InnofieldError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    if background:
        typer.echo(json.dumps({"job": job.pk, "state": job.state}))
        return
    with _progress() as bar:
        task = bar.add_task(kind, total=None)

        def show(done: int, total: int | None, message: str) -> None:
            bar.update(task, completed=done, total=total, description=f"{kind} {message}".strip())

        job = runner.run_inline(job.pk, listener=show)
    if job.state != "succeeded":
        typer.echo(f"error: job {job.pk} {job.state}: {job.error}", err=True)
        raise typer.Exit(1)
    typer.echo(json.dumps(job.result))


def _params(pairs: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            typer.echo(f"error: --param: expected key=value, got {pair!r}", err=True)
            raise typer.Exit(1)
        try:
            out[key] = json.loads(value)
        except ValueError:
            out[key] = value
    return out


def run(
    kind: str = typer.Argument(..., help="job kind, e.g. dashboards.refresh"),
    param: list[str] = typer.Option([], "--param", help="key=value (value as JSON if it parses)"),
    background: bool = typer.Option(False, "--background", help="submit to the queue instead"),
    user: str = typer.Option("", "--user", help="act as this user (default: the system)"),
) -> None:
    """Run a job kind here with a progress bar, or queue it with --background."""
    run_kind(kind, _params(param), user=user, background=background)


def worker(
    burst: bool = typer.Option(
        False, "--burst", "--once", help="run the jobs waiting now, then exit"
    ),
    queue: str = typer.Option("default", help="queue to take jobs from"),
    parent_pid: int = typer.Option(0, hidden=True, help="stop when this process is gone"),
) -> None:
    """Run background jobs (database backend, or RQ when INNOFIELD_TASKS_BACKEND=rq)."""
    from innofield.core.cli_support import django_setup as _django

    _django()
    if parent_pid:
        _stop_with_parent(parent_pid)
    from .heartbeat import requeue_stale
    from .queue import backend_name
    from .worker import run_worker

    typer.echo(f"innofield jobs worker: {backend_name()} backend, queue {queue}", err=True)
    stale = requeue_stale()
    if stale:
        typer.echo(f"jobs whose worker stopped, retried or failed: {stale}", err=True)
    run_worker(burst=burst, queue=queue)


def _stop_with_parent(parent_pid: int) -> None:
    """Send ourselves SIGTERM (a graceful stop) once ``parent_pid`` is no longer our parent."""
    import os
    import signal
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def list_jobs(
    state: str = typer.Option("", help="only jobs in this state"),
    kind: str = typer.Option("", help="only jobs of this kind"),
    limit: int = typer.Option(20, help="how many, newest first"),
) -> None:
    """List recent jobs of every user, newest first, one tab-separated line each."""
    from innofield.core.cli_support import django_setup as _django

    _django()
    from .models import Job

    qs = Job.objects.select_related("owner").order_by("-created", "-id")
    if state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    typer.echo("id\tkind\towner\tstate\tprogress\tattempts\tcreated\terror")
    for job in qs[:limit]:
        progress = f"{job.progress_done}/{job.progress_total or '?'}"
        owner = job.owner.username if job.owner else "system"
        error = " ".join(job.error.split())[:100]
        typer.echo(
            f"{job.pk}\t{job.kind}\t{owner}\t{job.state}\t{progress}\t"
            f"{job.attempts}/{job.max_attempts}\t{job.created.isoformat()}\t{error}"
        )


def requeue_stale(
    older_than: float = typer.Option(120.0, help="seconds without a heartbeat"),
) -> None:
    """Retry (or fail, once out of attempts) running jobs whose worker has stopped."""
    from innofield.core.cli_support import django_setup as _django

    _django()
    from .heartbeat import requeue_stale as requeue

    typer.echo(json.dumps({"stale": requeue(older_than=older_than)}))


def kinds() -> None:
    """List the registered job kinds."""
    from innofield.core.cli_support import django_setup as _django

    _django()
    from .registry import KINDS

    for name in sorted(KINDS):
        spec = KINDS[name]
        typer.echo(f"{name}\t{spec.label}{'' if spec.api else '  (CLI only)'}")
