"""Scenarios of the authorisation matrix: registry, catalog, search, booking, ledger,
dashboards. Market and voucher scenarios are in :mod:`tests.core.access_scenarios_money`."""

from __future__ import annotations

from typing import Any

from tests.core.access_cases import Cases, no_body, scenario

Request = tuple[dict[str, Any], Any]

scenario(
    "GET /api/regions",
    "GET /api/organizations",
    "GET /api/items",
    "GET /api/items/export",
    "GET /api/demands",
    "GET /api/stats/indicators",
    "GET /api/stats/values",
    "GET /api/match/feedback/counts",
    "GET /api/instruments",
    "GET /api/bookings",
    "GET /api/invoices",
    "GET /api/accounts",
    "GET /api/audit",
    "GET /api/observatory/",
    "GET /api/observatory/index",
    "GET /api/observatory/ccd",
    "GET /api/observatory/inequality",
    "GET /api/observatory/flows",
)(no_body)


@scenario("GET /api/search")
def _search(c: Cases) -> Request:
    return {"?q": "graphene"}, None


@scenario("GET /api/booking-metrics")
def _metrics(c: Cases) -> Request:
    return {"?start": "2026-01-01T00:00:00+08:00", "?end": "2026-12-31T00:00:00+08:00"}, None


@scenario("POST /api/auth/token")
def _token(c: Cases) -> Request:
    return {}, {"username": "firmer", "password": c.w.password}


@scenario("GET /api/regions/{code}")
def _region(c: Cases) -> Request:
    return {"code": "320000"}, None


@scenario("GET /api/organizations/{code}")
def _organization(c: Cases) -> Request:
    return {"code": "LAB"}, None


@scenario("POST /api/items")
def _create_item(c: Cases) -> Request:
    return {}, {"kind": "technology", "title": f"Heat spreader {c.n()}", "owner": "LAB"}


@scenario("POST /api/items/import")
def _import(c: Cases) -> Request:
    rows = f"kind,title,owner\ntechnology,Imported process {c.n()},LAB\n"
    return {}, {"__file__": ("items.csv", rows.encode())}


@scenario("GET /api/items/{item_id}")
def _item(c: Cases) -> Request:
    return {"item_id": c.item().pk}, None


@scenario("PATCH /api/items/{item_id}")
def _patch_item(c: Cases) -> Request:
    return {"item_id": c.item().pk}, {"title": "A better title"}


@scenario("POST /api/items/{item_id}/retire")
def _retire_item(c: Cases) -> Request:
    return {"item_id": c.item().pk}, {"reason": "sold"}


@scenario("POST /api/demands")
def _create_demand(c: Cases) -> Request:
    return {}, {"kind": "technology", "title": f"Need a sensor {c.n()}", "owner": "FIRM"}


@scenario("GET /api/demands/{demand_id}")
def _demand(c: Cases) -> Request:
    return {"demand_id": c.demand().pk}, None


@scenario("PATCH /api/demands/{demand_id}")
def _patch_demand(c: Cases) -> Request:
    return {"demand_id": c.demand().pk}, {"title": "Need a better sensor"}


@scenario("POST /api/demands/{demand_id}/retire")
def _retire_demand(c: Cases) -> Request:
    return {"demand_id": c.demand().pk}, {"reason": "found one"}


@scenario("GET /api/match")
def _match(c: Cases) -> Request:
    return {"?demand": c.demand().pk}, None


@scenario("GET /api/match/reverse")
def _reverse(c: Cases) -> Request:
    return {"?item": c.item().pk}, None


@scenario("POST /api/match/feedback")
def _feedback(c: Cases) -> Request:
    return {}, {"demand": c.demand().pk, "item": c.item().pk, "verdict": "interested"}


@scenario("GET /api/instruments/{instrument_id}/availability")
def _availability(c: Cases) -> Request:
    start, end = c.slot()
    return {
        "instrument_id": c.instrument().pk,
        "?start": start.isoformat(),
        "?end": end.isoformat(),
    }, None


@scenario("GET /api/instruments/{instrument_id}/quote")
def _quote(c: Cases) -> Request:
    start, end = c.slot()
    return {
        "instrument_id": c.instrument().pk,
        "?start": start.isoformat(),
        "?end": end.isoformat(),
    }, None


@scenario("PUT /api/instruments/{instrument_id}/policy")
def _policy(c: Cases) -> Request:
    return {"instrument_id": c.instrument().pk}, {"max_advance_days": 60}


@scenario("POST /api/instruments/{instrument_id}/blackouts")
def _blackout(c: Cases) -> Request:
    start, end = c.slot()
    return {"instrument_id": c.instrument().pk}, {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "reason": "service",
    }


@scenario("POST /api/instruments/{instrument_id}/qualifications")
def _qualify(c: Cases) -> Request:
    return {"instrument_id": c.instrument().pk}, {"user": "firm-member"}


@scenario("POST /api/bookings")
def _book(c: Cases) -> Request:
    start, end = c.slot()
    return {}, {
        "instrument": c.instrument().pk,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "purpose": "XRD",
        "organization": "FIRM",
    }


@scenario("POST /api/waitlist")
def _waitlist(c: Cases) -> Request:
    booking = c.booking()
    return {}, {
        "instrument": booking.instrument_id,
        "start": booking.start.isoformat(),
        "end": booking.end.isoformat(),
    }


@scenario("GET /api/bookings/{booking_id}", "POST /api/bookings/{booking_id}/cancel")
def _booking(c: Cases) -> Request:
    return {"booking_id": c.booking().pk}, {}


@scenario("POST /api/bookings/{booking_id}/check-in")
def _check_in(c: Cases) -> Request:
    import datetime as dt

    from django.utils import timezone

    from innofield.booking.models import Booking

    booking = c.booking()
    start = timezone.now() - dt.timedelta(minutes=5)
    Booking.objects.filter(pk=booking.pk).update(start=start, end=start + dt.timedelta(hours=1))
    return {"booking_id": booking.pk}, None


@scenario("POST /api/bookings/{booking_id}/check-out")
def _check_out(c: Cases) -> Request:
    return {"booking_id": c.booking("checked_in").pk}, {"samples": 3}


@scenario(
    "GET /api/invoices/{invoice_id}",
    "POST /api/invoices/{invoice_id}/pay",
    "POST /api/invoices/{invoice_id}/waive",
)
def _invoice(c: Cases) -> Request:
    booking = c.booking("completed")
    c.account(c.w.firm, funded=10_000_000)
    return {"invoice_id": booking.invoice.pk}, None


@scenario("POST /api/bookings/{booking_id}/approve", "POST /api/bookings/{booking_id}/reject")
def _decide(c: Cases) -> Request:
    return {"booking_id": c.booking("requested", approval_required=True).pk}, {"note": "ok"}


@scenario("GET /api/accounts/{code}", "GET /api/accounts/{code}/statement")
def _account(c: Cases) -> Request:
    return {"code": c.account(c.w.firm, funded=1_000)}, None


@scenario("POST /api/transfers")
def _transfer(c: Cases) -> Request:
    source = c.account(c.w.firm, funded=10_000)
    return {}, {
        "key": f"pay-{c.n()}",
        "debit": source,
        "credit": c.account(c.w.lab),
        "amount": 100,
        "memo": "testing fee",
    }


@scenario("POST /api/transfers/{transfer_id}/post", "POST /api/transfers/{transfer_id}/void")
def _pending(c: Cases) -> Request:
    return {"transfer_id": c.pending_transfer().pk}, None
