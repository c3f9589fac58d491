"""The booking state machine, as data. No Django here.

request → (approve) → confirmed → checked in → completed, or cancelled,
rejected or no-show. Bookings in :data:`HOLDING` keep their time from others.
"""

from __future__ import annotations

from innofield.core.errors import Conflict

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

#: event → (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "approve": ((REQUESTED,), CONFIRMED),
    "reject": ((REQUESTED,), REJECTED),
    "cancel": ((REQUESTED, CONFIRMED), CANCELLED),
    "check_in": ((CONFIRMED,), CHECKED_IN),
    "check_out": ((CHECKED_IN,), COMPLETED),
    "no_show": ((CONFIRMED,), NO_SHOW),
}


def initial_status(approval_required: bool) -> str:
    """The status of a new booking: waiting for approval, or confirmed at once."""
    return REQUESTED if approval_required else CONFIRMED


def next_status(current: str, event: str) -> str:
    """The status after ``event``; :class:`Conflict` (409) if ``event`` is not allowed now."""
    if event not in TRANSITIONS:
        raise ValueError(f"unknown booking event {event!r}")
    sources, target = TRANSITIONS[event]
    if current not in sources:
        allowed = " or ".join(s.replace("_", " ") for s in sources)
        raise Conflict(
            f"cannot {event.replace('_', ' ')} a booking that is {current.replace('_', ' ')}; "
            f"it must be {allowed}"
        )
    return target


def holds_time(status: str) -> bool:
    """True if a booking in ``status`` keeps its time from other bookings."""
    return status in HOLDING
