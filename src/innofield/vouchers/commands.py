"""CLI commands of the vouchers app: the ``innofield vouchers`` group (mounted by the CLI).

``ledger_check`` lives in :mod:`innofield.ledger.commands` (``innofield ledger check``) and
is re-exported here for callers that knew it by this module.
"""

from __future__ import annotations

import json

import typer

from innofield.ledger.commands import ledger_check

__all__ = ["app", "ledger_check", "settle"]

app = typer.Typer(help="Vouchers and clearing.", no_args_is_help=True)


@app.command("settle")
def settle(
    expire: bool = typer.Option(False, help="also expire grants past their date first"),
) -> None:
    """Run a settlement between regions: each issuing province's clearing account pays
    the provider's province the net of all unsettled claims. Prints one JSON line."""
    from innofield.core.cli_support import django_setup

    django_setup()
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
    out = {
        "expired_grants": expired,
        "batch": batch.pk if batch else None,
        "claims": batch.claims if batch else 0,
        "gross": batch.gross if batch else 0,
        "net": batch.net if batch else [],
    }
    typer.echo(json.dumps(out))
