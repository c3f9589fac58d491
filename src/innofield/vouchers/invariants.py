"""The vouchers' money invariants, checked by ``innofield ledger check``:

* every programme's budget account holds its budget − granted + released + clawed back;
* every programme's granted account holds exactly what its grants have left
  (granted − redeemed − released), and every grant's redeemed total is the sum of its
  redemptions' subsidies;
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
    left = dict(
        Grant.objects.values("programme_id")
        .annotate(left=Sum(F("amount") - F("redeemed") - F("released")))
        .values_list("programme_id", "left")
    )
    programmes = list(Programme.objects.select_related("granted_account"))
    held = _balances([p.granted_account.code for p in programmes])
    return [
        f"programme {p.code}: granted account {p.granted_account.code} holds "
        f"{held.get(p.granted_account.code, 0)} fen, its grants have {left.get(p.pk, 0)} "
        "left"
        for p in programmes
        if held.get(p.granted_account.code, 0) != (left.get(p.pk) or 0)
    ]


def programme_accounts() -> list[str]:
    """Programmes whose budget account disagrees with their budget, grants, releases and
    clawbacks (budget − granted + released + clawed back)."""
    granted = dict(
        Grant.objects.values("programme_id")
        .annotate(g=Sum("amount"), r=Sum("released"))
        .values_list("programme_id", "g")
    )
    released = dict(
        Grant.objects.values("programme_id")
        .annotate(r=Sum("released"))
        .values_list("programme_id", "r")
    )
    clawed = dict(
        Redemption.objects.filter(status="clawed_back")
        .values("grant__programme_id")
        .annotate(s=Sum("subsidy"))
        .values_list("grant__programme_id", "s")
    )
    programmes = list(Programme.objects.select_related("account"))
    held = _balances([p.account.code for p in programmes])
    problems = []
    for p in programmes:
        expected = (
            p.budget
            - (granted.get(p.pk) or 0)
            + (released.get(p.pk) or 0)
            + (clawed.get(p.pk) or 0)
        )
        if held.get(p.account.code, 0) != expected:
            problems.append(
                f"programme {p.code}: account {p.account.code} holds "
                f"{held.get(p.account.code, 0)} fen, its records say {expected}"
            )
    return problems


def grants_redeemed() -> list[str]:
    """Grants whose redeemed total is not the sum of their redemptions' subsidies."""
    sums = dict(
        Redemption.objects.values("grant_id")
        .annotate(s=Sum("subsidy"))
        .values_list("grant_id", "s")
    )
    return [
        f"grant {g.pk}: redeemed {g.redeemed} fen, its redemptions paid {sums.get(g.pk) or 0}"
        for g in Grant.objects.only("pk", "redeemed")
        if g.redeemed != (sums.get(g.pk) or 0)
    ]


def clearing_accounts() -> list[str]:
    """Clearing accounts that disagree with the unsettled claims."""
    owed: dict[str, int] = defaultdict(int)
    for c in ClearingClaim.objects.filter(batch__isnull=True).values(
        "issuer_region", "provider_region", "amount"
    ):
        owed[c["issuer_region"]] += c["amount"]
        owed[c["provider_region"]] -= c["amount"]
    accounts = Account.objects.filter(kind=Account.Kind.CLEARING, code__startswith="CLR-")
    problems = []
    for a in accounts:
        region = a.code.removeprefix("CLR-")
        if a.totals.balance != owed.get(region, 0):
            problems.append(
                f"clearing account {a.code} holds {a.totals.balance} fen, the "
                f"unsettled claims say {owed.get(region, 0)}"
            )
    return problems


def redemptions_within_evidence() -> list[str]:
    """Paid redemptions above what their evidence is worth, or sharing evidence."""
    problems = [
        f"evidence {row['evidence']} backs {row['n']} redemptions"
        for row in Redemption.objects.values("evidence").annotate(n=Count("id")).filter(n__gt=1)
    ]
    for r in Redemption.objects.exclude(status="clawed_back").select_related("grant"):
        try:
            proof = evidence.prove(r.evidence, firm_id=r.grant.firm_id, provider_id=r.provider_id)
        except evidence.Unproven as exc:
            problems.append(f"redemption {r.pk}: {exc}")
            continue
        if r.price > proof.value_fen:
            problems.append(
                f"redemption {r.pk} claims {r.price} fen, {proof.description} is "
                f"worth {proof.value_fen}"
            )
    return problems


def check() -> list[str]:
    """Every broken voucher invariant, one sentence each."""
    return (
        programme_accounts()
        + granted_accounts()
        + grants_redeemed()
        + clearing_accounts()
        + redemptions_within_evidence()
    )
