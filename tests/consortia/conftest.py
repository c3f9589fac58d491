"""Fixtures of the consortia tests: an alliance led by LAB, a project with money."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest


def fund(world: SimpleNamespace, org: Any, amount_fen: int) -> str:
    """Open ``org``'s account (no overdraft) and pay ``amount_fen`` in from outside."""
    from innofield.ledger import actions as ledger
    from innofield.ledger.models import Account

    if not Account.objects.filter(code="ext:bank").exists():
        ledger.open_account(
            actor=world.admin, code="ext:bank", name="outside world", kind="external"
        )
    code = f"ORG-{org.code}"
    if not Account.objects.filter(code=code).exists():
        ledger.open_account(
            actor=world.admin,
            code=code,
            name=org.code,
            kind="org",
            owner=org,
            debits_must_not_exceed_credits=True,
        )
    n = Account.objects.get(code=code).credits_posted
    ledger.transfer(
        actor=world.admin,
        key=f"fund:{org.code}:{n}:{amount_fen}",
        debit="ext:bank",
        credit=code,
        amount=amount_fen,
    )
    return code


def balance(code: str) -> int:
    """The posted balance of a ledger account (0 if absent)."""
    from innofield.consortia.money import balance as b

    return b(code)


@pytest.fixture
def alliance(world: SimpleNamespace) -> Any:
    """An alliance led by LAB with yearly fees for core and ordinary members."""
    from innofield.consortia import actions

    return actions.create_alliance(
        actor=world.labber,
        code="YRD-IC",
        name_zh="长三角集成电路产业链联盟",
        name_en="YRD Integrated Circuit Industry Chain Alliance",
        lead=world.lab,
        charter="Joint tackling of key technologies; shared instruments.",
        fees={"core": 500_000, "ordinary": 200_000},
    )


def start_project(world: SimpleNamespace, code: str = "JP-1", budget: int = 1_000_000) -> Any:
    """An active project of LAB (40 % budget) with FIRM (60 %), IP 40/60."""
    from innofield.consortia import projects

    p = projects.create_project(
        actor=world.labber, code=code, title="SiC power modules", lead=world.lab, budget_fen=budget
    )
    projects.set_partner(
        actor=world.labber, code=code, organization=world.lab, budget_fen=budget * 4 // 10
    )
    projects.set_partner(
        actor=world.labber, code=code, organization=world.firm, budget_fen=budget * 6 // 10
    )
    projects.set_ip_agreement(
        actor=world.labber,
        code=code,
        shares={"LAB": "40", "FIRM": "60"},
        background=[{"organization": "LAB", "title": "CN-patent on SiC epitaxy"}],
    )
    projects.transition_project(actor=world.labber, code=code, move="start")
    p.refresh_from_db()
    return p
