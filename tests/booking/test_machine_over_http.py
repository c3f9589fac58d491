"""An illegal booking transition over HTTP: a 409 naming the status, event and allowed ones."""

from __future__ import annotations

import datetime as dt


def test_illegal_transition_is_a_409_that_names_state_event_and_allowed(lab_world, api):
    w = lab_world
    start = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    start = (start + dt.timedelta(days=2)).replace(hour=2)  # 10:00 in Shanghai
    end = start + dt.timedelta(hours=1)
    body = {"instrument": w.inst.pk, "start": start.isoformat(), "end": end.isoformat()}
    created = api(w.rivaler).post("/api/bookings", body)
    assert created.status_code == 201 and created.json()["status"] == "confirmed"
    booking_id = created.json()["id"]
    r = api(w.labber).post(f"/api/bookings/{booking_id}/approve")
    assert r.status_code == 409, r.content
    assert r.json()["detail"] == (
        "cannot approve a booking in state 'confirmed'; "
        "allowed transitions from 'confirmed': cancel, check_in, no_show"
    )
    assert api(w.rivaler).post(f"/api/bookings/{booking_id}/cancel").status_code == 200
    r = api(w.labber).post(f"/api/bookings/{booking_id}/reject")
    assert r.status_code == 409
    assert r.json()["detail"].endswith("allowed transitions from 'cancelled': none (final state)")
