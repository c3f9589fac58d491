"""Lifecycle, tiers and prices, cancellation, no-shows, waiting list, blackouts, conflicts."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from innofield.booking import actions, facility_actions
from innofield.booking.models import Blackout, Booking, Notification, UsageLog, WaitlistEntry
from innofield.core.errors import Conflict, PermissionDenied
from innofield.core.models import AuditLog

from .conftest import at, book


def test_tiers_follow_the_bookers_organization(lab_world):
    w = lab_world
    assert book(w, w.labber, at(3, 8), at(3, 9)).tier == "internal"
    assert book(w, w.unier, at(3, 10), at(3, 11)).tier == "academic"
    assert book(w, w.rivaler, at(3, 12), at(3, 13)).tier == "industry"
    firm = book(w, w.firmer, at(3, 14), at(3, 15))
    assert (firm.tier, firm.price_per_hour_fen) == ("cross_region", 30_000)
    facility_actions.set_policy(
        actor=w.labber, instrument_id=w.inst.pk, data={"price_cross_region_fen": None}
    )
    assert book(w, w.firmer, at(3, 16), at(3, 17)).tier == "industry"


def test_taken_time_and_buffers_give_409(lab_world):
    w = lab_world
    book(w, w.rivaler, at(3, 10), at(3, 11))
    for start, end in [
        (at(3, 10), at(3, 11)),
        (at(3, 10, 30), at(3, 12)),
        (at(3, 11), at(3, 12)),
        (at(3, 9), at(3, 10)),
    ]:
        with pytest.raises(Conflict, match="the time is taken"):
            book(w, w.firmer, start, end)
    assert book(w, w.firmer, at(3, 11, 30), at(3, 12)).pk
    assert Booking.objects.count() == 2


def test_the_database_itself_refuses_overlaps(lab_world):
    w = lab_world
    b = book(w, w.rivaler, at(3, 10), at(3, 11))
    clone = Booking(
        instrument=w.inst,
        user=w.firmer,
        organization=w.firm,
        start=at(3, 10, 30),
        end=at(3, 11, 30),
        hold_start=at(3, 10, 30),
        hold_end=at(3, 11, 45),
        status="confirmed",
        tier="industry",
        price_per_hour_fen=1,
        quoted_fen=1,
    )
    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        clone.save()
    clone.status = "cancelled"
    clone.save()  # a booking that holds no time may overlap
    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        Booking.objects.filter(pk=clone.pk).update(status="confirmed")
    actions.cancel(actor=w.rivaler, booking_id=b.pk, now=at(2, 1))
    Booking.objects.filter(pk=clone.pk).update(status="confirmed")


def test_approval_flow_and_who_may_decide(lab_world):
    w = lab_world
    facility_actions.set_policy(
        actor=w.labber, instrument_id=w.inst.pk, data={"approval_required": True}
    )
    b = book(w, w.rivaler, at(3, 10), at(3, 11))
    assert b.status == "requested"
    assert Notification.objects.filter(user=w.labber, kind="booking.approval_needed").count() == 1
    with pytest.raises(PermissionDenied):
        actions.decide(actor=w.rivaler, booking_id=b.pk, approve=True)
    assert actions.decide(actor=w.labber, booking_id=b.pk, approve=True).status == "confirmed"
    with pytest.raises(Conflict, match="cannot reject a booking in state 'confirmed'; allowed"):
        actions.decide(actor=w.labber, booking_id=b.pk, approve=False)
    assert AuditLog.objects.filter(action="booking.booking.approve", object_id=str(b.pk)).exists()


def test_requested_time_is_held_until_rejected(lab_world):
    w = lab_world
    facility_actions.set_policy(
        actor=w.labber, instrument_id=w.inst.pk, data={"approval_required": True}
    )
    b = book(w, w.rivaler, at(3, 10), at(3, 11))
    with pytest.raises(Conflict):
        book(w, w.firmer, at(3, 10), at(3, 11))
    actions.decide(actor=w.labber, booking_id=b.pk, approve=False, note="sample not safe")
    assert book(w, w.firmer, at(3, 10), at(3, 11)).status == "requested"


def test_check_in_out_bills_the_larger_of_booked_and_used(lab_world):
    w = lab_world
    b = book(w, w.rivaler, at(3, 10), at(3, 12))
    with pytest.raises(Conflict, match="check-in is open"):
        actions.check_in(actor=w.rivaler, booking_id=b.pk, now=at(3, 9))
    with pytest.raises(PermissionDenied):
        actions.check_in(actor=w.firmer, booking_id=b.pk, now=at(3, 10))
    actions.check_in(actor=w.rivaler, booking_id=b.pk, now=at(3, 10, 5))
    done = actions.check_out(actor=w.labber, booking_id=b.pk, samples=3, now=at(3, 11, 5))
    assert (done.status, done.charge_fen) == ("completed", 80_000)  # 1 h used, 2 h booked
    log = UsageLog.objects.get(booking=b)
    assert (log.samples, log.external, log.income_fen, log.end - log.start) == (
        3,
        True,
        80_000,
        dt.timedelta(hours=1),
    )
    with pytest.raises(Conflict):
        actions.cancel(actor=w.rivaler, booking_id=b.pk)


def test_bill_logged_time_when_policy_says_so(lab_world):
    w = lab_world
    facility_actions.set_policy(
        actor=w.labber, instrument_id=w.inst.pk, data={"bill_max_booked_logged": False}
    )
    b = book(w, w.rivaler, at(3, 10), at(3, 12))
    actions.check_in(actor=w.rivaler, booking_id=b.pk, now=at(3, 10))
    done = actions.check_out(actor=w.rivaler, booking_id=b.pk, now=at(3, 10, 30))
    assert done.charge_fen == 20_000


def test_cancellation_free_until_deadline_then_charged(lab_world):
    w = lab_world
    early = book(w, w.rivaler, at(5, 10), at(5, 12))
    late = book(w, w.rivaler, at(5, 14), at(5, 16))
    assert actions.cancel(actor=w.rivaler, booking_id=early.pk, now=at(4, 9, 59)).charge_fen == 0
    late = actions.cancel(actor=w.rivaler, booking_id=late.pk, now=at(4, 14, 1))
    assert late.charge_fen == 40_000
    assert Notification.objects.get(booking=late, kind="booking.cancelled").message.endswith(
        "fee ¥400.00."
    )
    with pytest.raises(PermissionDenied, match="only the booker"):
        actions.cancel(actor=w.firmer, booking_id=book(w, w.rivaler, at(6, 9), at(6, 10)).pk)


def test_no_shows_are_released_after_the_grace_period(lab_world):
    w = lab_world
    b = book(w, w.rivaler, at(3, 10), at(3, 12))
    assert actions.release_no_shows(now=at(3, 10, 14)) == []
    assert actions.release_no_shows(now=at(3, 10, 15)) == [b.pk]
    b.refresh_from_db()
    assert (b.status, b.charge_fen) == ("no_show", 80_000)
    assert Notification.objects.filter(user=w.rivaler, kind="booking.no_show").exists()
    assert AuditLog.objects.filter(action="booking.booking.no_show", actor_name="system").exists()
    # the rest of the slot can be booked again
    assert book(w, w.firmer, at(3, 11), at(3, 12), now=at(3, 10, 0)).pk


def test_waiting_list_gets_the_freed_time(lab_world):
    w = lab_world
    b = book(w, w.rivaler, at(5, 10), at(5, 12))
    entry = actions.join_waitlist(
        actor=w.firmer, instrument_id=w.inst.pk, start=at(5, 11), end=at(5, 12)
    )
    actions.cancel(actor=w.rivaler, booking_id=b.pk, now=at(2, 1))
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED
    assert Notification.objects.filter(user=w.firmer, kind="booking.waitlist_offer").exists()


@pytest.mark.parametrize("on_clash", ["notify", "cancel", "book_around"])
def test_blackout_clashes(lab_world, on_clash):
    w = lab_world
    b = book(w, w.rivaler, at(4, 10), at(4, 11))
    rows = facility_actions.add_blackout(
        actor=w.labber,
        instrument_id=w.inst.pk,
        start=at(4, 8),
        end=at(4, 14),
        on_clash=on_clash,
        reason="vacuum pump",
    )
    b.refresh_from_db()
    kinds = set(Notification.objects.filter(user=w.rivaler).values_list("kind", flat=True))
    if on_clash == "notify":
        assert b.status == "confirmed" and "booking.blackout_clash" in kinds and len(rows) == 1
    elif on_clash == "cancel":
        assert (b.status, b.charge_fen) == (
            "cancelled",
            0,
        ) and "booking.cancelled_by_blackout" in kinds
    else:
        assert b.status == "confirmed"
        assert [(r.start, r.end) for r in Blackout.objects.order_by("start")] == [
            (at(4, 8), at(4, 10)),
            (at(4, 11), at(4, 14)),
        ]


def test_dst_elapsed_time_is_what_counts(lab_world):
    w = lab_world
    berlin = ZoneInfo("Europe/Berlin")
    facility_actions.set_policy(
        actor=w.labber,
        instrument_id=w.inst.pk,
        data={
            "zone": "Europe/Berlin",
            "open_from": 0,
            "open_until": 1440,
            "open_days": list(range(7)),
            "max_advance_days": 400,
            "buffer_minutes": 0,
        },
    )
    spring = book(
        w,
        w.rivaler,
        dt.datetime(2026, 3, 29, 0, 0, tzinfo=berlin),
        dt.datetime(2026, 3, 29, 4, 0, tzinfo=berlin),
    )
    assert spring.end - spring.start == dt.timedelta(hours=3) and spring.quoted_fen == 120_000
    # autumn: 00:00–04:00 local on 25 October 2026 is five real hours > the 4 h maximum
    with pytest.raises(PermissionDenied, match="rule max_block"):
        book(
            w,
            w.rivaler,
            dt.datetime(2026, 10, 25, 0, 0, tzinfo=berlin),
            dt.datetime(2026, 10, 25, 4, 0, tzinfo=berlin),
        )
    # the repeated hour: 02:30 CEST and 02:30 CET are different instants, both on the grid
    first = dt.datetime(2026, 10, 25, 2, 30, tzinfo=berlin, fold=0)
    second = dt.datetime(2026, 10, 25, 2, 30, tzinfo=berlin, fold=1)
    half = dt.timedelta(minutes=30)  # added in UTC: aware arithmetic in one zone is wall-clock
    a = book(w, w.rivaler, first, first.astimezone(dt.UTC) + half)
    b = book(w, w.firmer, second, second.astimezone(dt.UTC) + half)
    assert b.start - a.start == dt.timedelta(hours=1)


def test_opening_hours_hold_in_local_time_across_dst(lab_world):
    w = lab_world
    ny = ZoneInfo("America/New_York")
    facility_actions.set_policy(
        actor=w.labber,
        instrument_id=w.inst.pk,
        data={
            "zone": "America/New_York",
            "open_from": 9 * 60,
            "open_until": 17 * 60,
            "open_days": list(range(7)),
            "max_advance_days": 400,
            "min_notice_minutes": 0,
        },
    )
    # 8 March 2026 is the US spring-forward day; 09:00 local is 13:00 UTC (EDT), not 14:00
    assert book(
        w, w.rivaler, dt.datetime(2026, 3, 8, 9, tzinfo=ny), dt.datetime(2026, 3, 8, 10, tzinfo=ny)
    ).pk
    with pytest.raises(PermissionDenied, match="rule opening_hours"):
        book(
            w,
            w.rivaler,
            dt.datetime(2026, 3, 8, 12, tzinfo=dt.UTC),
            dt.datetime(2026, 3, 8, 13, tzinfo=dt.UTC),
        )
