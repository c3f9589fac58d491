"""API schemas of the booking app."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema


class BookingIn(Schema):
    """A booking request; times are ISO 8601 with a UTC offset."""

    instrument: int
    start: dt.datetime
    end: dt.datetime
    purpose: str = ""
    organization: str | None = None


class BookingOut(Schema):
    """A booking."""

    id: int
    instrument: int
    instrument_title: str
    user: str
    organization: str
    start: dt.datetime
    end: dt.datetime
    hold_end: dt.datetime
    status: str
    purpose: str
    tier: str
    price_per_hour: Decimal
    quoted: Decimal
    charge: Decimal
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None
    note: str
    created: dt.datetime

    @staticmethod
    def resolve_instrument(obj: Any) -> int:
        """The instrument's id."""
        return int(obj.instrument_id)

    @staticmethod
    def resolve_instrument_title(obj: Any) -> str:
        """The instrument's title."""
        return str(obj.instrument.title)

    @staticmethod
    def resolve_user(obj: Any) -> str:
        """The booker's username."""
        return str(obj.user.username)

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        """The code of the organization billed."""
        return str(obj.organization.code)


class BookingPage(Schema):
    """A page of bookings."""

    count: int
    items: list[BookingOut]


class InstrumentOut(Schema):
    """An instrument with its booking terms."""

    id: int
    title: str
    owner: str
    region: str
    category: str
    status: str
    zone: str
    approval_required: bool
    qualification_required: bool
    prices: dict[str, Decimal | None]

    @staticmethod
    def resolve_owner(obj: Any) -> str:
        """The owner's code."""
        return str(obj.owner.code)

    @staticmethod
    def resolve_region(obj: Any) -> str:
        """The region's code."""
        return str(obj.region.code)

    @staticmethod
    def resolve_category(obj: Any) -> str:
        """The instrument type (``details.category``)."""
        return str((obj.details or {}).get("category", ""))

    @staticmethod
    def _policy(obj: Any) -> Any:
        from .terms import policy_of

        return policy_of(obj)

    @staticmethod
    def resolve_zone(obj: Any) -> str:
        """The instrument's time zone."""
        return str(InstrumentOut._policy(obj).zone)

    @staticmethod
    def resolve_approval_required(obj: Any) -> bool:
        """Whether bookings wait for a facility manager's approval."""
        return bool(InstrumentOut._policy(obj).approval_required)

    @staticmethod
    def resolve_qualification_required(obj: Any) -> bool:
        """Whether only qualified users may book."""
        return bool(InstrumentOut._policy(obj).qualification_required)

    @staticmethod
    def resolve_prices(obj: Any) -> dict[str, Decimal | None]:
        """Hourly price by tier."""
        p = InstrumentOut._policy(obj)
        return {
            "internal": p.price_internal,
            "academic": p.price_academic,
            "industry": p.price_industry,
            "cross_region": p.price_cross_region,
        }


class InstrumentPage(Schema):
    """A page of instruments."""

    count: int
    items: list[InstrumentOut]


class Span(Schema):
    """A time interval."""

    start: dt.datetime
    end: dt.datetime


class AvailabilityOut(Schema):
    """Opening, busy, blacked-out and free time of an instrument."""

    instrument: int
    zone: str
    start: dt.datetime
    end: dt.datetime
    granularity_minutes: int
    min_minutes: int
    open: list[Span]
    busy: list[dict[str, Any]]
    blackouts: list[dict[str, Any]]
    free: list[Span]


class QuoteOut(Schema):
    """The price of a booking before it is made."""

    instrument: int
    organization: str
    tier: str
    price_per_hour: Decimal
    hours: Decimal
    amount: Decimal
    cancel_free_until: dt.datetime
    late_cancel_fee: Decimal


class CancelIn(Schema):
    """Why a booking is cancelled."""

    reason: str = ""


class DecisionIn(Schema):
    """A note on an approval or rejection."""

    note: str = ""


class CheckOutIn(Schema):
    """What the session produced."""

    samples: int = 0
    operator: str = ""


class WaitlistIn(Schema):
    """The slot to wait for."""

    instrument: int
    start: dt.datetime
    end: dt.datetime


class BlackoutIn(Schema):
    """A blackout or maintenance window."""

    start: dt.datetime
    end: dt.datetime
    kind: str = "maintenance"
    on_clash: str = "notify"
    reason: str = ""


class QualificationIn(Schema):
    """The user to qualify."""

    user: str
