"""REST endpoints of the booking app: instruments, availability, bookings, metrics."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja.responses import Status

from innofield.core.api import ERRORS, BearerAuth, ErrorOut, Page, actor_of, paginate

from . import actions, facility_actions, invoicing, queries, reports
from .models import Booking, Invoice
from .schemas import (
    AvailabilityOut,
    BlackoutIn,
    BookingIn,
    BookingOut,
    BookingPage,
    CancelIn,
    CheckOutIn,
    DecisionIn,
    InstrumentPage,
    InvoiceOut,
    InvoicePage,
    PolicyIn,
    QualificationIn,
    QuoteOut,
    WaitlistIn,
    WaiveIn,
)

router = Router(tags=["booking"])
AUTH = BearerAuth()


@router.get("/instruments", response={200: InstrumentPage, 422: ErrorOut})
def list_instruments(
    request: HttpRequest,
    page: Query[Page],
    region: str | None = None,
    type: str | None = None,
    text: str | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
) -> dict[str, Any]:
    """Instruments by region code, type (category) and words; with ``start`` and ``end``, only free
    ones.
    """
    qs = queries.instruments(
        actor_of(request), region=region, type=type, text=text, free_start=start, free_end=end
    )
    return paginate(qs, page.limit, page.offset)


@router.get(
    "/instruments/{instrument_id}/availability",
    response={200: AvailabilityOut, 404: ErrorOut, 422: ErrorOut},
)
def availability(
    request: HttpRequest, instrument_id: int, start: dt.datetime, end: dt.datetime
) -> dict[str, Any]:
    """Opening hours, busy holds (buffers included), blackouts and free time between ``start`` and
    ``end``.
    """
    return queries.availability(actor_of(request), instrument_id, start, end)


@router.get("/instruments/{instrument_id}/quote", response={200: QuoteOut, **ERRORS}, auth=AUTH)
def quote(
    request: HttpRequest,
    instrument_id: int,
    start: dt.datetime,
    end: dt.datetime,
    organization: str | None = None,
) -> dict[str, Any]:
    """The price of a booking for your organization's tier, and the cancellation terms."""
    return queries.quote(actor_of(request), instrument_id, start, end, organization)


@router.put("/instruments/{instrument_id}/policy", response={200: dict, **ERRORS}, auth=AUTH)
def set_policy(request: HttpRequest, instrument_id: int, payload: PolicyIn) -> dict[str, Any]:
    """Change an instrument's policy (facility managers); fields left out keep their values,
    unknown or bad fields are named in the error."""
    policy = facility_actions.set_policy(
        actor=actor_of(request),
        instrument_id=instrument_id,
        data=payload.model_dump(exclude_unset=True),
    )
    return {name: getattr(policy, name) for name in facility_actions.POLICY_FIELDS}


@router.post(
    "/instruments/{instrument_id}/blackouts",
    response={201: list[dict[str, Any]], **ERRORS},
    auth=AUTH,
)
def add_blackout(
    request: HttpRequest, instrument_id: int, payload: BlackoutIn
) -> Status[list[dict[str, Any]]]:
    """Black out an instrument; clashing bookings are notified, cancelled or booked around."""
    rows = facility_actions.add_blackout(
        actor=actor_of(request), instrument_id=instrument_id, **payload.model_dump()
    )
    return Status(201, [{"id": r.pk, "start": r.start, "end": r.end, "kind": r.kind} for r in rows])


@router.post(
    "/instruments/{instrument_id}/qualifications", response={201: dict, **ERRORS}, auth=AUTH
)
def qualify(
    request: HttpRequest, instrument_id: int, payload: QualificationIn
) -> Status[dict[str, Any]]:
    """Qualify a user on an instrument."""
    row = facility_actions.grant_qualification(
        actor=actor_of(request), instrument_id=instrument_id, username=payload.user
    )
    return Status(201, {"instrument": row.instrument_id, "user": payload.user})


@router.post("/bookings", response={201: BookingOut, **ERRORS}, auth=AUTH)
def create_booking(request: HttpRequest, payload: BookingIn) -> Status[Booking]:
    """Book an instrument: 201, 409 when the time is taken, 403 naming the rule a policy forbids."""
    booking = actions.create_booking(
        actor=actor_of(request),
        instrument_id=payload.instrument,
        start=payload.start,
        end=payload.end,
        purpose=payload.purpose,
        organization=payload.organization,
    )
    return Status(201, booking)


@router.get("/bookings", response={200: BookingPage, 401: ErrorOut, 422: ErrorOut}, auth=AUTH)
def list_bookings(
    request: HttpRequest,
    page: Query[Page],
    instrument: int | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    status: str | None = None,
    mine: bool = False,
) -> dict[str, Any]:
    """Bookings that hold time (or of ``status``) that you may see, by instrument and time."""
    qs = queries.bookings(
        actor_of(request), instrument=instrument, start=start, end=end, status=status, mine=mine
    )
    return paginate(qs, page.limit, page.offset)


