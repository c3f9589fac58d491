"""Security issue #22 against the booking API: a policy value that took the instrument list
down, bodies that were silently cut or ignored, and managers approving their own bookings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import DataError, IntegrityError, connection, transaction

from innofield.booking.models import Booking, Policy


def _fields(response: Any) -> list[str]:
    return [e["field"] for e in response.json().get("errors", [])]


def _weekday_slot(days: int = 3) -> dt.datetime:
    """10:00 Shanghai time on a weekday at least ``days`` days ahead (the policy's hours)."""
    day = dt.datetime.now(dt.UTC).replace(hour=2, minute=0, second=0, microsecond=0)
    day += dt.timedelta(days=days)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _put(client: Any, path: str, body: Any) -> Any:
    return client._call("put", path, body)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1e30", "valid integer"),
        (1e30, "valid integer"),
        ("NaN", "valid integer"),
        ("40000", "valid integer"),
        (400.5, "valid integer"),
        (-1, "greater than or equal to 0"),
        (10**16, "less than or equal to"),
        (True, "valid integer"),
    ],
)
def test_a_policy_price_that_is_not_whole_fen_is_refused(
    lab_world: Any, api: Any, value: Any, reason: str
) -> None:
    w = lab_world
    path = f"/api/instruments/{w.inst.pk}/policy"
    r = _put(api(w.labber), path, {"price_industry_fen": value})
    assert r.status_code == 422, r.content
    assert _fields(r) == ["price_industry_fen"] and reason in r.json()["detail"]
    assert Policy.objects.get(instrument=w.inst).price_industry_fen == 40_000
    assert api().get("/api/instruments").status_code == 200


def test_the_policy_body_is_typed(lab_world: Any, api: Any) -> None:
    w = lab_world
    path = f"/api/instruments/{w.inst.pk}/policy"
    lab = api(w.labber)
    r = _put(lab, path, {"price_industry_fen": 45_050, "late_cancel_fraction": "0.25"})
    assert r.status_code == 200, r.content
    assert r.json()["price_industry_fen"] == 45_050 and r.json()["late_cancel_fraction"] == "0.250"
    assert _put(lab, path, {"price_internal_fen": 0}).json()["price_internal_fen"] == 0
    for body, field in [
        ({"price_industry": "400"}, "price_industry"),  # yuan fields are gone: fen only
        ({"late_cancel_fraction": "1.5"}, "late_cancel_fraction"),
        ({"surprise": 1}, "surprise"),
        ({"min_minutes": "30"}, "min_minutes"),
        (
            {"quotas": [{"scope": "user", "period": "day", "max_hours": "NaN"}]},
            "quotas.0.max_hours",
        ),
        ({"zone": "Asia/Shang\x00hai"}, "zone"),
    ]:
        r = _put(lab, path, body)
        assert r.status_code == 422, (body, r.content)
        assert any(field in f for f in _fields(r)), (body, r.json())
    schema = api().get("/api/openapi.json").json()
    body = schema["paths"]["/api/instruments/{instrument_id}/policy"]["put"]["requestBody"]
    assert "PolicyIn" in str(body)


def test_a_bad_stored_fraction_does_not_take_down_reads_of_other_rows(
    lab_world: Any, api: Any
) -> None:
    """The probe stored 1e30 in a DECIMAL(12,2) price column (SQLite enforces no precision);
    from then on the instrument list, quotes and reports answered 500 for everyone. Prices
    are integer fen now; the policy's fractions are the decimal columns left."""
    from innofield.catalog.models import Item

    w = lab_world
    other = Item.objects.create(
        kind="instrument", title="XRD", owner=w.lab, region=w.nj, price_fen=10_000
    )
    table = Policy._meta.db_table
    bad = "1e30" if connection.vendor == "sqlite" else "'NaN'"
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET late_cancel_fraction = {bad} WHERE instrument_id = %s",
                [w.inst.pk],
            )
    except (DataError, IntegrityError):
        pytest.skip(f"{connection.vendor} refuses the value itself")
    anyone = api()
    listing = anyone.get("/api/instruments")
    assert listing.status_code == 200, listing.content
    rows = {row["id"]: row for row in listing.json()["items"]}
    assert rows[w.inst.pk]["prices_fen"]["industry"] == 40_000
    assert rows[w.inst.pk]["prices_fen"]["internal"] == 10_000
    assert rows[other.pk]["prices_fen"]["industry"] == 10_000
    start = _weekday_slot()
    window = {"start": start.isoformat(), "end": (start + dt.timedelta(days=1)).isoformat()}
    assert anyone.get(f"/api/instruments/{w.inst.pk}/availability", **window).status_code == 200
    assert anyone.get("/api/booking-metrics", **window).status_code == 200
    # pricing on the damaged policy is refused naming the field, not a 500
    rival = api(w.rivaler)
    quote = rival.get(
        f"/api/instruments/{w.inst.pk}/quote",
        start=start.isoformat(),
        end=(start + dt.timedelta(hours=1)).isoformat(),
    )
    assert quote.status_code == 409 and "late_cancel_fraction" in quote.json()["detail"]
    booked = rival.post(
        "/api/bookings",
        {
            "instrument": w.inst.pk,
            "start": start.isoformat(),
            "end": (start + dt.timedelta(hours=1)).isoformat(),
        },
    )
    assert booked.status_code == 409 and "late_cancel_fraction" in booked.json()["detail"]
    # the facility repairs it through the API (naming the field until it does)
    path = f"/api/instruments/{w.inst.pk}/policy"
    r = _put(api(w.labber), path, {"buffer_minutes": 10})
    assert r.status_code == 422 and _fields(r) == ["late_cancel_fraction"]
    assert _put(api(w.labber), path, {"late_cancel_fraction": "0.5"}).status_code == 200
    quote = rival.get(
        f"/api/instruments/{w.inst.pk}/quote",
        start=start.isoformat(),
        end=(start + dt.timedelta(hours=1)).isoformat(),
    ).json()
    assert (quote["amount_fen"], quote["late_cancel_fee_fen"]) == (40_000, 20_000)  # industry


