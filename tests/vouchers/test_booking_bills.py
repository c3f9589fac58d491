"""Booking charges settled on the ledger: the bill of a completed booking, paid from the
booker's organisation account, with a voucher paying its share first; the sharing report's
income is the ledger's; ``ledger check`` covers the bills."""

from __future__ import annotations

import datetime as dt

import pytest

from innofield.booking import actions as booking
from innofield.booking import facility_actions, invoicing, reports
from innofield.core.errors import Conflict, PermissionDenied, ValidationFailed
from innofield.ledger import engine
from innofield.ledger.models import Account, Transfer
from innofield.ledger.queries import check_invariants
from innofield.vouchers import actions as vouchers

from .conftest import BILL_START as START


def _redeem(world, scheme, granted, b, mode, key="r1"):
    return vouchers.redeem(
        actor=world.rivaler,
        key=key,
        grant_id=granted.pk,
        provider=world.lab,
        price=None,
        service_kind="instrument",
        evidence=f"booking:{b.pk}",
        mode=mode,
        today=scheme.today,
    )


def _lab_income_on_ledger(world) -> int:
    code = engine.ensure_organization_account(world.admin, world.lab)
    return sum(
        Transfer.objects.filter(credit__code=code, status="posted").values_list("amount", flat=True)
    )


def test_check_out_bills_the_charge_to_the_bookers_organisation(world, bill):
    b, invoice, _payer, _inst = bill
    assert (invoice.status, invoice.kind, invoice.amount_fen) == ("open", "usage", 200_000)
    assert (invoice.payer, invoice.payee, invoice.due_fen) == (world.rival, world.lab, 200_000)


def test_voucher_pays_its_share_then_the_firm_pays_the_rest(world, scheme, granted, bill):
    b, invoice, payer, inst = bill
    redemption = _redeem(world, scheme, granted, b, "direct")
    assert redemption.subsidy == 100_000  # 50 % co-funding of 2,000 yuan
    invoice.refresh_from_db()
    assert (invoice.voucher_fen, invoice.due_fen, invoice.status) == (100_000, 100_000, "open")
    paid = invoicing.pay(actor=payer, invoice_id=invoice.pk)
    assert (paid.status, paid.paid_fen, paid.due_fen) == ("paid", 100_000, 0)
    assert Account.objects.get(code="ORG-RIVAL").balance == 400_000
    assert _lab_income_on_ledger(world) == 200_000
    [row] = reports.metrics_rows(
        world.admin, start=START - dt.timedelta(days=1), end=START + dt.timedelta(days=1)
    )
    assert row["income_fen"] == _lab_income_on_ledger(world) == 200_000
    assert check_invariants() == []


def test_reimbursing_needs_the_paid_bill_and_direct_needs_an_open_one(world, scheme, granted, bill):
    b, invoice, payer, _inst = bill
    with pytest.raises(ValidationFailed) as refused:
        _redeem(world, scheme, granted, b, "reimburse")
    assert refused.value.errors[0].field == "mode"
    invoicing.pay(actor=payer, invoice_id=invoice.pk)
    with pytest.raises(ValidationFailed) as refused:
        _redeem(world, scheme, granted, b, "direct", key="r2")
    assert refused.value.errors[0].field == "mode"
    back = _redeem(world, scheme, granted, b, "reimburse", key="r3")
    assert back.subsidy == 100_000
    assert Account.objects.get(code="ORG-RIVAL").balance == 500_000 - 200_000 + 100_000
    assert check_invariants() == []


def test_who_may_pay_and_what_a_failed_payment_leaves(world, scheme, bill):
    b, invoice, payer, _inst = bill
    with pytest.raises(PermissionDenied):
        invoicing.pay(actor=world.rivaler, invoice_id=invoice.pk)  # a member, not a payer
    with pytest.raises(PermissionDenied):
        invoicing.pay(actor=world.labber, invoice_id=invoice.pk)
    Account.objects.filter(code="ORG-RIVAL").update(credits_posted=100_000)  # not enough
    with pytest.raises(ValidationFailed):
        invoicing.pay(actor=payer, invoice_id=invoice.pk)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_fen, invoice.payments.count()) == ("open", 0, 0)


