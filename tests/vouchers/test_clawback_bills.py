"""Clawing back a voucher puts its share back on the bill it paid: per evidence kind,
redeem → claw back → the bill has the share due again → the firm pays it → the ledger
and every product invariant hold; a clawback the payee cannot cover writes nothing."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as NS
from typing import Any

import pytest
from django.utils import translation

from innofield.booking import invoicing, reports
from innofield.booking.models import Invoice, Notification
from innofield.core.errors import Conflict, PermissionDenied, ValidationFailed
from innofield.core.models import AuditLog
from innofield.ledger import actions as ledger
from innofield.ledger.models import Account, Transfer
from innofield.ledger.queries import check_invariants
from innofield.talent import consultations
from innofield.vouchers import actions as vouchers
from innofield.vouchers import evidence
from innofield.vouchers.models import Programme, Redemption

from .conftest import BILL_START, FEE


def _balance(code: str) -> int:
    row = Account.objects.filter(code=code).first()
    return row.balance if row is not None else 0


def _redeem(world: NS, scheme: NS, grant: Any, ev: str, mode: str, key: str = "r1") -> Any:
    return vouchers.redeem(
        actor=world.rivaler,
        key=key,
        grant_id=grant.pk,
        provider=world.lab,
        price=None,
        service_kind="expert" if ev.startswith("consultation:") else "instrument",
        evidence=ev,
        mode=mode,
        today=scheme.today,
    )


def _claw(world: NS, r: Any) -> Redemption:
    return vouchers.clawback(actor=world.officer, redemption_id=r.pk, reason="not eligible")


def _full_co_funding(scheme: NS) -> None:
    """The voucher pays the whole price (still within the per-contract cap)."""
    Programme.objects.filter(pk=scheme.programme.pk).update(co_funding_bp=10_000)


def _lab_income(world: NS) -> int:
    [row] = reports.metrics_rows(
        world.admin,
        start=BILL_START - dt.timedelta(days=1),
        end=BILL_START + dt.timedelta(days=1),
    )
    return int(row["income_fen"])


# --- booking bills ------------------------------------------------------------------


def test_direct_clawback_reopens_a_paid_bill_and_the_firm_pays_the_share(
    world: NS, scheme: NS, granted: Any, bill: Any
) -> None:
    b, invoice, payer, _inst = bill
    r = _redeem(world, scheme, granted, f"booking:{b.pk}", "direct")
    invoicing.pay(actor=payer, invoice_id=invoice.pk)  # the firm's half
    assert _balance("ORG-LAB") == 200_000 and _balance("ORG-RIVAL") == 400_000
    _claw(world, r)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.voucher_fen, invoice.paid_fen) == ("open", 0, 100_000)
    assert invoice.due_fen == r.subsidy == 100_000 and invoice.settled_at is None
    assert _balance("ORG-LAB") == 100_000  # the lab gave the voucher's share back
    assert _lab_income(world) == 100_000  # and its income says so
    assert AuditLog.objects.filter(action="booking.invoice.voucher_clawback").count() == 1
    assert check_invariants() == []
    told = Notification.objects.filter(booking=b, text__contains="clawed back").get()
    assert "¥1,000.00" in told.message  # the share due again, in yuan
    with translation.override("zh-hans"):
        assert "已被追回" in told.shown() and "¥1,000.00" in told.shown()
    paid = invoicing.pay(actor=payer, invoice_id=invoice.pk)  # the normal payment path
    assert (paid.status, paid.paid_fen, paid.voucher_fen, paid.due_fen) == ("paid", 200_000, 0, 0)
    assert _balance("ORG-LAB") == 200_000 and _balance("ORG-RIVAL") == 300_000
    assert _lab_income(world) == 200_000
    assert Transfer.objects.filter(key=f"booking:invoice:{invoice.pk}:2").get().amount == 100_000
    assert check_invariants() == []


def test_direct_clawback_of_a_bill_the_voucher_paid_alone(
    world: NS, scheme: NS, granted: Any, bill: Any
) -> None:
    _full_co_funding(scheme)
    b, invoice, payer, _inst = bill
    r = _redeem(world, scheme, granted, f"booking:{b.pk}", "direct")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.voucher_fen, invoice.paid_fen) == ("paid", 200_000, 0)
    _claw(world, r)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.due_fen) == ("open", 200_000)
    assert check_invariants() == []
    paid = invoicing.pay(actor=payer, invoice_id=invoice.pk)
    assert (paid.status, paid.paid_fen) == ("paid", 200_000)
    assert _balance("ORG-LAB") == 200_000 and _balance("ORG-RIVAL") == 300_000
    assert check_invariants() == []


def test_direct_clawback_of_an_open_bill_raises_what_is_due(
    world: NS, scheme: NS, granted: Any, bill: Any
) -> None:
    b, invoice, payer, _inst = bill
    r = _redeem(world, scheme, granted, f"booking:{b.pk}", "direct")
    _claw(world, r)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.due_fen, invoice.payments.count()) == ("open", 200_000, 0)
    assert check_invariants() == []
    assert invoicing.pay(actor=payer, invoice_id=invoice.pk).paid_fen == 200_000
    assert check_invariants() == []


def test_reimburse_clawback_leaves_the_paid_bill_alone(
    world: NS, scheme: NS, granted: Any, bill: Any
) -> None:
    b, invoice, payer, _inst = bill
    invoicing.pay(actor=payer, invoice_id=invoice.pk)
    r = _redeem(world, scheme, granted, f"booking:{b.pk}", "reimburse")
    assert _balance("ORG-RIVAL") == 400_000
    _claw(world, r)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_fen, invoice.voucher_fen) == ("paid", 200_000, 0)
    assert _balance("ORG-RIVAL") == 300_000 and _balance("ORG-LAB") == 200_000
    assert not AuditLog.objects.filter(action="booking.invoice.voucher_clawback").exists()
    assert check_invariants() == []


def test_a_waived_bill_stays_waived(world: NS, scheme: NS, granted: Any, bill: Any) -> None:
    b, invoice, _payer, _inst = bill
    r = _redeem(world, scheme, granted, f"booking:{b.pk}", "direct")
    invoicing.waive(actor=world.labber, invoice_id=invoice.pk, reason="goodwill")
    _claw(world, r)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.voucher_fen, invoice.due_fen) == ("waived", 0, 0)
    assert _balance("ORG-LAB") == 0
    assert check_invariants() == []


def test_a_clawback_the_provider_cannot_cover_writes_nothing(
    world: NS, scheme: NS, granted: Any, bill: Any
) -> None:
    b, invoice, payer, _inst = bill
    r = _redeem(world, scheme, granted, f"booking:{b.pk}", "direct")
    invoicing.pay(actor=payer, invoice_id=invoice.pk)
    ledger.transfer(
        actor=world.admin, key="spent", debit="ORG-LAB", credit="EXT-TREASURY", amount=150_000
    )
    audits, transfers = AuditLog.objects.count(), Transfer.objects.count()
    with pytest.raises(ValidationFailed, match="ORG-LAB"):
        _claw(world, r)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.voucher_fen, invoice.paid_fen) == ("paid", 100_000, 100_000)
    assert invoice.payments.count() == 2
    r.refresh_from_db()
    assert (r.status, r.clawback_reason) == ("paid", "")
    assert (AuditLog.objects.count(), Transfer.objects.count()) == (audits, transfers)
    assert check_invariants() == []


def test_cross_region_clawback_reopens_the_bill_and_clears_to_nothing(
    world: NS, scheme: NS, granted: Any, bill: Any
) -> None:
    """ZJU-LAB (Zhejiang) bills RIVAL; Zhejiang advances the voucher's share, Jiangsu owes
    it; the clawback takes it back from the lab and cancels the claim."""
    from innofield.booking import actions as booking
    from innofield.booking import facility_actions
    from innofield.catalog.models import Item

    _b, _invoice, payer, _inst = bill
    inst = Item.objects.create(
        kind="instrument", title="XPS", owner=scheme.zju, region=world.zj, price_fen=50_000
    )
    facility_actions.set_policy(
        actor=scheme.zjuer,
        instrument_id=inst.pk,
        data={"price_industry_fen": 50_000, "price_cross_region_fen": None},
    )
    start = BILL_START + dt.timedelta(days=1)
    b = booking.create_booking(
        actor=world.rivaler,
        instrument_id=inst.pk,
        start=start,
        end=start + dt.timedelta(hours=2),
        now=start - dt.timedelta(days=3),
    )
    booking.check_in(actor=world.rivaler, booking_id=b.pk, now=start)
    b = booking.check_out(actor=world.rivaler, booking_id=b.pk, now=start + dt.timedelta(hours=2))
    r = vouchers.redeem(
        actor=world.rivaler,
        key="zj",
        grant_id=granted.pk,
        provider=scheme.zju,
        price=None,
        service_kind="instrument",
        evidence=f"booking:{b.pk}",
        mode="direct",
        today=scheme.today,
    )
    assert r.cross_region and r.subsidy == b.charge_fen // 2
    invoicing.pay(actor=payer, invoice_id=b.invoice.pk)
    _claw(world, r)
    invoice = Invoice.objects.get(booking=b)
    assert (invoice.status, invoice.due_fen, invoice.voucher_fen) == ("open", r.subsidy, 0)
    assert _balance("CLR-320000") == _balance("CLR-330000") == 0
    assert check_invariants() == []
    assert invoicing.pay(actor=payer, invoice_id=invoice.pk).status == "paid"
    assert _balance("ORG-ZJU-LAB") == b.charge_fen
    batch = vouchers.settle(actor=None)
    assert batch is not None and batch.net == []
    assert check_invariants() == []


def test_clawed_back_evidence_cannot_be_redeemed_again(
    world: NS, scheme: NS, granted: Any, bill: Any
) -> None:
    b, _invoice, _payer, _inst = bill
    _claw(world, _redeem(world, scheme, granted, f"booking:{b.pk}", "direct"))
    with pytest.raises(ValidationFailed) as refused:
        _redeem(world, scheme, granted, f"booking:{b.pk}", "direct", key="r2")
    assert refused.value.errors[0].field == "evidence"
    assert Redemption.objects.count() == 1


def test_a_failing_unsettler_rolls_the_whole_clawback_back(
    world: NS, scheme: NS, granted: Any, bill: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the evidence kind refuses, the ledger legs already posted are undone."""
    b, invoice, _payer, _inst = bill
    r = _redeem(world, scheme, granted, f"booking:{b.pk}", "direct")

    def refuse(ref: str, **_money: Any) -> None:
        raise ValidationFailed.single("evidence", f"booking {ref} refuses")

    monkeypatch.setitem(evidence.UNSETTLERS, "booking", refuse)
    lab = _balance("ORG-LAB")
    with pytest.raises(ValidationFailed, match="refuses"):
        _claw(world, r)
    assert _balance("ORG-LAB") == lab
    assert Redemption.objects.get(pk=r.pk).status == "paid"
    assert Invoice.objects.get(pk=invoice.pk).voucher_fen == 100_000
    assert check_invariants() == []