def test_a_long_purpose_is_refused_not_cut(lab_world: Any, api: Any) -> None:
    w = lab_world
    start = _weekday_slot()
    body = {
        "instrument": w.inst.pk,
        "start": start.isoformat(),
        "end": (start + dt.timedelta(hours=1)).isoformat(),
    }
    rival = api(w.rivaler)
    r = rival.post("/api/bookings", {**body, "purpose": "x" * 4_900_000})
    assert r.status_code == 422 and _fields(r) == ["purpose"]
    r = rival.post("/api/bookings", {**body, "purpose": "XRD\x00scan"})
    assert r.status_code == 422 and "NUL" in r.json()["detail"]
    r = rival.post("/api/bookings", {**body, "purpos": "typo"})
    assert r.status_code == 422 and _fields(r) == ["purpos"]
    assert not Booking.objects.exists()
    r = rival.post("/api/bookings", {**body, "purpose": "x" * 500})
    assert r.status_code == 201, r.content


def test_a_manager_cannot_approve_their_own_booking(lab_world: Any, api: Any) -> None:
    from django.contrib.auth import get_user_model
    from tests.conftest import PASSWORD

    from innofield.registry.models import Membership

    w = lab_world
    deputy = get_user_model().objects.create_user("deputy", password=PASSWORD)
    Membership.objects.create(user=deputy, organization=w.lab, role="manager")
    lab = api(w.labber)
    path = f"/api/instruments/{w.inst.pk}/policy"
    assert _put(lab, path, {"approval_required": True}).status_code == 200
    start = _weekday_slot()
    r = lab.post(
        "/api/bookings",
        {
            "instrument": w.inst.pk,
            "start": start.isoformat(),
            "end": (start + dt.timedelta(hours=1)).isoformat(),
        },
    )
    assert r.status_code == 201 and r.json()["status"] == "requested", r.content
    bid = r.json()["id"]
    own = lab.post(f"/api/bookings/{bid}/approve", {})
    assert own.status_code == 403 and "rule second_person" in own.json()["detail"]
    assert Booking.objects.get(pk=bid).status == "requested"
    other = api(deputy).post(f"/api/bookings/{bid}/approve", {"note": "ok"})
    assert other.status_code == 200 and other.json()["status"] == "confirmed"


@pytest.mark.parametrize("year", ["9999", "0001"])
def test_years_out_of_range_are_refused_naming_the_field(
    lab_world: Any, api: Any, year: str
) -> None:
    """The probe: years 9999 and 0001 got 422 "a number is too large" naming no field."""
    w = lab_world
    start, end = f"{year}-06-01T00:00:00+00:00", f"{year}-06-02T00:00:00+00:00"
    ok = _weekday_slot().isoformat()
    for response, field in [
        (api().get("/api/booking-metrics", start=start, end=end), "start"),
        (api().get("/api/booking-metrics", start=ok, end=end), "end"),
        (api().get(f"/api/instruments/{w.inst.pk}/availability", start=start, end=end), "start"),
        (
            api(w.rivaler).post(
                "/api/bookings", {"instrument": w.inst.pk, "start": start, "end": end}
            ),
            "start",
        ),
    ]:
        assert response.status_code == 422, response.content
        assert _fields(response) == [field] and "supported years" in response.json()["detail"]