@router.get(
    "/bookings/{booking_id}", response={200: BookingOut, 401: ErrorOut, 404: ErrorOut}, auth=AUTH
)
def get_booking(request: HttpRequest, booking_id: int) -> Booking:
    """One booking."""
    from innofield.core.errors import NotFound

    booking = (
        queries.bookings(actor_of(request), status=None).filter(pk=booking_id).first()
        or queries.bookings(actor_of(request), mine=True).filter(pk=booking_id).first()
    )
    if booking is None:
        raise NotFound(f"no booking with id {booking_id}")
    return booking


@router.post("/bookings/{booking_id}/cancel", response={200: BookingOut, **ERRORS}, auth=AUTH)
def cancel(request: HttpRequest, booking_id: int, payload: CancelIn | None = None) -> Booking:
    """Cancel; free until the policy's deadline, then charged."""
    reason = payload.reason if payload else ""
    return actions.cancel(actor=actor_of(request), booking_id=booking_id, reason=reason)


@router.post("/bookings/{booking_id}/check-in", response={200: BookingOut, **ERRORS}, auth=AUTH)
def check_in(request: HttpRequest, booking_id: int) -> Booking:
    """Start the session."""
    return actions.check_in(actor=actor_of(request), booking_id=booking_id)


@router.post("/bookings/{booking_id}/check-out", response={200: BookingOut, **ERRORS}, auth=AUTH)
def check_out(request: HttpRequest, booking_id: int, payload: CheckOutIn | None = None) -> Booking:
    """End the session: usage is logged and billed."""
    data = payload or CheckOutIn()
    return actions.check_out(
        actor=actor_of(request), booking_id=booking_id, samples=data.samples, operator=data.operator
    )


@router.post("/bookings/{booking_id}/approve", response={200: BookingOut, **ERRORS}, auth=AUTH)
def approve(request: HttpRequest, booking_id: int, payload: DecisionIn | None = None) -> Booking:
    """Approve a requested booking (facility managers)."""
    return actions.decide(
        actor=actor_of(request),
        booking_id=booking_id,
        approve=True,
        note=payload.note if payload else "",
    )


@router.post("/bookings/{booking_id}/reject", response={200: BookingOut, **ERRORS}, auth=AUTH)
def reject(request: HttpRequest, booking_id: int, payload: DecisionIn | None = None) -> Booking:
    """Reject a requested booking (facility managers)."""
    return actions.decide(
        actor=actor_of(request),
        booking_id=booking_id,
        approve=False,
        note=payload.note if payload else "",
    )


@router.post("/waitlist", response={201: dict, **ERRORS}, auth=AUTH)
def join_waitlist(request: HttpRequest, payload: WaitlistIn) -> Status[dict[str, Any]]:
    """Wait for a taken slot; you are notified when it is freed."""
    entry = actions.join_waitlist(
        actor=actor_of(request),
        instrument_id=payload.instrument,
        start=payload.start,
        end=payload.end,
    )
    return Status(201, {"id": entry.pk, "status": entry.status})


@router.get("/booking-metrics", response={200: list[dict[str, Any]], 422: ErrorOut})
def metrics(
    request: HttpRequest,
    start: dt.datetime,
    end: dt.datetime,
    by: str = "instrument",
    format: str = "json",
) -> Any:
    """Sharing metrics (effective, external hours, sharing rate, utilization, income) by
    instrument, organization, region or month; ``format=csv`` for a CSV file."""
    rows = reports.metrics_rows(actor_of(request), start=start, end=end, by=by)
    if format == "csv":
        response = HttpResponse(reports.to_csv(rows), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="instrument-sharing-{by}.csv"'
        return response
    return rows


@router.get("/invoices", response={200: InvoicePage, 401: ErrorOut, 422: ErrorOut}, auth=AUTH)
def list_invoices(
    request: HttpRequest,
    page: Query[Page],
    status: Literal["open", "paid", "waived", "internal"] | None = None,
) -> dict[str, Any]:
    """Invoices your organisations pay or are paid, newest first; ``status`` filters."""
    qs = invoicing.visible(actor_of(request))
    if status:
        qs = qs.filter(status=status)
    return paginate(qs.order_by("-id"), page.limit, page.offset)


@router.get(
    "/invoices/{invoice_id}", response={200: InvoiceOut, 401: ErrorOut, 404: ErrorOut}, auth=AUTH
)
def get_invoice(request: HttpRequest, invoice_id: int) -> Invoice:
    """One invoice."""
    return invoicing.one(actor_of(request), invoice_id)


@router.post("/invoices/{invoice_id}/pay", response={200: InvoiceOut, **ERRORS}, auth=AUTH)
def pay_invoice(request: HttpRequest, invoice_id: int) -> Invoice:
    """Pay what is due from the payer's ledger account to the instrument owner's."""
    invoicing.pay(actor=actor_of(request), invoice_id=invoice_id)
    return invoicing.one(actor_of(request), invoice_id)


@router.post("/invoices/{invoice_id}/waive", response={200: InvoiceOut, **ERRORS}, auth=AUTH)
def waive_invoice(request: HttpRequest, invoice_id: int, payload: WaiveIn | None = None) -> Invoice:
    """Forgive what is due (the instrument's facility managers)."""
    invoicing.waive(
        actor=actor_of(request), invoice_id=invoice_id, reason=payload.reason if payload else ""
    )
    return invoicing.one(actor_of(request), invoice_id)
