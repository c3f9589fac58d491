"""API schemas of the booking app."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field, StringConstraints

from innofield.catalog.decimals import DecimalColumn, is_damaged
from innofield.core.api import PageOf
from innofield.core.schemas import Code, Count, WriteSchema

#: Texts stored in 500- and 300-character columns: longer is refused, never cut.
Text500 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Text300 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
#: Hourly prices (``DECIMAL(12, 2)``, yuan) and fractions of a price (``DECIMAL(4, 3)``, 0–1).
Price = Annotated[Decimal, DecimalColumn(12, 2)]
Fraction = Annotated[Decimal, DecimalColumn(4, 3, maximum=1)]
Minutes = Annotated[int, Field(strict=True, ge=0, le=1440)]


class BookingIn(WriteSchema):
    """A booking request; times are ISO 8601 with a UTC offset."""

    instrument: int
    start: dt.datetime
    end: dt.datetime
    purpose: Text500 = ""
    organization: Code | None = None


class QuotaIn(WriteSchema):
    """A booking quota: at most ``max_hours`` and/or ``max_bookings`` per period."""

    scope: Literal["user", "organization"]
    period: Literal["day", "week", "month"]
    max_hours: Annotated[float, Field(ge=0, le=10_000, allow_inf_nan=False)] | None = None
    max_bookings: Count | None = None


class PolicyIn(WriteSchema):
    """Booking rules and hourly prices of an instrument; fields left out keep their values.

    Prices are decimal yuan with at most two places (a JSON number or a decimal string);
    ``price_cross_region`` may be ``null`` (cross-region users pay the industry price).
    """

    zone: Annotated[str, StringConstraints(max_length=64)] | None = None
    open_from: Minutes | None = None
    open_until: Minutes | None = None
    open_days: list[Annotated[int, Field(strict=True, ge=0, le=6)]] | None = Field(
        default=None, max_length=7
    )
    min_minutes: Count | None = None
    max_minutes: Count | None = None
    granularity_minutes: Count | None = None
    min_notice_minutes: Count | None = None
    max_advance_days: Annotated[int, Field(strict=True, ge=0, le=3660)] | None = None
    buffer_minutes: Count | None = None
    approval_required: bool | None = None
    qualification_required: bool | None = None
    quotas: list[QuotaIn] | None = Field(default=None, max_length=20)
    price_internal: Price | None = None
    price_academic: Price | None = None
    price_industry: Price | None = None
    price_cross_region: Price | None = None
    cancel_free_hours: Count | None = None
    late_cancel_fraction: Fraction | None = None
    no_show_grace_minutes: Count | None = None
    no_show_fraction: Fraction | None = None
    bill_max_booked_logged: bool | None = None


class BookingOut(Schema):
    """A booking."""

    id: int
    instrument: int
    instrument_title: str
    user: Annotated[str, StringConstraints(strip_whitespace=True, max_length=150)]
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


#: A page of bookings.
BookingPage = PageOf[BookingOut]


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
        """Hourly price by tier (``null`` for a stored price that does not fit its column)."""
        p = InstrumentOut._policy(obj)
        prices = {
            "internal": p.price_internal,
            "academic": p.price_academic,
            "industry": p.price_industry,
            "cross_region": p.price_cross_region,
        }
        return {tier: None if is_damaged(v) else v for tier, v in prices.items()}


#: A page of instruments.
InstrumentPage = PageOf[InstrumentOut]


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


class CancelIn(WriteSchema):
    """Why a booking is cancelled."""

    reason: Text500 = ""


class DecisionIn(WriteSchema):
    """A note on an approval or rejection."""

    note: Text500 = ""


class CheckOutIn(WriteSchema):
    """What the session produced."""

    samples: Count = 0
    operator: Text300 = ""


class WaitlistIn(WriteSchema):
    """The slot to wait for."""

    instrument: int
    start: dt.datetime
    end: dt.datetime


class BlackoutIn(WriteSchema):
    """A blackout or maintenance window."""

    start: dt.datetime
    end: dt.datetime
    kind: str = Field(default="maintenance", max_length=20)
    on_clash: str = Field(default="notify", max_length=20)
    reason: Text300 = ""


class QualificationIn(WriteSchema):
    """The user to qualify."""

    user: Annotated[str, StringConstraints(strip_whitespace=True, max_length=150)]


class InvoiceOut(Schema):
    """The bill of a booking's charge, in fen: what the voucher and the payer paid, what is due."""

    id: int
    booking: int
    instrument: int
    instrument_title: str
    kind: str
    payer: str
    payee: str
    amount_fen: int
    voucher_fen: int
    paid_fen: int
    due_fen: int
    status: str
    created: dt.datetime
    settled_at: dt.datetime | None

    @staticmethod
    def resolve_booking(obj: Any) -> int:
        """The booking's id."""
        return int(obj.booking_id)

    @staticmethod
    def resolve_instrument(obj: Any) -> int:
        """The instrument's id."""
        return int(obj.booking.instrument_id)

    @staticmethod
    def resolve_instrument_title(obj: Any) -> str:
        """The instrument's title."""
        return str(obj.booking.instrument.title)

    @staticmethod
    def resolve_payer(obj: Any) -> str:
        """The paying organisation's code."""
        return str(obj.payer.code)

    @staticmethod
    def resolve_payee(obj: Any) -> str:
        """The instrument owner's code."""
        return str(obj.payee.code)


#: A page of invoices.
InvoicePage = PageOf[InvoiceOut]


class WaiveIn(WriteSchema):
    """Why a bill is waived."""

    reason: Text300 = ""
