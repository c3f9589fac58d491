"""Who may call the instrument-sharing API operations (see :mod:`innofield.core.access`).

Instruments belong to the lab: its managers set policies, blackouts and qualifications and
decide on bookings. Bookings in the matrix are made by the firm's member: the booker (and
the lab's facility managers) may cancel, check in and check out.
"""

from innofield.core.access import PUBLIC, SIGNED_IN, rule

FACILITY_MANAGERS = rule("manager", "admin", owner="lab")
BOOKER = rule("member", "admin", owner="firm", note="the booker, not their colleagues")

ACCESS = {
    "GET /api/instruments": PUBLIC,
    "GET /api/instruments/{instrument_id}/availability": PUBLIC,
    "GET /api/instruments/{instrument_id}/quote": rule(
        "stranger",
        "member",
        "manager",
        owner="lab",
        note="a quote is for the caller's own organisation: no organisation, no quote",
    ),
    "PUT /api/instruments/{instrument_id}/policy": FACILITY_MANAGERS,
    "POST /api/instruments/{instrument_id}/blackouts": FACILITY_MANAGERS,
    "POST /api/instruments/{instrument_id}/qualifications": FACILITY_MANAGERS,
    "POST /api/bookings": rule(
        "member",
        "manager",
        "admin",
        owner="firm",
        note="booking on behalf of the firm needs a role in it",
    ),
    "GET /api/bookings": SIGNED_IN,
    "GET /api/bookings/{booking_id}": rule("member", "manager", "admin", owner="firm"),
    "POST /api/bookings/{booking_id}/cancel": BOOKER,
    "POST /api/bookings/{booking_id}/check-in": BOOKER,
    "POST /api/bookings/{booking_id}/check-out": BOOKER,
    "POST /api/bookings/{booking_id}/approve": FACILITY_MANAGERS,
    "POST /api/bookings/{booking_id}/reject": FACILITY_MANAGERS,
    "POST /api/waitlist": SIGNED_IN,
    "GET /api/booking-metrics": PUBLIC,
    "GET /api/invoices": SIGNED_IN,
    "GET /api/invoices/{invoice_id}": rule("member", "manager", "admin", owner="firm"),
    "POST /api/invoices/{invoice_id}/pay": rule(
        "manager", "admin", owner="firm", note="paid from the firm's account: its payers only"
    ),
    "POST /api/invoices/{invoice_id}/waive": FACILITY_MANAGERS,
}

#: The audit events this app's actions write (see :func:`innofield.core.audit.record`).
EVENTS = (
    "booking.booking.create",
    "booking.booking.approve",
    "booking.booking.reject",
    "booking.booking.cancel",
    "booking.booking.check_in",
    "booking.booking.check_out",
    "booking.booking.no_show",
    "booking.waitlist.join",
    "booking.policy.set",
    "booking.blackout.create",
    "booking.qualification.grant",
    "booking.qualification.revoke",
    "booking.demo.load",
    "booking.invoice.issue",
    "booking.invoice.pay",
    "booking.invoice.waive",
    "booking.invoice.voucher",
    "booking.invoice.voucher_clawback",
)
