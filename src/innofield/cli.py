"""The ``innofield`` command line: serve, migrate, load, createuser, index, eval, ccd."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

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
err = Console(stderr=True)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innofield.settings")
    import django
    from django.conf import settings

    django.setup()
    database = settings.DATABASES["default"]
    if str(database["ENGINE"]).endswith("sqlite3"):
        Path(str(database["NAME"])).parent.mkdir(parents=True, exist_ok=True)


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(1)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )


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
) -> None:
    """Serve the platform (web pages, API, admin) with gunicorn."""
    _django()
    count = workers or (os.cpu_count() or 1) + 1
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
) -> None:
    """Import catalog items (or demands) from a file; all or nothing unless --skip-bad."""
    _django()
    from django.contrib.auth import get_user_model

    from innofield.catalog.actions import import_records
    from innofield.catalog.transfer import read_rows
    from innofield.core.errors import ValidationFailed

    user = get_user_model().objects.filter(username=as_user).first()
    if user is None:
        _fail(f"--as: no user {as_user!r}")
    if not file.is_file():
        _fail(f"file: {file} does not exist")
    try:
        rows = read_rows(file.name, file.read_bytes())
        report = import_records(
            actor=user,
            rows=rows,
            file=file.name,
            target="demands" if demands else "items",
            skip_bad=skip_bad,
        )
    except ValidationFailed as exc:
        for e in exc.errors[:50]:
            err.print(str(e), highlight=False)
        _fail(f"{len(exc.errors)} problem(s); nothing imported")
    err.print(f"created {report['created']}, skipped {report['skipped']} bad row(s)")
    for e in report["errors"][:50]:
        err.print(str(e), highlight=False)


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
    """Attach the commands of the libraries and apps (each imports Django only when run)."""
    from innofield.booking.commands import release_no_shows
    from innofield.dashboards.commands import refresh
    from innofield.evaluation.cli import evaluate_app
    from innofield.market.commands import registrations
    from innofield.matching.cli import eval_matching
    from innofield.matchmaking.commands import index_rebuild
    from innofield.observatory.cli import ccd, index_build
    from innofield.vouchers.commands import ledger_check, settle

    index_app.command("build")(index_build)
    index_app.command("rebuild")(index_rebuild)
    app.command("ccd")(ccd)
    eval_app.command("matching")(eval_matching)
    app.add_typer(evaluate_app, name="evaluate")
    groups: dict[str, tuple[str, dict[str, Any]]] = {
        "booking": ("Shared instruments.", {"release-no-shows": release_no_shows}),
        "dashboards": ("Observatory dashboards.", {"refresh": refresh}),
        "market": ("Technology market.", {"registrations": registrations}),
        "vouchers": ("Vouchers and clearing.", {"settle": settle}),
        "ledger": ("The double-entry ledger.", {"check": ledger_check}),
    }
    for name, (help_text, commands) in groups.items():
        group = typer.Typer(help=help_text, no_args_is_help=True)
        for command, function in commands.items():
            group.command(command)(function)
        app.add_typer(group, name=name)


_register_libraries()


def main() -> None:
    """Entry point of the ``innofield`` script."""
    app(prog_name="innofield")


if __name__ == "__main__":
    main()
