"""The booking app's money invariants, checked by ``innofield ledger check``: each invoice's
paid and voucher amounts are exactly the posted ledger transfers recorded for it (from the
payer's account, or a voucher's, into the payee's), a paid invoice is paid in full, and no
invoice bills more or less than its booking's charge."""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

from innofield.ledger.codes import organization_account

from .invoicing import fen
from .lifecycle import INVOICE_PAID
from .models import Invoice, InvoicePayment


def check() -> list[str]:
    """Broken booking-invoice invariants, one sentence each."""
    problems: list[str] = []
    paid: dict[int, dict[str, int]] = defaultdict(lambda: {"payer": 0, "voucher": 0})
    rows = InvoicePayment.objects.values_list(
        "invoice_id",
        "source",
        "amount_fen",
        "transfer__amount",
        "transfer__status",
        "transfer__credit__code",
        "transfer__debit__code",
        "invoice__payee__code",
        "invoice__payer__code",
    )
    for inv, source, amount, t_amount, t_status, credit, debit, payee, payer in rows.iterator():
        paid[inv][source] += amount
        if t_amount != amount or t_status != "posted":
            problems.append(f"invoice {inv}: a {source} payment of {amount} fen is not posted")
        if credit != organization_account(SimpleNamespace(code=payee)):
            problems.append(f"invoice {inv}: a {source} payment went to {credit}, not the payee")
        if source == "payer" and debit != organization_account(SimpleNamespace(code=payer)):
            problems.append(f"invoice {inv}: a payer payment came from {debit}")
    for inv, amount, voucher, by_payer, status, charge in Invoice.objects.values_list(
        "id", "amount_fen", "voucher_fen", "paid_fen", "status", "booking__charge"
    ).iterator():
        got = paid.get(inv, {"payer": 0, "voucher": 0})
        if got["payer"] != by_payer or got["voucher"] != voucher:
            problems.append(
                f"invoice {inv}: records {by_payer} + {voucher} fen paid, the ledger "
                f"{got['payer']} + {got['voucher']}"
            )
        if status == INVOICE_PAID and by_payer + voucher != amount:
            problems.append(f"invoice {inv} is paid but {amount - by_payer - voucher} fen short")
        if amount != fen(charge):
            problems.append(f"invoice {inv} bills {amount} fen for a charge of {charge} yuan")
    return problems
