"""The whole cross-regional story: Jiangsu issues, a Jiangsu firm is granted, redeems at
a Zhejiang provider for an instrument service, the regions clear, balances add up."""

from __future__ import annotations

from types import SimpleNamespace as NS
from typing import Any

from innofield.ledger import queries as ledger
from innofield.vouchers import actions
from innofield.vouchers.models import ClearingClaim

from .conftest import completed_booking, delivered


def test_cross_regional_voucher_story(world: NS, scheme: NS) -> None:
    p = scheme.programme
    assert ledger.balance("BUDGET-320000")["balance"] == 90_000_000
    assert ledger.balance("PROG-JS-2026")["balance"] == 10_000_000

    g = actions.grant(
        actor=world.officer,
        key="g1",
        programme_id=p.pk,
        firm=world.rival,
        amount=1_000_000,
        today=scheme.today,
    )
    assert ledger.balance("PROG-JS-2026")["balance"] == 9_000_000
    assert ledger.balance("PROG-JS-2026-G")["balance"] == 1_000_000

    # the firm booked an instrument of the Zhejiang lab; the booking's usage log is the evidence
    booking = completed_booking(world.rival, scheme.zju, world.rivaler, charge_fen=800_000)
    r = actions.redeem(
        actor=world.rivaler,
        key="r1",
        grant_id=g.pk,
        provider=scheme.zju,
        price=800_000,
        service_kind="instrument",
        evidence=f"booking:{booking}",
        mode="direct",
        today=scheme.today,
    )
    assert (r.subsidy, r.issuer_region, r.provider_region) == (400_000, "320000", "330000")
    assert ledger.balance("ORG-ZJU-LAB")["balance"] == 400_000  # provider paid at once
    assert ledger.balance("CLR-330000")["balance"] == -400_000  # Zhejiang advanced it
    assert ledger.balance("CLR-320000")["balance"] == 400_000  # Jiangsu owes it
    assert ledger.balance("PROG-JS-2026-G")["balance"] == 600_000
    g.refresh_from_db()
    assert g.remaining == 600_000

    batch = actions.settle(actor=world.admin)
    assert batch is not None
    assert batch.net == [
        {
            "payer": "320000",
            "payee": "330000",
            "amount": 400_000,
            "transfer": batch.net[0]["transfer"],
        }
    ]
    assert ledger.balance("CLR-330000")["balance"] == 0
    assert ledger.balance("CLR-320000")["balance"] == 0
    assert not ClearingClaim.objects.filter(batch__isnull=True).exists()
    assert actions.settle(actor=world.admin) is None

    # money is conserved: the treasury's outflow sits in budgets, grants and the provider
    held = sum(
        ledger.balance(c)["balance"]
        for c in (
            "BUDGET-320000",
            "PROG-JS-2026",
            "PROG-JS-2026-G",
            "ORG-ZJU-LAB",
            "CLR-320000",
            "CLR-330000",
        )
    )
    assert held == -ledger.balance("EXT-TREASURY")["balance"] == 100_000_000
    assert ledger.check_invariants() == []


def test_clawback_after_settlement_is_cleared_back(world: NS, scheme: NS, granted: Any) -> None:
    proof = delivered(world.rival, scheme.zju, world.rivaler, 800_000)
    r = actions.redeem(
        actor=world.rivaler,
        key="r1",
        grant_id=granted.pk,
        provider=scheme.zju,
        price=800_000,
        service_kind="instrument",
        evidence=proof,
        mode="direct",
        today=scheme.today,
    )
    actions.settle(actor=world.admin)
    actions.clawback(actor=world.officer, redemption_id=r.pk, reason="no usage log")
    assert ledger.balance("ORG-ZJU-LAB")["balance"] == 0
    assert ledger.balance("CLR-330000")["balance"] == 400_000  # Zhejiang owes it back
    batch = actions.settle(actor=world.admin)
    assert batch is not None and batch.net[0]["payer"] == "330000"
    assert ledger.balance("CLR-330000")["balance"] == 0
    assert ledger.balance("CLR-320000")["balance"] == 0
    assert ledger.balance("PROG-JS-2026")["balance"] == 9_400_000
    assert ledger.check_invariants() == []
