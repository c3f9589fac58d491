"""The challenges' money invariant, checked by ``innofield ledger check``: every prize
escrow holds exactly the prize of its challenge while the challenge is open or being
judged, and nothing once it is decided — that is, the prize less the awards paid and
the rest returned to the poster."""

from __future__ import annotations

from django.db.models import Sum

from innofield.ledger.models import Account

from .lifecycle import FUNDED
from .models import Award, Challenge
from .money import PREFIX


def check() -> list[str]:
    """Escrows that disagree with their challenge's prize, awards and return."""
    paid = dict(
        Award.objects.values("challenge_id")
        .annotate(s=Sum("amount_fen"))
        .values_list("challenge_id", "s")
    )
    challenges = {
        c["pk"]: c
        for c in Challenge.objects.exclude(published_at=None).values(
            "pk", "state", "prize_fen", "returned_fen"
        )
    }
    problems = []
    seen = set()
    for account in Account.objects.filter(code__startswith=PREFIX):
        cid = int(account.code.removeprefix(PREFIX))
        seen.add(cid)
        c = challenges.get(cid)
        if c is None:
            problems.append(f"escrow {account.code} belongs to no published challenge")
            continue
        expected = c["prize_fen"] - (paid.get(cid) or 0) - c["returned_fen"]
        if c["state"] not in FUNDED and expected != 0:
            problems.append(
                f"challenge {cid} is {c['state']} but its prize is not all paid or returned "
                f"({expected} fen unaccounted for)"
            )
        if account.totals.balance != expected:
            problems.append(
                f"escrow {account.code} holds {account.totals.balance} fen; the prize less "
                f"awards and return says {expected}"
            )
    for cid in sorted(set(challenges) - seen):
        problems.append(f"published challenge {cid} has no prize escrow")
    return problems
