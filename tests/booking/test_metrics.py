"""Sharing metrics against a hand-computed small case; CSV export; planning warnings."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from innofield.booking import invoicing, metrics, reports
from innofield.booking.models import Blackout, Booking, UsageLog
from innofield.ledger import engine as ledger_engine

from .conftest import at


def _fund(w, org, fen):
    from innofield.ledger import actions as ledger
    from innofield.ledger.models import Account

    if not Account.objects.filter(code="EXT").exists():
        ledger.open_account(actor=w.admin, code="EXT", name="outside", kind="external")
    code = ledger_engine.ensure_organization_account(w.admin, org)
    ledger.transfer(actor=w.admin, key=f"fund-{org.code}", debit="EXT", credit=code, amount=fen)


def _billed(w, booking, charge):
    """Charge ``booking`` ``charge`` yuan, bill it and pay the bill on the ledger."""
    from django.db import transaction

    booking.charge = Decimal(charge)
    booking.save(update_fields=["charge"])
    with transaction.atomic():
        invoice = invoicing.issue(actor=w.admin, booking=booking, kind="usage")
    invoicing.pay(actor=w.admin, invoice_id=invoice.pk)


def _booking(w, user, org, start, end, status="completed"):
    return Booking.objects.create(
        instrument=w.inst,
        user=user,
        organization=org,
        start=start,
        end=end,
        hold_start=start,
        hold_end=end,
        status=status,
        tier="industry",
        price_per_hour=Decimal("100"),
        quoted=Decimal("0"),
    )


def test_hand_computed_week(lab_world, api):
    """Mon 2 – Sat 7 March 2026, open 08–20 Mon–Fri: 5 × 12 h = 60 h, minus a 2 h blackout = 58 h.

    Booked: 3 h (lab, internal) + 4 h (rival) + 2 h (firm) + 1 h cancelled (not counted) = 9 h.
    Used: lab 3 h internal; rival 4 h external (income 400); firm 1.5 h external (income 300);
    the income is what the lab received on the ledger for the two bills.
    Effective 8.5 h, external 5.5 h, sharing rate 5.5 / 8.5 = 0.6471, utilization 9 / 58 = 0.1552.
    """
    w = lab_world
    Blackout.objects.create(instrument=w.inst, start=at(4, 8), end=at(4, 10))
    _booking(w, w.labber, w.lab, at(2, 8), at(2, 11))
    rb = _booking(w, w.rivaler, w.rival, at(3, 9), at(3, 13))
    fb = _booking(w, w.firmer, w.firm, at(5, 14), at(5, 16))
    _booking(w, w.firmer, w.firm, at(6, 9), at(6, 10), status="cancelled")
    UsageLog.objects.create(
        instrument=w.inst, organization=w.lab, start=at(2, 8), end=at(2, 11), external=False
    )
    UsageLog.objects.create(
        instrument=w.inst,
        booking=rb,
        organization=w.rival,
        start=at(3, 9),
        end=at(3, 13),
        external=True,
    )
    UsageLog.objects.create(
        instrument=w.inst,
        booking=fb,
        organization=w.firm,
        start=at(5, 14),
        end=at(5, 15, 30),
        external=True,
    )
    _fund(w, w.rival, 100_000)
    _fund(w, w.firm, 100_000)
    _billed(w, rb, "400")
    _billed(w, fb, "300")
    [row] = reports.metrics_rows(w.admin, start=at(2, 0), end=at(7, 0), by="instrument")
    assert row == {
        "key": w.inst.pk,
        "label": "Cryo-EM",
        "instruments": 1,
        "effective_hours": 8.5,
        "external_hours": 5.5,
        "sharing_rate": 0.6471,
        "booked_hours": 9.0,
        "available_hours": 58.0,
        "utilization": 0.1552,
        "income": 700.0,
    }
    [by_region] = reports.metrics_rows(w.admin, start=at(2, 0), end=at(7, 0), by="region")
    assert (by_region["key"], by_region["effective_hours"]) == ("320000", 8.5)
    [by_month] = reports.metrics_rows(w.admin, start=at(2, 0), end=at(7, 0), by="month")
    assert (by_month["key"], by_month["utilization"]) == ("2026-03", 0.1552)
    r = api(w.officer).get(
        "/api/booking-metrics",
        start=at(2, 0).isoformat(),
        end=at(7, 0).isoformat(),
        by="organization",
        format="csv",
    )
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    [line] = list(csv.DictReader(io.StringIO(r.content.decode())))
    assert (line["key"], line["sharing_rate"], line["income"]) == ("LAB", "0.6471", "700.0")
    r = api(w.officer).get(
        "/api/booking-metrics", start=at(2, 0).isoformat(), end=at(7, 0).isoformat(), by="planet"
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "by"


def test_sharing_rate_and_utilization_are_none_without_hours():
    [row] = metrics.aggregate(
        [
            metrics.Base(
                key=1,
                label="x",
                instrument=1,
                effective_hours=0,
                external_hours=0,
                booked_hours=0,
                available_hours=0,
                income=0,
            )
        ]
    )
    assert row["sharing_rate"] is None and row["utilization"] is None


def test_duplicate_purchase_warning():
    holdings = [
        metrics.Holding(1, "320000", "nmr", 0.1),
        metrics.Holding(2, "320000", "nmr", 0.2),
        metrics.Holding(3, "320000", "xrd", 0.8),
        metrics.Holding(4, "330000", "nmr", None),
    ]
    warnings = metrics.duplicate_purchase_warnings(holdings, threshold=0.3)
    assert [(w["region"], w["category"], w["instruments"]) for w in warnings] == [
        ("320000", "nmr", 2),
        ("330000", "nmr", 1),
    ]
    assert warnings[0]["mean_utilization"] == 0.15
