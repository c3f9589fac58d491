"""Booking from the calendar page: the slot's times go through a form; bad input is a
message naming the field, never a server error, and nothing is booked."""

from __future__ import annotations

import datetime as dt

from innofield.booking.models import Booking

from .conftest import SH


def test_bad_times_name_the_field_and_book_nothing(lab_world, client):
    w = lab_world
    client.force_login(w.rivaler)
    page = client.post(
        f"/instruments/{w.inst.pk}/book/", {"start": "tomorrow", "end": "2026-03-03T10:00+08:00"}
    )
    assert page.status_code == 302
    shown = client.get(page["Location"]).content.decode()
    assert "Start" in shown and Booking.objects.count() == 0


def test_a_free_slot_is_booked_and_quoted_in_yuan(lab_world, client):
    w = lab_world
    client.force_login(w.rivaler)
    day = dt.datetime.now(SH).date() + dt.timedelta(days=3)
    while day.weekday() > 4:  # the strict policy opens Monday to Friday
        day += dt.timedelta(days=1)
    start = dt.datetime(day.year, day.month, day.day, 10, tzinfo=SH)
    end = start + dt.timedelta(hours=1)
    page = client.post(
        f"/instruments/{w.inst.pk}/book/",
        {"start": start.isoformat(), "end": end.isoformat(), "purpose": "XRD of samples"},
        follow=True,
    )
    [booking] = Booking.objects.all()
    assert booking.purpose == "XRD of samples"
    assert "¥400.00" in page.content.decode()  # one hour at the industry price
