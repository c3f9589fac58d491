"""Money that only its owners can move (#22): keys users send cannot squat the platform's
keys, and programme, budget and clearing accounts move only through voucher actions."""

from __future__ import annotations

from types import SimpleNamespace as NS
from typing import Any

import typer

from innofield.ledger.models import Transfer
from innofield.ledger.queries import balance


def test_a_user_cannot_take_a_settlement_key(world: NS, scheme: NS, granted: Any, api: Any) -> None:
    from tests.vouchers.conftest import completed_booking

    from innofield.vouchers import actions

    actions.grant(
        actor=world.officer,
        key="g2",
        programme_id=scheme.programme.pk,
        firm=world.rival,
        amount=500_000,
        today=scheme.today,
    )
    firm = api(world.rivaler)
    funded = firm.post(
        "/api/transfers",
        {
            "key": "vouchers:settle:1:320000:330000",
            "debit": "ORG-RIVAL",
            "credit": "ORG-ZJU-LAB",
            "amount": 1,
        },
    )
    # The firm has no money yet, or the key lands in its own namespace: never the system's.
    assert not Transfer.objects.filter(key="vouchers:settle:1:320000:330000").exists()
    assert funded.status_code in (201, 403, 422)
    booking = completed_booking(world.rival, scheme.zju, world.rivaler)
    actions.redeem(
        actor=world.rivaler,
        key="r1",
        grant_id=granted.pk,
        provider=scheme.zju,
        price=None,
        service_kind="instrument",
        evidence=f"booking:{booking}",
        mode="direct",
        today=scheme.today,
    )
    batch = actions.settle(actor=world.admin)
    assert batch is not None and batch.net  # the settlement ran with its own keys


def test_officers_cannot_move_programme_money_by_plain_transfers(
    world: NS, scheme: NS, granted: Any, api: Any
) -> None:
    officer = api(world.officer)
    for debit in ("PROG-JS-2026-G", "PROG-JS-2026", "BUDGET-320000", "CLR-320000"):
        response = officer.post(
            "/api/transfers",
            {"key": f"take-{debit}", "debit": debit, "credit": "ORG-GOV-JS", "amount": 1},
        )
        assert response.status_code in (403, 404), (debit, response.content)
        if response.status_code == 403:
            assert debit in response.json()["detail"]
    assert balance("PROG-JS-2026-G")["balance"] == granted.amount
    into = officer.post(
        "/api/transfers",
        {"key": "top-up", "debit": "BUDGET-320000", "credit": "PROG-JS-2026-G", "amount": 1},
    )
    assert into.status_code == 403


def test_ledger_check_verifies_the_products_invariants(world: NS, scheme: NS, granted: Any) -> None:
    import json

    from django.db.models import F
    from typer.testing import CliRunner

    from innofield.ledger import engine
    from innofield.ledger.commands import ledger_check

    app = typer.Typer()
    app.command("check")(ledger_check)
    app.command("other")(lambda: None)
    from tests.vouchers.conftest import delivered

    from innofield.ledger.queries import check_invariants
    from innofield.vouchers import actions
    from innofield.vouchers.models import Grant, Redemption

    proof = delivered(world.rival, scheme.zju, world.rivaler, 300_000)
    actions.redeem(
        actor=world.rivaler,
        key="r",
        grant_id=granted.pk,
        provider=scheme.zju,
        price=None,
        service_kind="testing",
        evidence=proof,
        mode="direct",
        today=scheme.today,
    )
    assert check_invariants() == []
    assert CliRunner().invoke(app, ["check"]).exit_code == 0

    Grant.objects.filter(pk=granted.pk).update(redeemed=F("redeemed") + 1)  # behind the ledger
    Redemption.objects.update(price=F("price") + 1)
    engine.open_account(actor=world.admin, code="market:deal:99", name="escrow", kind="clearing")
    engine.transfer(
        actor=world.admin, key="leak", debit="EXT-TREASURY", credit="market:deal:99", amount=5
    )
    problems = check_invariants()
    assert any("programme JS-2026: granted account" in p for p in problems), problems
    assert any(f"grant {granted.pk}: redeemed" in p for p in problems), problems
    assert any("claims 300001 fen, booking" in p for p in problems), problems
    assert any("escrow market:deal:99 holds 5 fen" in p for p in problems), problems
    result = CliRunner().invoke(app, ["check"])
    assert result.exit_code == 1
    assert json.loads(result.output.strip().splitlines()[-1])["invariants_hold"] is False


def test_a_clearing_account_moved_behind_the_claims_is_caught(
    world: NS, scheme: NS, granted: Any
) -> None:
    from tests.vouchers.conftest import delivered

    from innofield.ledger.models import Account
    from innofield.ledger.queries import check_invariants
    from innofield.vouchers import actions

    proof = delivered(world.rival, scheme.zju, world.rivaler, 300_000)
    actions.redeem(
        actor=world.rivaler,
        key="r",
        grant_id=granted.pk,
        provider=scheme.zju,
        price=None,
        service_kind="testing",
        evidence=proof,
        mode="direct",
        today=scheme.today,
    )
    assert check_invariants() == []
    Account.objects.filter(code="CLR-320000").update(credits_posted=0)
    assert any("CLR-320000" in p for p in check_invariants())
