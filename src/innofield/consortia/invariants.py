"""The consortia's money invariants, checked by ``innofield ledger check``:

* every alliance's fund holds exactly the fees its members paid;
* every project's escrow holds what its funders put in, less the milestones paid and the
  rest refunded.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Sum

from innofield.ledger.models import Account

from .models import FeePayment, Funding, Milestone, OrgAlliance
from .money import ALLIANCE_PREFIX, PROJECT_PREFIX, alliance_account


def alliance_funds() -> list[str]:
    """Alliance funds whose balance is not the sum of the fees paid into them."""
    fees = dict(
        FeePayment.objects.values("membership__alliance__code")
        .annotate(s=Sum("amount_fen"))
        .values_list("membership__alliance__code", "s")
    )
    known = {alliance_account(c) for c in OrgAlliance.objects.values_list("code", flat=True)}
    problems = []
    for account in Account.objects.filter(code__startswith=ALLIANCE_PREFIX):
        code = account.code.removeprefix(ALLIANCE_PREFIX)
        if account.code not in known:
            problems.append(f"fund {account.code} belongs to no alliance")
        if account.totals.balance != (fees.get(code) or 0):
            problems.append(
                f"fund {account.code} holds {account.totals.balance} fen, its members paid "
                f"{fees.get(code) or 0} in fees"
            )
    return problems


def project_escrows() -> list[str]:
    """Project escrows whose balance disagrees with funding, payments and refunds."""
    expected: dict[int, int] = defaultdict(int)
    for f in Funding.objects.values("project_id", "amount_fen", "refunded_fen"):
        expected[f["project_id"]] += f["amount_fen"] - f["refunded_fen"]
    for m in Milestone.objects.filter(state="paid").values("project_id", "amount_fen"):
        expected[m["project_id"]] -= m["amount_fen"]
    problems = []
    for account in Account.objects.filter(code__startswith=PROJECT_PREFIX):
        pid = int(account.code.removeprefix(PROJECT_PREFIX))
        if account.totals.balance != expected.get(pid, 0):
            problems.append(
                f"escrow {account.code} holds {account.totals.balance} fen, the project's "
                f"funding, paid milestones and refunds say {expected.get(pid, 0)}"
            )
    return problems


def check() -> list[str]:
    """Every broken consortia invariant, one sentence each."""
    return alliance_funds() + project_escrows()
