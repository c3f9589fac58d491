"""The ``innofield`` command line: serve, migrate, load, createuser, index, eval, ccd.

This module is the wiring: it mounts the command groups that the apps export (each
app's ``commands.py`` defines a ``typer.Typer`` named ``app``) and the commands of the
pure libraries. No app imports it; the shared helpers live in
:mod:`innofield.core.cli_support`. Every module imported here at start-up loads
typer and rich only (Django, numpy, pandas and torch load when a command runs), so
``innofield --help`` answers at once; ``tests/core/test_cli_startup.py`` checks it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer
from rich.progress import TaskID

from innofield.core.cli_support import django_setup as _django
from innofield.core.cli_support import err
from innofield.core.cli_support import fail as _fail
from innofield.core.cli_support import progress as _progress

app = typer.Typer(
    help="innofield: platform for regional innovation ecosystems.", no_args_is_help=True
)
load_app = typer.Typer(help="Load data sets into the platform.", no_args_is_help=True)
index_app = typer.Typer(
    help="Composite indices and the catalog search index.", no_args_is_help=True
)
eval_app = typer.Typer(help="Evaluate components on benchmark data.", no_args_is_help=True)
app.add_typer(load_app, name="load")
app.add_typer(index_app, name="index")
app.add_typer(eval_app, name="eval")


@app.command()
def migrate() -> None:
    """Create or upgrade the database schema."""
    _django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="interface to listen on"),
    port: int = typer.Option(8000, help="TCP port"),
    workers: int = typer.Option(0, help="worker processes (0: one per core plus one)"),
    threads: int = typer.Option(8, help="threads per worker"),
    warm_up: bool = typer.Option(
        True, help="build the search engines in each new worker before the first search"
    ),
    demo: bool = typer.Option(
        False, "--demo", help="allow the development secret key (the demo; never production)"
    ),
    jobs_worker: bool = typer.Option(
        True, help="also run a background-jobs worker (`innofield jobs worker`) until we stop"
    ),
) -> None:
    """Serve the platform (web pages, API, admin) with gunicorn.

    Outside debug mode it refuses to start without a real secret key (``--demo`` allows
    the development key and says so)."""
    _django()
    from django.conf import settings

    from innofield.config import production_problems

    problems = [] if settings.DEBUG else production_problems(settings.ENV)
    if demo:
        problems = [p for p in problems if not p.startswith("INNOFIELD_SECRET_KEY")]
        err.print("[yellow]demo mode:[/yellow] development secret key; not for production")
    if problems:
        _fail("refusing to serve:\n  " + "\n  ".join(problems))
    if jobs_worker:  # it stops by itself once this process (gunicorn, after execv) is gone
        import subprocess

        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "innofield.cli",
                "jobs",
                "worker",
                "--parent-pid",
                str(os.getpid()),
            ]
        )
    count = workers or (os.cpu_count() or 1) + 1
    # every thread of a worker may hold a pooled connection at once, and its warm-up one more
    os.environ.setdefault("INNOFIELD_DB_POOL", str(threads + 2))
    err.print(f"innofield serving at http://{host}:{port}/  (API: /api/docs, admin: /admin/)")
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "innofield.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(count),
        "--threads",
        str(threads),
        "--backlog",
        "2048",
        "--timeout",
        "120",
        "--graceful-timeout",
        "10",
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        "--log-level",
        "warning",
    ]
    if warm_up:
        argv += ["--config", "python:innofield.gunicorn_conf"]
    os.execv(sys.executable, argv)


@load_app.command("demo")
def load_demo(
    if_empty: bool = typer.Option(False, "--if-empty", help="do nothing if data is already loaded"),
) -> None:
    """Load the demo data set (real labs, abstracts, panels; marked synthetic records)."""
    _django()
    from innofield.demo.load import demo_users_text
    from innofield.demo.load import load_demo as run
    from innofield.registry.models import Region

    if if_empty and Region.objects.exists():
        err.print("data already loaded; demo logins:\n" + demo_users_text())
        return

    with _progress() as bar:
        tasks: dict[str, TaskID] = {}

        def progress(label: str, done: int, total: int) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.update(tasks[label], completed=done)

        try:
            counts = run(progress=progress)
        except RuntimeError as exc:
            _fail(str(exc))
    err.print("loaded: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    err.print("demo logins (the demo is not for production):\n" + demo_users_text())


@load_app.command("panels")
def load_panels(
    folder: Path = typer.Argument(..., help="folder of long-format panel CSVs"),
) -> None:
    """Load China provincial statistics panels (e.g. shared/data/china_provinces)."""
    _django()
    from innofield.core.errors import InnofieldError
    from innofield.stats.loaders import load_china_panels

    if not folder.is_dir():
        _fail(f"folder: {folder} is not a directory")
    with _progress() as bar:
        task = bar.add_task("statistics", total=None)
        try:
            counts = load_china_panels(
                folder, actor=None, progress=lambda d, t: bar.update(task, completed=d, total=t)
            )
        except InnofieldError as exc:
            _fail(str(exc))
    err.print(", ".join(f"{k}={v}" for k, v in counts.items()))


@load_app.command("items")
def load_items(
    file: Path = typer.Argument(..., help="CSV or JSON file in the export format"),
    as_user: str = typer.Option(..., "--as", help="username the import is done as"),
    demands: bool = typer.Option(False, help="the file holds demands, not items"),
    skip_bad: bool = typer.Option(False, help="import the good rows and report the bad ones"),
    background: bool = typer.Option(
        False, "--background", help="queue the import as a job (prints its id) and return"
    ),
) -> None:
    """Import catalog items (or demands) from a file; all or nothing unless --skip-bad.

    A file of more rows than INNOFIELD_IMPORT_BACKGROUND_ROWS runs as a catalog.import job
    here with a progress bar (or on the queue with --background) and prints its report.
    """
    _django()
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from innofield.catalog.actions import import_records
    from innofield.catalog.imports import store_upload
    from innofield.catalog.transfer import read_rows
    from innofield.core.errors import ValidationFailed
    from innofield.jobs.commands import run_kind

    user = get_user_model().objects.filter(username=as_user).first()
    if user is None:
        _fail(f"--as: no user {as_user!r}")
    if not file.is_file():
        _fail(f"file: {file} does not exist")
    target = "demands" if demands else "items"
    try:
        content = file.read_bytes()
        rows = read_rows(file.name, content)
        if background or len(rows) > settings.INNOFIELD_IMPORT_BACKGROUND_ROWS:
            params = {
                "upload": store_upload(file.name, content),
                "file": file.name[:200],
                "target": target,
                "skip_bad": skip_bad,
                "rows": len(rows),
            }
            run_kind("catalog.import", params, user=as_user, background=background)
            return
        report = import_records(
            actor=user, rows=rows, file=file.name, target=target, skip_bad=skip_bad
        )
    except ValidationFailed as exc:
        for e in exc.errors[:50]:
            err.print(str(e), highlight=False)
        _fail(f"{len(exc.errors)} problem(s); nothing imported")
    err.print(f"created {report['created']}, skipped {report['skipped']} bad row(s)")
    for e in report["errors"][:50]:
        err.print(str(e), highlight=False)


@app.command("settings")
def settings_table() -> None:
    """Print every setting (environment variable) with its meaning and default, as Markdown."""
    from innofield.config import markdown_table

    print(markdown_table())


@app.command()
def unlock(username: str = typer.Argument(..., help="the locked account")) -> None:
    """Lift the login lockout of an account after failed logins."""
    _django()
    from innofield.core.lockout import unlock as lift

    had = lift(username)
    err.print(f"{username}: {'unlocked' if had else 'had no failed logins'}")


@app.command()
def createuser(
    username: str = typer.Argument(...),
    org: str = typer.Option("", help="organization code"),
    role: str = typer.Option("member", help="member, manager, officer or admin"),
) -> None:
    """Create a user; the password comes from INNOFIELD_PASSWORD."""
    _django()
    from innofield.core.errors import ValidationFailed
    from innofield.registry.actions import create_user

    password = os.environ.get("INNOFIELD_PASSWORD")
    if not password:
        _fail("INNOFIELD_PASSWORD: set the new user's password in this environment variable")
    try:
        create_user(
            actor=None,
            username=username,
            password=password or "",
            organization_code=org or None,
            role=role,
        )
    except ValidationFailed as exc:
        _fail(str(exc))
    err.print(f"created user {username} ({role}{' at ' + org if org else ''})")


def _register_libraries() -> None:
    """Mount the apps' command groups and the libraries' commands (none loads Django yet)."""
    from innofield.allocation.cli import allocate
    from innofield.booking.commands import app as booking_app
    from innofield.challenges.commands import app as challenges_app
    from innofield.computing.commands import app as computing_app
    from innofield.core.backup_cli import backup_command, restore_command
    from innofield.dashboards.commands import app as dashboards_app
    from innofield.evaluation.cli import evaluate_app
    from innofield.jobs import commands as jobs
    from innofield.ledger.commands import app as ledger_app
    from innofield.market.commands import app as market_app
    from innofield.matching.cli import eval_matching
    from innofield.matchmaking.commands import index_rebuild
    from innofield.observatory.cli import ccd, index_build
    from innofield.policies.commands import app as report_app
    from innofield.vouchers.commands import app as vouchers_app

    index_app.command("build")(index_build)
    index_app.command("rebuild")(index_rebuild)
    app.command("ccd")(ccd)
    app.command("allocate")(allocate)
    eval_app.command("matching")(eval_matching)
    app.add_typer(booking_app, name="booking")
    app.add_typer(dashboards_app, name="dashboards")
    app.add_typer(market_app, name="market")
    app.add_typer(vouchers_app, name="vouchers")
    app.add_typer(ledger_app, name="ledger")
    jobs_app = typer.Typer(help="Background jobs.", no_args_is_help=True)
    jobs_app.command("worker")(jobs.worker)
    jobs_app.command("list")(jobs.list_jobs)
    jobs_app.command("run")(jobs.run)
    jobs_app.command("kinds")(jobs.kinds)
    jobs_app.command("requeue-stale")(jobs.requeue_stale)
    app.add_typer(jobs_app, name="jobs")
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)
    app.add_typer(evaluate_app, name="evaluate")
    app.add_typer(report_app, name="report")
    app.add_typer(challenges_app, name="challenges")
    app.add_typer(computing_app, name="computing")


_register_libraries()


def main() -> None:
    """Entry point of the ``innofield`` script."""
    app(prog_name="innofield")


if __name__ == "__main__":
    main()
