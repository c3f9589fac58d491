"""Money from outside the platform into an organisation's account, for the demo loaders
(synthetic opening balances): one place instead of a copy per app."""

from __future__ import annotations

from typing import Any

from innofield.core.permissions import Actor

from . import engine
from .models import Account

#: The external account the demo's synthetic money comes from.
DEMO_BANK = "ext:demo-bank"


def fund_from_outside(
    *, actor: Actor, org: Any, amount: int, key: str, memo: str = "demo funding"
) -> str:
    """Pay ``amount`` fen from :data:`DEMO_BANK` (opened if needed) into ``org``'s own
    account (opened if needed), once per ``key``; returns the account code."""
    if not Account.objects.filter(code=DEMO_BANK).exists():
        engine.open_account(
            actor=actor, code=DEMO_BANK, name="outside world (demo)", kind=Account.Kind.EXTERNAL
        )
    code = engine.ensure_organization_account(actor, org)
    engine.transfer(actor=actor, key=key, debit=DEMO_BANK, credit=code, amount=amount, memo=memo)
    return code
