"""The facility manager's pages: policy, blackouts, qualifications and bookings in the
browser's forms, through the actions; others cannot reach them."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.test import Client
from django.utils import timezone

from innofield.booking.models import Blackout, Booking, Policy, Qualification


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def policy_post(**changes: str) -> dict[str, Any]:
    data = {
        "form": "policy",
        "zone": "Asia/Shanghai",
        "open_from": "08:00",
        "open_until": "23:59",
        "open_days": ["0", "1", "2", "3", "4"],
        "min_minutes": "30",
        "max_minutes": "240",
        "granularity_minutes": "30",
        "min_notice_minutes": "60",
        "max_advance_days": "30",
        "buffer_minutes": "15",
        "approval_required": "on",
        "price_internal": "100",
        "price_academic": "200",
        "price_industry": "1,250.50",
        "price_cross_region": "",
        "cancel_free_hours": "24",
        "late_cancel_fraction": "0.5",
        "no_show_grace_minutes": "15",
        "no_show_fraction": "1",
    }
    return data | changes


def test_a_manager_sets_the_policy_with_prices_in_yuan(lab_world: SimpleNamespace) -> None:
    w = lab_world
    page = logged_in(w.labber).post(f"/instruments/{w.inst.pk}/manage/", policy_post())
    assert page.status_code == 302
    policy = Policy.objects.get(instrument=w.inst)
    assert (policy.price_industry_fen, policy.price_cross_region_fen) == (125_050, None)
    assert (policy.open_from, policy.open_until, policy.approval_required) == (480, 1440, True)
    assert policy.open_days == [0, 1, 2, 3, 4]
    shown = logged_in(w.labber).get(f"/instruments/{w.inst.pk}/manage/").content.decode()
    assert 'value="1,250.50"' in shown


def test_a_bad_price_is_refused_on_the_form_and_nothing_changes(
    lab_world: SimpleNamespace,
) -> None:
    w = lab_world
    before = Policy.objects.get(instrument=w.inst).price_industry_fen
    for bad in ("1e30", "NaN", "12.345", "lots"):
        page = logged_in(w.labber).post(
            f"/instruments/{w.inst.pk}/manage/", policy_post(price_industry=bad)
        )
        assert page.status_code == 200, bad
        assert "errorlist" in page.content.decode(), bad
    assert Policy.objects.get(instrument=w.inst).price_industry_fen == before == 40_000


def test_blackouts_and_qualifications_from_the_page(lab_world: SimpleNamespace) -> None:
    w = lab_world
    client = logged_in(w.labber)
    start = (timezone.now() + dt.timedelta(days=3)).strftime("%Y-%m-%dT10:00")
    end = (timezone.now() + dt.timedelta(days=3)).strftime("%Y-%m-%dT12:00")
    page = client.post(
        f"/instruments/{w.inst.pk}/manage/",
        {
            "form": "blackout",
            "start": start,
            "end": end,
            "kind": "maintenance",
            "on_clash": "notify",
            "reason": "annual service",
        },
    )
    assert page.status_code == 302
    window = Blackout.objects.get(instrument=w.inst)
    assert window.start.astimezone(dt.timezone(dt.timedelta(hours=8))).hour == 10
    page = client.post(
        f"/instruments/{w.inst.pk}/manage/", {"form": "qualify", "username": "firmer"}
    )
    assert page.status_code == 302
    assert Qualification.objects.filter(instrument=w.inst, user=w.firmer).exists()
    unknown = client.post(
        f"/instruments/{w.inst.pk}/manage/", {"form": "qualify", "username": "nobody-at-all"}
    )
    assert unknown.status_code == 200 and "nobody-at-all" in unknown.content.decode()
    client.post(f"/instruments/{w.inst.pk}/qualified/firmer/revoke/")
    assert not Qualification.objects.filter(instrument=w.inst, user=w.firmer).exists()


def test_others_cannot_open_the_page(lab_world: SimpleNamespace) -> None:
    w = lab_world
    for user in (w.firmer, w.rivaler, w.outsider):
        assert logged_in(user).get(f"/instruments/{w.inst.pk}/manage/").status_code == 404
        page = logged_in(user).post(f"/instruments/{w.inst.pk}/manage/", policy_post())
        assert page.status_code == 404
    assert Client().get(f"/instruments/{w.inst.pk}/manage/").status_code == 302  # to login


def test_check_in_and_out_from_the_manager_page(lab_world: SimpleNamespace) -> None:
    from innofield.booking import actions

    w = lab_world
    now = timezone.now()
    start = now.replace(minute=0 if now.minute < 30 else 30, second=0, microsecond=0)
    Policy.objects.filter(instrument=w.inst).update(
        open_from=0, open_until=1440, open_days=[0, 1, 2, 3, 4, 5, 6], min_notice_minutes=0
    )
    booking = actions.create_booking(
        actor=w.firmer,
        instrument_id=w.inst.pk,
        start=start,
        end=start + dt.timedelta(hours=1),
        now=start - dt.timedelta(hours=2),
    )
    client = logged_in(w.labber)
    page = client.get(f"/instruments/{w.inst.pk}/manage/").content.decode()
    assert f"/bookings/{booking.pk}/check-in/" in page
    assert f"/bookings/{booking.pk}/check-out/" not in page  # not possible yet
    client.post(f"/bookings/{booking.pk}/check-in/")
    client.post(f"/bookings/{booking.pk}/check-out/")
    assert Booking.objects.get(pk=booking.pk).status == "completed"


def test_my_bookings_offers_only_what_each_booking_allows(lab_world: SimpleNamespace) -> None:
    from innofield.booking import actions

    w = lab_world
    Policy.objects.filter(instrument=w.inst).update(
        open_from=0, open_until=1440, open_days=[0, 1, 2, 3, 4, 5, 6], max_advance_days=365
    )
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=5)
    booking = actions.create_booking(
        actor=w.firmer, instrument_id=w.inst.pk, start=start, end=start + dt.timedelta(hours=1)
    )
    page = logged_in(w.firmer).get("/bookings/mine/").content.decode()
    assert f"/bookings/{booking.pk}/cancel/" in page
    assert f"/bookings/{booking.pk}/check-in/" not in page  # five days ahead: not yet
    assert f"/bookings/{booking.pk}/check-out/" not in page
    actions.cancel(actor=w.firmer, booking_id=booking.pk)
    page = logged_in(w.firmer).get("/bookings/mine/").content.decode()
    assert f"/bookings/{booking.pk}/cancel/" not in page and "Cancelled" in page


def test_the_time_zone_list_reads_in_the_page_language(lab_world: SimpleNamespace) -> None:
    from innofield.booking.forms import zone_choices

    url = f"/instruments/{lab_world.inst.pk}/manage/"
    client = logged_in(lab_world.labber)
    zh = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "北京时间（中国标准时间） · Asia/Shanghai (UTC+08:00)</option>" in zh
    assert "China Standard Time" not in zh
    en = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "China Standard Time (Beijing) · Asia/Shanghai (UTC+08:00)</option>" in en
    assert ">Europe/Berlin (UTC+0" in en  # every other zone with its offset now
    # the offset follows summer time, and the value posted stays the identifier
    july, january = dt.datetime(2026, 7, 1, tzinfo=dt.UTC), dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert ("Europe/Berlin", "Europe/Berlin (UTC+02:00)") in zone_choices(july)
    assert ("Europe/Berlin", "Europe/Berlin (UTC+01:00)") in zone_choices(january)
    assert ("America/St_Johns", "America/St_Johns (UTC-03:30)") in zone_choices(january)
    assert 'value="Asia/Shanghai" selected' in en
