"""Pure pricing: user tiers, quotes, cancellation and no-show fees, billing. No Django here.

All money is integer fen and every result is exact: a quote is ``price × seconds / 3600``
and a fee ``quote × fraction``, each rounded once, half up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

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


@dataclass(frozen=True)
class Party:
    """What pricing needs to know about an organization."""

    id: int
    type: str
    province: str | None
    host_id: int | None = None


@dataclass(frozen=True)
class Prices:
    """Prices per hour by tier, in integer fen; ``cross_region`` or ``member`` ``None``
    means the policy does not price that tier."""

    internal: int
    academic: int
    industry: int
    cross_region: int | None = None
    member: int | None = None

    def for_tier(self, tier: str) -> int:
        """The hourly price of ``tier`` in fen."""
        value = getattr(self, tier)
        if value is None:
            raise ValueError(f"tier {tier} is not priced")
        return int(value)


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


def seconds_between(start: dt.datetime, end: dt.datetime) -> int:
    """Elapsed whole seconds (real elapsed time, so DST days count correctly)."""
    elapsed = end.astimezone(dt.UTC) - start.astimezone(dt.UTC)
    return int(elapsed.total_seconds())


def hours_between(start: dt.datetime, end: dt.datetime) -> Decimal:
    """Elapsed hours as a Decimal (for showing; prices are computed from seconds)."""
    return Decimal(seconds_between(start, end)) / Decimal(3600)


def divide_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded to the nearest integer, halves away from zero."""
    if denominator <= 0:
        raise ValueError("the denominator must be positive")
    whole, rest = divmod(abs(numerator), denominator)
    if 2 * rest >= denominator:
        whole += 1
    return whole if numerator >= 0 else -whole


def share(amount_fen: int, fraction: Decimal) -> int:
    """``fraction`` (an exact decimal such as ``0.5`` or ``0.125``) of ``amount_fen``, half up."""
    numerator, denominator = Decimal(fraction).as_integer_ratio()
    return divide_half_up(amount_fen * numerator, denominator)


def quote(price_fen: int, start: dt.datetime, end: dt.datetime) -> int:
    """The price in fen of booking ``start``–``end`` at ``price_fen`` per hour (half up)."""
    return divide_half_up(price_fen * seconds_between(start, end), 3600)


def cancellation_fee(
    *,
    quoted_fen: int,
    start: dt.datetime,
    now: dt.datetime,
    free_hours: int,
    late_fraction: Decimal,
) -> int:
    """Free until ``free_hours`` before the start; afterwards ``late_fraction`` of the quote."""
    if now.astimezone(dt.UTC) <= start.astimezone(dt.UTC) - dt.timedelta(hours=free_hours):
        return 0
    return share(quoted_fen, late_fraction)


def no_show_fee(*, quoted_fen: int, fraction: Decimal) -> int:
    """The charge in fen for a booking nobody used: ``fraction`` of the quote."""
    return share(quoted_fen, fraction)


def usage_charge(
    *,
    price_fen: int,
    booked: tuple[dt.datetime, dt.datetime],
    used: tuple[dt.datetime, dt.datetime],
    bill_max: bool,
) -> int:
    """Charge in fen for a completed booking: logged time, or the larger of booked and logged
    time, at ``price_fen`` per hour (half up)."""
    logged = seconds_between(*used)
    billed = max(logged, seconds_between(*booked)) if bill_max else logged
    return divide_half_up(price_fen * billed, 3600)
