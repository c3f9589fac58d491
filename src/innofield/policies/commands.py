"""CLI of the policies app: ``innofield report evaluation|annual`` (mounted by the CLI).

A report is written to ``--out``; the last line of stdout is one JSON summary. Problems end
with one line ``error: FIELD: reason`` on stderr and exit status 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Reports a bureau files: evaluations, annual regional reports.")

Format = Annotated[str, typer.Option("--format", help="pdf or html")]
Lang = Annotated[str, typer.Option("--lang", help="zh or en")]
Out = Annotated[Path, typer.Option("--out", help="the file to write")]


def _write(out: Path, body: bytes, **facts: object) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(body)
    typer.echo(json.dumps({"out": str(out), "bytes": len(body), **facts}))


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


@app.command("evaluation")
def evaluation(
    evaluation_id: Annotated[int, typer.Argument(help="the evaluation's number")],
    out: Out,
    fmt: Format = "pdf",
    lang: Lang = "zh",
) -> None:
    """The report of a finished policy evaluation."""
    from innofield.core.cli_support import django_setup

    django_setup()
    from innofield.core.errors import InnofieldError

    from . import reports
    from .models import Evaluation

    row = Evaluation.objects.select_related("policy__issuer").filter(pk=evaluation_id).first()
    if row is None:
        raise _fail(f"ID: no evaluation {evaluation_id}")
    try:
        body = reports.evaluation_report(row, fmt=fmt, lang=lang)
    except InnofieldError as exc:
        raise _fail(str(exc)) from exc
    _write(out, body, evaluation=row.pk, format=fmt, lang=lang)


@app.command("annual")
def annual(
    region: Annotated[str, typer.Option("--region", help="province code, e.g. 320000")],
    year: Annotated[int, typer.Option("--year", help="the year reported on")],
    out: Out,
    fmt: Format = "pdf",
    lang: Lang = "zh",
    user: Annotated[
        str, typer.Option("--user", help="include the evaluations this user may see")
    ] = "",
) -> None:
    """The annual regional innovation report (needs `innofield dashboards refresh` once)."""
    from innofield.core.cli_support import django_setup

    django_setup()
    from django.contrib.auth import get_user_model

    from innofield.core.errors import InnofieldError

    from . import reports

    actor = None
    if user:
        actor = get_user_model().objects.filter(username=user).first()
        if actor is None:
            raise _fail(f"--user: no user named {user!r}")
    try:
        body = reports.annual_report(actor, region=region, year=year, fmt=fmt, lang=lang)
    except InnofieldError as exc:
        raise _fail(str(exc)) from exc
    _write(out, body, region=region, year=year, format=fmt, lang=lang)
