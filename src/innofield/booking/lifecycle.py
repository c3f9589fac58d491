"""The booking state machine, as data (an :class:`innofield.core.machine.Machine`). No Django.

request → (approve) → confirmed → checked in → completed, or cancelled,
rejected or no-show. Bookings in :data:`HOLDING` keep their time from others.
"""

from __future__ import annotations

from innofield.core.machine import START, Machine, register

REQUESTED = "requested"
CONFIRMED = "confirmed"
CHECKED_IN = "checked_in"
COMPLETED = "completed"
CANCELLED = "cancelled"
REJECTED = "rejected"
NO_SHOW = "no_show"
STATUSES = (REQUESTED, CONFIRMED, CHECKED_IN, COMPLETED, CANCELLED, REJECTED, NO_SHOW)
#: Statuses whose time is taken; the no-overlap guarantee covers exactly these.
HOLDING = (REQUESTED, CONFIRMED, CHECKED_IN, COMPLETED)

#: The lifecycle: a booking is created as a request (approval needed) or booked outright.
MACHINE = register(
    Machine(
        "booking",
        {
            START: {"request": REQUESTED, "book": CONFIRMED},
            REQUESTED: {"approve": CONFIRMED, "reject": REJECTED, "cancel": CANCELLED},
            CONFIRMED: {"cancel": CANCELLED, "check_in": CHECKED_IN, "no_show": NO_SHOW},
            CHECKED_IN: {"check_out": COMPLETED},
            COMPLETED: {},
            CANCELLED: {},
            REJECTED: {},
            NO_SHOW: {},
        },
        final=frozenset({COMPLETED, CANCELLED, REJECTED, NO_SHOW}),
    )
)

#: event → (statuses it may start from, status it leads to), read off :data:`MACHINE`.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    event: (
        tuple(s for s in MACHINE.states() if MACHINE.can(s, event)),
        next(MACHINE.table[s][event] for s in MACHINE.states() if MACHINE.can(s, event)),
    )
    for event in MACHINE.transitions()
    if event not in MACHINE.allowed(START)
}


def initial_status(approval_required: bool) -> str:
    """The status of a new booking: waiting for approval, or confirmed at once."""
    return MACHINE.start("request" if approval_required else "book")


def next_status(current: str, event: str) -> str:
    """The status after ``event``; :class:`~innofield.core.machine.IllegalTransition`
    (a 409 Conflict naming the status and the allowed events) if not allowed now."""
    if event not in TRANSITIONS:
        raise ValueError(f"unknown booking event {event!r}")
    return MACHINE.advance(current, event)


def holds_time(status: str) -> bool:
    """True if a booking in ``status`` keeps its time from other bookings."""
    return status in HOLDING


INVOICE_OPEN = "open"
INVOICE_PAID = "paid"
INVOICE_WAIVED = "waived"
INVOICE_INTERNAL = "internal"
INVOICE_STATES = (INVOICE_OPEN, INVOICE_PAID, INVOICE_WAIVED, INVOICE_INTERNAL)

#: The bill of a booking: issued open (or internal, inside one organisation), then paid by
#: the booker's organisation (a voucher may pay part first) or waived by the facility; a
#: paid bill is reopened when the voucher's share is clawed back (that share is due again).
INVOICE = register(
    Machine(
        "booking invoice",
        {
            START: {"issue": INVOICE_OPEN, "issue_internal": INVOICE_INTERNAL},
            INVOICE_OPEN: {"pay": INVOICE_PAID, "waive": INVOICE_WAIVED},
            INVOICE_PAID: {"reopen": INVOICE_OPEN},
            INVOICE_WAIVED: {},
            INVOICE_INTERNAL: {},
        },
        final=frozenset({INVOICE_WAIVED, INVOICE_INTERNAL}),
    )
)
