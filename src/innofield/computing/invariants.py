"""Money invariants of computing (run by ``innofield ledger check``): every usage charges
the price its placement was planned at (units × the hour's price, off-peak or not), every
settled usage was paid on the ledger exactly as metered (a voucher share clawed back is
owed or paid again), and every voucher share it names exists."""

from __future__ import annotations

from django.db.models import F

from innofield.ledger.models import Transfer

from .models import Usage


def check() -> list[str]:
    """One sentence per broken invariant; empty when all hold."""
    problems = []
    for pk in Usage.objects.exclude(
        amount_fen=F("placement__units") * F("placement__price_fen")
    ).values_list("pk", flat=True):
        problems.append(f"usage #{pk} does not charge its placement's planned price")
    settled = Usage.objects.filter(settled_at__isnull=False)
    keys = [k for u in settled for k in (u.transfer_key, f"computing:usage:{u.pk}:due")]
    paid = {
        t.key: t for t in Transfer.objects.filter(key__in=keys).select_related("debit", "credit")
    }
    for u in settled.select_related("organization", "provider"):
        # what the firm paid at settlement: the amount less the voucher's share, less a
        # clawed-back share it owes again (``due_fen``) or paid later (``…:due``)
        again = paid.get(f"computing:usage:{u.pk}:due")
        if again is not None and (
            again.debit.code != f"ORG-{u.organization.code}"
            or again.credit.code != f"ORG-{u.provider.code}"
        ):
            problems.append(f"usage #{u.pk}: transfer {again.key} did not pay the provider")
        due = (
            u.amount_fen
            - (u.subsidy_fen if u.voucher_mode == "direct" else 0)
            - u.due_fen
            - (again.amount if again is not None else 0)
        )
        t = paid.get(u.transfer_key)
        if t is None and due == 0 and not u.transfer_key:
            continue  # the voucher paid it all
        if t is None:
            problems.append(f"usage #{u.pk} is settled but transfer {u.transfer_key!r} is missing")
        elif t.amount != due or t.debit.code != f"ORG-{u.organization.code}":
            problems.append(f"usage #{u.pk}: transfer {t.key} does not match the metered amount")
        elif t.credit.code != f"ORG-{u.provider.code}":
            problems.append(f"usage #{u.pk}: transfer {t.key} did not pay the provider")
    if Usage.objects.filter(settled_at__isnull=True).exclude(transfer_key="").exists():
        problems.append("a usage that is not settled names a transfer")
    from innofield.vouchers.models import Redemption

    named: dict[int, int] = {
        int(rid): pk
        for rid, pk in Usage.objects.filter(redemption_id__isnull=False).values_list(
            "redemption_id", "pk"
        )
        if rid is not None
    }
    found = dict(Redemption.objects.filter(pk__in=named).values_list("pk", "evidence"))
    for rid, upk in named.items():
        if found.get(rid) != f"computing:{upk}":
            problems.append(f"usage #{upk} names voucher redemption #{rid}, which is not its own")
    return problems
