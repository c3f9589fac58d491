"""The booking pages render and book through the action."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from innofield.booking import facility_actions
from innofield.booking.models import Booking


def _login(user):
    client = Client()
    client.force_login(user)
    return client


def test_calendar_book_mine_queue_report(lab_world):
    w = lab_world
    facility_actions.set_policy(
        actor=w.labber, instrument_id=w.inst.pk, data={"approval_required": True}
    )
    page = Client().get(f"/instruments/{w.inst.pk}/calendar/")
    assert page.status_code == 200 and b"Cryo-EM" in page.content
    nxt = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    week = _login(w.rivaler).get(
        f"/instruments/{w.inst.pk}/calendar/?week={nxt}", headers={"HX-Request": "true"}
    )
    assert (
        week.status_code == 200 and b"<html" not in week.content and b'name="start"' in week.content
    )
    start = dt.datetime.now(dt.UTC).replace(
        hour=2, minute=0, second=0, microsecond=0
    ) + dt.timedelta(days=3)
    while start.astimezone(dt.timezone(dt.timedelta(hours=8))).weekday() > 4:
        start += dt.timedelta(days=1)
    r = _login(w.rivaler).post(
        f"/instruments/{w.inst.pk}/book/",
        {"start": start.isoformat(), "end": (start + dt.timedelta(hours=1)).isoformat()},
    )
    assert r.status_code == 302
    booking = Booking.objects.get()
    assert booking.status == "requested"
    assert b"Requested" in _login(w.rivaler).get("/bookings/mine/").content
    assert str(booking.pk).encode() in _login(w.labber).get("/bookings/queue/").content
    _login(w.labber).post(f"/bookings/{booking.pk}/approve/", {"next": "/bookings/queue/"})
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    r = _login(w.firmer).post(f"/bookings/{booking.pk}/cancel/", {}, follow=True)
    assert b"only the booker" in r.content
    report = Client().get("/bookings/reports/?by=organization")
    assert report.status_code == 200 and b"echarts" in report.content