def test_the_facility_may_waive_an_open_bill_and_nothing_moves(world, bill):
    b, invoice, payer, _inst = bill
    with pytest.raises(PermissionDenied):
        invoicing.waive(actor=payer, invoice_id=invoice.pk)
    invoicing.waive(actor=world.labber, invoice_id=invoice.pk, reason="instrument fault")
    with pytest.raises(Conflict):
        invoicing.pay(actor=payer, invoice_id=invoice.pk)
    assert _lab_income_on_ledger(world) == 0


def test_a_late_cancellation_fee_is_billed_too(world, scheme):
    from innofield.catalog.models import Item

    inst = Item.objects.create(kind="instrument", title="XRD", owner=world.lab, region=world.nj)
    facility_actions.set_policy(
        actor=world.labber,
        instrument_id=inst.pk,
        data={
            "price_industry_fen": 10_000,
            "cancel_free_hours": 24,
            "late_cancel_fraction": "0.5",
        },
    )
    b = booking.create_booking(
        actor=world.rivaler,
        instrument_id=inst.pk,
        start=START,
        end=START + dt.timedelta(hours=2),
        now=START - dt.timedelta(days=2),
    )
    cancelled = booking.cancel(actor=world.rivaler, booking_id=b.pk, now=START)
    assert (cancelled.invoice.kind, cancelled.invoice.amount_fen) == ("cancellation", 10_000)


def test_ledger_check_finds_a_bill_the_ledger_does_not_back(world, scheme, bill):
    b, invoice, payer, _inst = bill
    invoicing.pay(actor=payer, invoice_id=invoice.pk)
    assert check_invariants() == []
    type(invoice).objects.filter(pk=invoice.pk).update(paid_fen=150_000)
    problems = check_invariants()
    assert any(f"invoice {invoice.pk}" in p for p in problems), problems


def test_invoices_api_lists_and_pays(world, scheme, bill, api):
    b, invoice, payer, _inst = bill
    mine = api(payer).get("/api/invoices", status="open").json()
    assert [i["id"] for i in mine["items"]] == [invoice.pk]
    assert mine["items"][0]["due_fen"] == 200_000
    assert api(payer).get("/api/invoices", status="bogus").status_code == 422
    assert api(world.outsider).get(f"/api/invoices/{invoice.pk}").status_code == 404
    r = api(payer).post(f"/api/invoices/{invoice.pk}/pay")
    assert r.status_code == 200 and r.json()["status"] == "paid"
    assert api(payer).post(f"/api/invoices/{invoice.pk}/pay").status_code == 409


def test_bills_page_pays_a_bill_after_a_voucher(world, scheme, granted, bill, client):
    b, invoice, payer, _inst = bill
    client.force_login(world.rivaler)
    page = client.get("/vouchers/", {"evidence": f"booking:{b.pk}"}).content.decode()
    assert f"/vouchers/grants/{granted.pk}/?evidence=booking%3A{b.pk}" in page
    form = client.get(f"/vouchers/grants/{granted.pk}/", {"evidence": f"booking:{b.pk}"})
    assert f'value="booking:{b.pk}" selected' in form.content.decode()
    _redeem(world, scheme, granted, b, "direct")
    client.force_login(payer)
    page = client.get("/bookings/bills/").content.decode()
    assert "¥1,000.00" in page and f"/bookings/bills/{invoice.pk}/pay/" in page
    done = client.post(f"/bookings/bills/{invoice.pk}/pay/", follow=True).content.decode()
    assert "¥1,000.00" in done
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_fen, invoice.voucher_fen) == ("paid", 100_000, 100_000)
    client.force_login(world.rivaler)  # a member sees the bill but cannot pay it
    page = client.get("/bookings/bills/", {"status": "paid"}).content.decode()
    assert f"/bookings/bills/{invoice.pk}/pay/" not in page and "NMR 600" in page
