"""The vouchers' money invariants, checked by ``innofield ledger check``:

* every programme's granted account holds exactly what its grants have left
  (granted − redeemed − released);
* every province's clearing account holds what its unsettled claims say (claims it
  issued minus claims its providers were advanced);
* no paid redemption claims more than its evidence is worth, and no evidence backs two.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F, Sum

from innofield.ledger.models import Account

from . import evidence
from .models import ClearingClaim, Grant, Programme, Redemption


def _balances(codes: list[str]) -> dict[str, int]:
    return {a.code: a.totals.balance for a in Account.objects.filter(code__in=codes)}


def granted_accounts() -> list[str]:
    """Programmes whose granted account disagrees with their grants."""
    left = dict(Grant.objects.values("programme_id").annotate(
        left=Sum(F("amount") - F("redeemed") - F("released"))).values_list("programme_id",
                                                                           "left"))
    programmes = list(Programme.objects.select_related("granted_account"))
    held = _balances([p.granted_account.code for p in programmes])
    return [f"programme {p.code}: granted account {p.granted_account.code} holds "
            f"{held.get(p.granted_account.code, 0)} fen, its grants have {left.get(p.pk, 0)} "
            "left" for p in programmes
            if held.get(p.granted_account.code, 0) != (left.get(p.pk) or 0)]


def clearing_accounts() -> list[str]:
    """Clearing accounts that disagree with the unsettled claims."""
    owed: dict[str, int] = defaultdict(int)
    for c in ClearingClaim.objects.filter(batch__isnull=True).values(
            "issuer_region", "provider_region", "amount"):
        owed[c["issuer_region"]] += c["amount"]
        owed[c["provider_region"]] -= c["amount"]
    accounts = Account.objects.filter(kind=Account.Kind.CLEARING, code__startswith="CLR-")
    problems = []
    for a in accounts:
        region = a.code.removeprefix("CLR-")
        if a.totals.balance != owed.get(region, 0):
            problems.append(f"clearing account {a.code} holds {a.totals.balance} fen, the "
                            f"unsettled claims say {owed.get(region, 0)}")
    return problems


def redemptions_within_evidence() -> list[str]:
    """Paid redemptions above what their evidence is worth, or sharing evidence."""
    problems = [f"evidence {row['evidence']} backs {row['n']} redemptions"
                for row in Redemption.objects.values("evidence").annotate(n=Count("id"))
                .filter(n__gt=1)]
    for r in Redemption.objects.exclude(status="clawed_back").select_related("grant"):
        try:
            proof = evidence.prove(r.evidence, firm_id=r.grant.firm_id, provider_id=r.provider_id)
        except evidence.Unproven as exc:
            problems.append(f"redemption {r.pk}: {exc}")
            continue
        if r.price > proof.value_fen:
            problems.append(f"redemption {r.pk} claims {r.price} fen, {proof.description} is "
                            f"worth {proof.value_fen}")
    return problems


def check() -> list[str]:
    """Every broken voucher invariant, one sentence each."""
    return granted_accounts() + clearing_accounts() + redemptions_within_evidence()