# --- expert consultations -----------------------------------------------------------


def _move(actor: Any, c: Any, move: str) -> Any:
    return consultations.transition(actor=actor, consultation_id=c.pk, move=move)


def test_direct_clawback_reopens_a_done_consultation(
    world: NS, scheme: NS, granted: Any, consult: NS
) -> None:
    c = _move(consult.boss, consult.row, "bill")
    r = _redeem(world, scheme, granted, f"consultation:{c.pk}", "direct")
    c = _move(consult.boss, c, "pay")
    assert (c.state, c.paid_fen, c.voucher_fen) == ("done", FEE // 2, FEE // 2)
    _claw(world, r)
    c.refresh_from_db()
    assert (c.state, c.voucher_fen, c.due_fen) == ("billed", 0, FEE // 2)
    assert _balance("ORG-LAB") == FEE // 2
    assert AuditLog.objects.filter(action="talent.consultation.voucher_clawback").count() == 1
    assert check_invariants() == []
    c = _move(consult.boss, c, "pay")
    assert (c.state, c.paid_fen, c.due_fen) == ("done", FEE, 0)
    assert _balance("ORG-LAB") == FEE and _balance("ORG-RIVAL") == 500_000 - FEE
    assert c.transfer_key == f"talent:consultation:{c.pk}:2"
    assert check_invariants() == []


def test_the_expert_may_waive_what_a_clawback_left_due(
    world: NS, scheme: NS, granted: Any, consult: NS
) -> None:
    c = _move(consult.boss, consult.row, "bill")
    r = _redeem(world, scheme, granted, f"consultation:{c.pk}", "direct")
    c = _move(consult.boss, c, "pay")
    _claw(world, r)
    with pytest.raises(PermissionDenied):
        _move(consult.boss, c, "waive")  # the requester cannot forgive its own debt
    c = _move(consult.ann, c, "waive")
    assert (c.state, c.due_fen, c.paid_fen, c.voucher_fen) == ("waived", 0, FEE // 2, 0)
    with pytest.raises(Conflict):
        _move(consult.boss, c, "pay")
    assert check_invariants() == []


def test_direct_clawback_of_a_consultation_the_voucher_paid_alone(
    world: NS, scheme: NS, granted: Any, consult: NS
) -> None:
    _full_co_funding(scheme)
    c = _move(consult.boss, consult.row, "bill")
    r = _redeem(world, scheme, granted, f"consultation:{c.pk}", "direct")
    c.refresh_from_db()
    assert (c.state, c.voucher_fen, c.paid_fen) == ("done", FEE, 0)
    _claw(world, r)
    c.refresh_from_db()
    assert (c.state, c.due_fen) == ("billed", FEE)
    c = _move(consult.boss, c, "pay")
    assert (c.state, c.paid_fen) == ("done", FEE)
    assert _balance("ORG-LAB") == FEE and _balance("ORG-RIVAL") == 500_000 - FEE
    assert check_invariants() == []


def test_reimburse_clawback_leaves_the_consultation_alone(
    world: NS, scheme: NS, granted: Any, consult: NS
) -> None:
    c = _move(consult.boss, consult.row, "complete")
    r = _redeem(world, scheme, granted, f"consultation:{c.pk}", "reimburse")
    _claw(world, r)
    c.refresh_from_db()
    assert (c.state, c.paid_fen, c.voucher_fen, c.due_fen) == ("done", FEE, 0, 0)
    assert _balance("ORG-RIVAL") == 500_000 - FEE
    assert check_invariants() == []


def test_a_consultation_clawback_the_expert_cannot_cover_writes_nothing(
    world: NS, scheme: NS, granted: Any, consult: NS
) -> None:
    c = _move(consult.boss, consult.row, "bill")
    r = _redeem(world, scheme, granted, f"consultation:{c.pk}", "direct")
    ledger.transfer(
        actor=world.admin, key="spent", debit="ORG-LAB", credit="EXT-TREASURY", amount=FEE // 2
    )
    with pytest.raises(ValidationFailed, match="ORG-LAB"):
        _claw(world, r)
    c.refresh_from_db()
    assert (c.state, c.voucher_fen) == ("billed", FEE // 2)
    assert Redemption.objects.get(pk=r.pk).status == "paid"
    assert not AuditLog.objects.filter(action__endswith="clawback").exists()
    assert check_invariants() == []


# --- milestones (paid in full before they are evidence) -----------------------------


def test_a_paid_milestone_can_only_be_reimbursed() -> None:
    with pytest.raises(ValidationFailed) as refused:
        evidence.settled("milestone:7", actor=None, mode="direct", subsidy_fen=1, transfers=[])
    assert refused.value.errors[0].field == "mode" and "reimburse" in str(refused.value)
    evidence.settled("milestone:7", actor=None, mode="reimburse", subsidy_fen=1, transfers=[])
