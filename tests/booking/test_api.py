"""The REST API: status codes, bodies, and that errors name the field or rule."""

from __future__ import annotations

import datetime as dt

from innofield.booking import actions

from .conftest import at


def _body(inst, start, end, **kw):
    return {"instrument": inst.pk, "start": start.isoformat(), "end": end.isoformat(), **kw}


def test_book_list_and_lifecycle_over_http(lab_world, api):
    w = lab_world
    rival = api(w.rivaler)
    start = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0) + dt.timedelta(
        days=2
    )
    start = start.replace(hour=2)  # 10:00 in Shanghai
    r = rival.post(
        "/api/bookings", _body(w.inst, start, start + dt.timedelta(hours=1), purpose="XRD")
    )
    assert r.status_code == 201, r.content
    booking = r.json()
    assert (
        booking["status"] == "confirmed"
        and booking["tier"] == "industry"
        and booking["quoted_fen"] == 40_000
    )
    r = api(w.firmer).post("/api/bookings", _body(w.inst, start, start + dt.timedelta(hours=1)))
    assert r.status_code == 409 and "the time is taken" in r.json()["detail"]
    page = rival.get(
        "/api/bookings",
        instrument=w.inst.pk,
        start=start.isoformat(),
        end=(start + dt.timedelta(days=1)).isoformat(),
    )
    assert page.status_code == 200 and page.json()["count"] == 1
    assert api(w.labber).get("/api/bookings", instrument=w.inst.pk).json()["count"] == 1
    assert api(w.firmer).get("/api/bookings", instrument=w.inst.pk).json()["count"] == 0
    r = api(w.firmer).post(f"/api/bookings/{booking['id']}/approve")
    assert r.status_code == 403
    r = rival.post(f"/api/bookings/{booking['id']}/check-in")
    assert r.status_code == 409 and "check-in is open" in r.json()["detail"]
    r = rival.post(f"/api/bookings/{booking['id']}/cancel", {"reason": "sample late"})
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert rival.post(f"/api/bookings/{booking['id']}/check-out").status_code == 409


def test_bad_input_and_rules_over_http(lab_world, api):
    w = lab_world
    rival = api(w.rivaler)
    r = rival.post(
        "/api/bookings",
        {
            "instrument": w.inst.pk,
            "start": "2026-04-01T10:00:00",
            "end": "2026-04-01T11:00:00+08:00",
        },
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "start"
    r = rival.post("/api/bookings", {"instrument": w.inst.pk, "start": "tomorrow", "end": "later"})
    assert r.status_code == 422 and {e["field"] for e in r.json()["errors"]} == {"start", "end"}
    t = dt.datetime.now(dt.UTC).replace(hour=2, minute=0, second=0, microsecond=0) + dt.timedelta(
        days=3
    )
    r = rival.post("/api/bookings", _body(w.inst, t, t))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "end"
    r = rival.post("/api/bookings", _body(w.inst, t, t + dt.timedelta(hours=6)))
    assert r.status_code == 403 and "rule max_block" in r.json()["detail"]
    r = api(w.outsider).post("/api/bookings", _body(w.inst, t, t + dt.timedelta(hours=1)))
    assert r.status_code == 403 and "rule membership" in r.json()["detail"]
    assert (
        api().post("/api/bookings", _body(w.inst, t, t + dt.timedelta(hours=1))).status_code == 401
    )
    assert (
        rival.post(
            "/api/bookings", {**_body(w.inst, t, t + dt.timedelta(hours=1)), "instrument": 999999}
        ).status_code
        == 404
    )
    r = api(w.labber)._call("put", f"/api/instruments/{w.inst.pk}/policy", {"buffer_minutes": -5})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "buffer_minutes"


def test_instruments_filters_and_availability(lab_world, api):
    from innofield.catalog.models import Item

    w = lab_world
    Item.objects.create(
        kind="instrument",
        title="Raman spectrometer",
        owner=w.rival,
        region=w.js,
        details={"category": "spectrometer"},
    )
    anon = api()
    assert anon.get("/api/instruments").json()["count"] == 2
    assert [
        i["title"] for i in anon.get("/api/instruments", type="spectrometer").json()["items"]
    ] == ["Raman spectrometer"]
    assert anon.get("/api/instruments", region="320100").json()["count"] == 1
    assert anon.get("/api/instruments", region="320000").json()["count"] == 2
    assert anon.get("/api/instruments", text="cryo").json()["count"] == 1
    actions.create_booking(
        actor=w.rivaler, instrument_id=w.inst.pk, start=at(3, 10), end=at(3, 11), now=at(2, 0)
    )
    free = anon.get(
        "/api/instruments", start=at(3, 11).isoformat(), end=at(3, 12).isoformat()
    ).json()
    assert [i["title"] for i in free["items"]] == ["Raman spectrometer"]  # the buffer runs to 11:15
    free = anon.get(
        "/api/instruments", start=at(3, 11, 15).isoformat(), end=at(3, 12).isoformat()
    ).json()
    assert free["count"] == 2
    assert anon.get("/api/instruments", start=at(3, 11).isoformat()).status_code == 422
    r = anon.get(
        f"/api/instruments/{w.inst.pk}/availability",
        start=at(3, 0).isoformat(),
        end=at(4, 0).isoformat(),
    )
    assert r.status_code == 200, r.content
    a = r.json()
    assert a["zone"] == "Asia/Shanghai" and len(a["open"]) == 1 and len(a["busy"]) == 1
    spans = [
        (dt.datetime.fromisoformat(f["start"]), dt.datetime.fromisoformat(f["end"]))
        for f in a["free"]
    ]
    assert spans == [(at(3, 8), at(3, 9, 45)), (at(3, 11, 15), at(3, 20))]
    r = anon.get(
        f"/api/instruments/{w.inst.pk}/availability",
        start="2026-03-03T00:00:00",
        end=at(4, 0).isoformat(),
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "start"


def test_quote(lab_world, api):
    w = lab_world
    r = api(w.firmer).get(
        f"/api/instruments/{w.inst.pk}/quote",
        start=at(3, 9).isoformat(),
        end=at(3, 11, 30).isoformat(),
    )
    q = r.json()
    assert (q["tier"], q["price_per_hour_fen"], q["amount_fen"], q["late_cancel_fee_fen"]) == (
        "cross_region",
        30_000,
        75_000,
        37_500,
    )


def test_booking_list_takes_any_utc_offset_python_accepts(lab_world, api):
    """PostgreSQL rejects offsets beyond ±15:59 (found by the schemathesis fuzz); we send UTC."""
    rival = api(lab_world.rivaler)
    r = rival.get("/api/bookings", start="0987-02-22T23:41:50-22:18", end="2999-01-01T00:00:00Z")
    assert r.status_code == 200, r.content
    r = rival.get("/api/instruments", start="2030-01-01T00:00:00+23:00", end="2030-01-02T00:00:00Z")
    assert r.status_code == 200, r.content
    r = rival.get("/api/bookings", start="0001-01-01T00:00:00+05:00")
    assert r.status_code == 422 and "start" in r.content.decode()
