"""The market's money invariant, checked by ``innofield ledger check``: a deal's escrow
is empty between payments (each milestone payment moves the money in and out again in
one transaction)."""

from __future__ import annotations

from innofield.ledger.models import Account

from .payments import escrow_account


def check() -> list[str]:
    """Escrow accounts holding money, one sentence each."""
    prefix = escrow_account(0).removesuffix("0")
    return [
        f"escrow {a.code} holds {a.totals.balance} fen between payments"
        for a in Account.objects.filter(code__startswith=prefix)
        if a.totals.balance
    ]
