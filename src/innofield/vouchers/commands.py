"""CLI commands of the vouchers app (registered by the lead in ``innofield.cli``):

    app.command("settle")(settle)          # innofield settle [--expire]
    app.command("ledger-check")(ledger_check)
"""

from __future__ import annotations

import json

import typer


def settle(
    expire: bool = typer.Option(False, help="also expire grants past their date first"),
) -> None:
    """Run a settlement between regions: each issuing province's clearing account pays
    the provider's province the net of all unsettled claims. Prints one JSON line."""
    from innofield.cli import _django

    _django()
    from innofield.core.errors import InnofieldError
    from innofield.vouchers import actions
    from innofield.vouchers.models import Programme

    try:
        expired = 0
        if expire:
            for p in Programme.objects.all():
                expired += actions.expire_grants(actor=None, programme_id=p.pk)
        batch = actions.settle(actor=None)
    except InnofieldError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    out = {"expired_grants": expired, "batch": batch.pk if batch else None,
           "claims": batch.claims if batch else 0, "gross": batch.gross if batch else 0,
           "net": batch.net if batch else []}
    typer.echo(json.dumps(out))


def ledger_check() -> None:
    """Recompute every ledger account from its transfers and check the limits; exits 1
    and lists the problems if any invariant is broken."""
    from innofield.cli import _django

    _django()
    from innofield.ledger.queries import check_invariants

    problems = check_invariants()
    for p in problems:
        typer.echo(p, err=True)
    typer.echo(json.dumps({"invariants_hold": not problems, "problems": len(problems)}))
    if problems:
        raise typer.Exit(1)
