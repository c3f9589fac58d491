"""Pure pricing: user tiers, quotes, cancellation and no-show fees, billing. No Django here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

INTERNAL = "internal"
ACADEMIC = "academic"
INDUSTRY = "industry"
CROSS_REGION = "cross_region"
#: A fellow member of an alliance that pools the instrument (see :mod:`.membership`).
MEMBER = "member"
TIERS = (INTERNAL, ACADEMIC, INDUSTRY, CROSS_REGION, MEMBER)

#: Organization types billed at the academic rate; every other type pays the industry rate.
ACADEMIC_TYPES = frozenset(
    {
        "university",
        "research_institute",
        "state_key_lab",
        "new_rd_institution",
        "public_institution",
    }
)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Party:
    """What pricing needs to know about an organization."""

    id: int
    type: str
    province: str | None
    host_id: int | None = None


@dataclass(frozen=True)
class Prices:
    """Prices per hour by tier; ``cross_region`` or ``member`` ``None`` means the policy does
    not price that tier."""

    internal: Decimal
    academic: Decimal
    industry: Decimal
    cross_region: Decimal | None = None
    member: Decimal | None = None

    def for_tier(self, tier: str) -> Decimal:
        """The hourly price of ``tier``."""
        value = getattr(self, tier)
        if value is None:
            raise ValueError(f"tier {tier} is not priced")
        return Decimal(value)


def tier(booker: Party, owner: Party, prices: Prices, *, fellow_member: bool = False) -> str:
    """The booker's tier for an instrument of ``owner``.

    Same organization (or the owner's host institution, or a unit it hosts) →
    internal; else a fellow member of an alliance pooling the instrument → member where
    the policy prices that tier; else a booker from another province → cross-region
    where the policy prices that tier; else academic for universities, institutes and
    labs, industry for everyone else.
    """
    if booker.id == owner.id or booker.id == owner.host_id or booker.host_id == owner.id:
        return INTERNAL
    if fellow_member and prices.member is not None:
        return MEMBER
    if prices.cross_region is not None and booker.province != owner.province:
        return CROSS_REGION
    return ACADEMIC if booker.type in ACADEMIC_TYPES else INDUSTRY


def hours_between(start: dt.datetime, end: dt.datetime) -> Decimal:
    """Elapsed hours as a Decimal (real elapsed time, so DST days count correctly)."""
    elapsed = end.astimezone(dt.UTC) - start.astimezone(dt.UTC)
    return Decimal(int(elapsed.total_seconds())) / Decimal(3600)


def money(value: Decimal) -> Decimal:
    """Round to cents, half up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def quote(price_per_hour: Decimal, start: dt.datetime, end: dt.datetime) -> Decimal:
    """The price of booking ``start``–``end`` at ``price_per_hour``."""
    return money(price_per_hour * hours_between(start, end))


def cancellation_fee(
    *,
    quoted: Decimal,
    start: dt.datetime,
    now: dt.datetime,
    free_hours: int,
    late_fraction: Decimal,
) -> Decimal:
    """Free until ``free_hours`` before the start; afterwards ``late_fraction`` of the quote."""
    if now.astimezone(dt.UTC) <= start.astimezone(dt.UTC) - dt.timedelta(hours=free_hours):
        return Decimal("0.00")
    return money(quoted * late_fraction)


def no_show_fee(*, quoted: Decimal, fraction: Decimal) -> Decimal:
    """The charge for a booking nobody used: ``fraction`` of the quote."""
    return money(quoted * fraction)


def usage_charge(
    *,
    price_per_hour: Decimal,
    booked: tuple[dt.datetime, dt.datetime],
    used: tuple[dt.datetime, dt.datetime],
    bill_max: bool,
) -> Decimal:
    """Charge for a completed booking: logged time, or the larger of booked and logged time."""
    logged = hours_between(*used)
    billed = max(logged, hours_between(*booked)) if bill_max else logged
    return money(price_per_hour * billed)
