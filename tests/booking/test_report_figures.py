"""The stored per-day figures of the sharing reports equal the direct computation: on
fixture data for every grouping (with partial first and last days), and after each booking
action that changes what is counted (booking, cancellation, check-out, bill payment,
blackout, policy)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as NS

import pytest

from innofield.booking import actions, facility_actions, figures, invoicing, reports
from innofield.booking.models import Blackout, Booking, InstrumentDay, ReportCoverage, UsageLog

from .conftest import NOW, at, book

pytestmark = pytest.mark.django_db

FIRST, LAST = dt.date(2026, 2, 20), dt.date(2026, 3, 31)
HOUR = figures.US_PER_HOUR


def _stored(pk: int, day: dt.date) -> figures.Figures:
    row = InstrumentDay.objects.filter(instrument_id=pk, day=day).first()
    if row is None:
        return figures.Figures()
    return figures.Figures(**{name: getattr(row, name) for name in figures.NAMES})


def _assert_stored_equals_direct(pk: int, first: dt.date = FIRST, last: dt.date = LAST) -> None:
    direct = figures.compute([pk], figures.day_spans(first, last))[pk]
    for n, computed in enumerate(direct):
        day = first + dt.timedelta(days=n)
        assert _stored(pk, day) == computed, day


def _fund(w: NS, org: object, fen: int) -> None:
    from innofield.ledger import actions as ledger
    from innofield.ledger import engine
    from innofield.ledger.models import Account

    if not Account.objects.filter(code="EXT").exists():
        ledger.open_account(actor=w.admin, code="EXT", name="outside", kind="external")
    code = engine.ensure_organization_account(w.admin, org)
    ledger.transfer(actor=w.admin, key=f"fund-{org.code}", debit="EXT", credit=code, amount=fen)  # type: ignore[attr-defined]


def _fixture_data(w: NS) -> None:
    """Bookings in every state, usage inside and outside the owner, a blackout, and a second
    instrument without a policy (open around the clock), around the turn of February."""
    from innofield.catalog.models import Item

    other = Item.objects.create(kind="instrument", title="XRD", owner=w.lab, region=w.nj)
    Blackout.objects.create(instrument=w.inst, start=at(4, 8), end=at(4, 10))
    rows = [
        (w.inst, w.labber, w.lab, at(2, 8), at(2, 11), "completed"),
        (w.inst, w.rivaler, w.rival, at(3, 9), at(3, 13), "completed"),
        (w.inst, w.firmer, w.firm, at(5, 14), at(5, 16), "confirmed"),
        (w.inst, w.firmer, w.firm, at(6, 9), at(6, 10), "cancelled"),
        (other, w.rivaler, w.rival, at(1, 22), at(2, 3), "completed"),  # across midnight
        (other, w.firmer, w.firm, at(9, 20), at(9, 23, 45), "no_show"),
    ]
    for item, user, org, start, end, status in rows:
        b = Booking.objects.create(
            instrument=item,
            user=user,
            organization=org,
            start=start,
            end=end,
            hold_start=start,
            hold_end=end,
            status=status,
            tier="industry",
            price_per_hour_fen=10_000,
            quoted_fen=0,
        )
        if status == "completed":
            UsageLog.objects.create(
                instrument=item,
                booking=b,
                organization=org,
                start=start + dt.timedelta(minutes=7, microseconds=3),
                end=end - dt.timedelta(minutes=11),
                external=org != w.lab,
            )


@pytest.mark.parametrize("by", reports.GROUPS)
def test_stored_figures_equal_the_direct_computation(lab_world: NS, by: str) -> None:
    w = lab_world
    _fixture_data(w)
    start = dt.datetime(2026, 2, 25, 5, 30, tzinfo=dt.UTC)  # partial first and last days
    end = at(9, 21, 17)
    stored = reports.metrics_rows(w.admin, start=start, end=end, by=by)
    assert ReportCoverage.objects.count() == 2  # the stored days were filled and read
    assert InstrumentDay.objects.filter(booked_us__gt=0).exists()
    direct = reports.metrics_rows(w.admin, start=start, end=end, by=by, stored=False)
    assert stored == direct
    assert sum(float(r["effective_hours"]) for r in stored) > 10
    assert sum(float(r["available_hours"]) for r in stored) > 100
    if by == "month":
        assert [r["key"] for r in stored] == ["2026-02", "2026-03"]
    for pk in ReportCoverage.objects.values_list("instrument_id", flat=True):
        cover = ReportCoverage.objects.get(instrument_id=pk)
        _assert_stored_equals_direct(pk, cover.first_day, cover.last_day)


def test_the_actions_keep_the_stored_days_up_to_date(lab_world: NS) -> None:
    w = lab_world
    pk = w.inst.pk
    figures.ensure_covered([pk], FIRST, LAST)
    _assert_stored_equals_direct(pk)
    assert _stored(pk, dt.date(2026, 3, 3)).available_us == 12 * HOUR

    b = book(w, w.rivaler, at(3, 10), at(3, 12))
    assert _stored(pk, dt.date(2026, 3, 3)).booked_us == 2 * HOUR
    _assert_stored_equals_direct(pk)

    gone = book(w, w.rivaler, at(4, 9), at(4, 11))
    assert _stored(pk, dt.date(2026, 3, 4)).booked_us == 2 * HOUR
    actions.cancel(actor=w.rivaler, booking_id=gone.pk, now=NOW)
    assert _stored(pk, dt.date(2026, 3, 4)).booked_us == 0
    _assert_stored_equals_direct(pk)

    actions.check_in(actor=w.rivaler, booking_id=b.pk, now=at(3, 10, 5))
    done = actions.check_out(actor=w.labber, booking_id=b.pk, now=at(3, 11, 35))
    day = _stored(pk, dt.date(2026, 3, 3))
    assert (day.effective_us, day.external_us) == (HOUR * 3 // 2, HOUR * 3 // 2)
    _assert_stored_equals_direct(pk)

    _fund(w, w.rival, 10_000_000)
    invoice = done.invoice
    invoicing.pay(actor=w.admin, invoice_id=invoice.pk)
    assert _stored(pk, dt.date(2026, 3, 3)).income_fen == done.charge_fen > 0
    _assert_stored_equals_direct(pk)

    facility_actions.add_blackout(actor=w.labber, instrument_id=pk, start=at(5, 8), end=at(5, 10))
    assert _stored(pk, dt.date(2026, 3, 5)).available_us == 10 * HOUR
    _assert_stored_equals_direct(pk)

    facility_actions.set_policy(actor=w.labber, instrument_id=pk, data={"open_until": 18 * 60})
    assert _stored(pk, dt.date(2026, 3, 10)).available_us == 10 * HOUR
    assert _stored(pk, dt.date(2026, 3, 7)).available_us == 0  # Saturday: closed, no row
    _assert_stored_equals_direct(pk)

    start, end = at(1, 0), at(20, 0)
    for by in reports.GROUPS:
        assert reports.metrics_rows(w.admin, start=start, end=end, by=by) == reports.metrics_rows(
            w.admin, start=start, end=end, by=by, stored=False
        )


def test_a_new_day_is_filled_on_first_use_and_kept_one_unbroken_range(lab_world: NS) -> None:
    w = lab_world
    pk = w.inst.pk
    figures.ensure_covered([pk], dt.date(2026, 3, 1), dt.date(2026, 3, 5))
    assert figures.ensure_covered([pk], dt.date(2026, 3, 2), dt.date(2026, 3, 4)) == 0
    assert figures.ensure_covered([pk], dt.date(2026, 3, 10), dt.date(2026, 3, 12)) == 1
    cover = ReportCoverage.objects.get(instrument_id=pk)
    assert (cover.first_day, cover.last_day) == (dt.date(2026, 3, 1), dt.date(2026, 3, 12))
    _assert_stored_equals_direct(pk, cover.first_day, cover.last_day)
