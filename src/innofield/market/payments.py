"""Milestone payments on the ledger, split among the listing's co-owners.

Paying a milestone makes 1 + n transfers inside the caller's transaction, each
idempotent by its key:

1. ``market:ms:<id>:in`` — the buyer's account ``org:<buyer code>`` → the deal's
   escrow ``market:deal:<id>`` (through :func:`ledger.actions.pay`, so only
   someone who may pay for the buyer can; the ledger refuses an overspend);
2. ``market:ms:<id>:out:<k>`` — escrow → each co-owner's ``org:<code>`` account,
   the amounts from :func:`shares.split` (remainder to the first owner), through
   the ledger engine because the market action has already decided who may pay.

The escrow is back at zero afterwards. Co-owner and escrow accounts are opened on
first use; the buyer's account must exist and hold the money.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from innofield.core.errors import Conflict
from innofield.core.permissions import Actor
from innofield.ledger import actions as ledger_actions
from innofield.ledger import engine as ledger_engine
from innofield.ledger.codes import organization_account
from innofield.ledger.models import Account
from innofield.registry.models import Organization

from . import shares
from .models import Milestone


def org_account(org: Organization) -> str:
    """The ledger account code of an organization's own money (the ledger's convention)."""
    return organization_account(org)


def escrow_account(deal_id: int) -> str:
    """The ledger account code of a deal's escrow."""
    return f"market:deal:{deal_id}"


def _ensure(actor: Actor, code: str, name: str, kind: str, owner: Organization | None) -> None:
    if not Account.objects.filter(code=code).exists():
        ledger_engine.open_account(
            actor=actor,
            code=code,
            name=name,
            kind=kind,
            owner=owner,
            debits_must_not_exceed_credits=True,
        )


def split_plan(milestone: Milestone) -> list[dict[str, Any]]:
    """The milestone's amount split among co-owners: ``[{organization, share, amount_fen}]``."""
    owners = list(milestone.deal.listing.owners.select_related("organization").order_by("position"))
    parts = shares.split(milestone.amount_fen, [o.share for o in owners])
    return [
        {"organization": o.organization.code, "share": str(o.share), "amount_fen": part}
        for o, part in zip(owners, parts, strict=True)
    ]


def pay_milestone(*, actor: Actor, milestone: Milestone) -> tuple[str, list[dict[str, Any]]]:
    """Move the milestone's amount from the buyer to the co-owners; returns (key, splits)."""
    deal = milestone.deal
    buyer_code = org_account(deal.buyer)
    if not Account.objects.filter(code=buyer_code).exists():
        raise Conflict(
            _(
                "the buyer %(buyer)s has no ledger account %(account)s; "
                "open and fund it before paying"
            )
            % {"buyer": deal.buyer.code, "account": buyer_code}
        )
    escrow = escrow_account(deal.pk)
    _ensure(actor, escrow, f"escrow of market deal {deal.pk}", Account.Kind.CLEARING, None)
    key = f"market:ms:{milestone.pk}:in"
    memo = f"deal {deal.pk} {deal.contract_no} milestone {milestone.seq}: {milestone.title}"[:500]
    ledger_actions.pay(
        actor=actor,
        key=key,
        debit=buyer_code,
        credit=escrow,
        amount=milestone.amount_fen,
        memo=memo,
        metadata={"deal": deal.pk, "milestone": milestone.pk},
    )
    plan = split_plan(milestone)
    owners = {
        o.organization.code: o.organization
        for o in deal.listing.owners.select_related("organization")
    }
    for k, part in enumerate(plan):
        if part["amount_fen"] == 0:
            continue
        org = owners[part["organization"]]
        _ensure(actor, org_account(org), f"{org.code} account", Account.Kind.ORG, org)
        ledger_engine.transfer(
            actor=actor,
            key=f"market:ms:{milestone.pk}:out:{k}",
            debit=escrow,
            credit=org_account(org),
            amount=part["amount_fen"],
            memo=f"{memo} — share {part['share']}",
            metadata={"deal": deal.pk, "milestone": milestone.pk, "share": part["share"]},
        )
    return key, plan
