"""Bridges from Django rows to the pure core: policy terms, prices, parties."""

from __future__ import annotations

from django.utils.translation import gettext as _

from innofield.catalog.decimals import is_damaged
from innofield.catalog.models import Item
from innofield.core.errors import Conflict
from innofield.registry.models import Organization, Region

from . import membership, pricing, rules
from .models import Policy


def default_policy(item: Item) -> Policy:
    """The policy an instrument has until its facility sets one (not saved).

    Open around the clock, 30-minute steps, 30 min to 8 h, every tier at the
    catalog price, cross-region not priced separately.
    """
    price = item.price_fen if item.price_fen is not None else 0
    return Policy(
        instrument=item,
        price_internal_fen=price,
        price_academic_fen=price,
        price_industry_fen=price,
    )


def policy_of(item: Item) -> Policy:
    """The saved policy of ``item`` or its default."""
    found = Policy.objects.filter(instrument_id=item.pk).first()
    return found if found is not None else default_policy(item)


#: The policy's decimal columns (fractions of a price; prices are integer fen).
DECIMAL_FIELDS = ("late_cancel_fraction", "no_show_fraction")


def damaged_fields(policy: Policy) -> list[str]:
    """Decimal fields of a stored policy whose value did not fit its column (read as NaN)."""
    return [name for name in DECIMAL_FIELDS if is_damaged(getattr(policy, name))]


def usable_policy(item: Item) -> Policy:
    """The policy of ``item`` for pricing and charging; Conflict naming the damaged fields if
    a stored value does not fit its column (only raw writes around the checks can do that)."""
    policy = policy_of(item)
    damaged = damaged_fields(policy)
    if damaged:
        raise Conflict(
            _(
                "the stored booking policy of instrument %(instrument)s holds invalid values "
                "in %(fields)s; a facility manager must set them again on the instrument's "
                "page (or PUT /api/instruments/%(instrument)s/policy)"
            )
            % {"instrument": item.pk, "fields": ", ".join(_(name) for name in damaged)}
        )
    return policy


def terms_of(policy: Policy) -> rules.Terms:
    """The policy's rules as a pure :class:`~innofield.booking.rules.Terms`."""
    quotas = tuple(
        rules.Quota(
            scope=q["scope"],
            period=q["period"],
            max_hours=None if q.get("max_hours") is None else float(q["max_hours"]),
            max_bookings=None if q.get("max_bookings") is None else int(q["max_bookings"]),
        )
        for q in policy.quotas or []
    )
    return rules.Terms(
        zone=policy.zone,
        open_from=policy.open_from,
        open_until=policy.open_until,
        open_days=tuple(policy.open_days),
        min_minutes=policy.min_minutes,
        max_minutes=policy.max_minutes,
        granularity_minutes=policy.granularity_minutes,
        min_notice_minutes=policy.min_notice_minutes,
        max_advance_days=policy.max_advance_days,
        buffer_minutes=policy.buffer_minutes,
        qualification_required=policy.qualification_required,
        quotas=quotas,
    )


def prices_of(policy: Policy) -> pricing.Prices:
    """The policy's hourly prices by tier, in fen."""
    return pricing.Prices(
        internal=int(policy.price_internal_fen),
        academic=int(policy.price_academic_fen),
        industry=int(policy.price_industry_fen),
        cross_region=None
        if policy.price_cross_region_fen is None
        else int(policy.price_cross_region_fen),
        member=None if policy.price_member_fen is None else int(policy.price_member_fen),
    )


def province_of(region: Region | None) -> str | None:
    """The code of the province containing ``region`` (itself if it is one)."""
    seen = 0
    while region is not None and seen < 6:
        if region.level == Region.Level.PROVINCE:
            return region.code
        region = region.parent
        seen += 1
    return None


def party_of(org: Organization) -> pricing.Party:
    """What pricing needs to know about ``org``."""
    return pricing.Party(
        id=org.pk, type=org.type, province=province_of(org.region), host_id=org.host_id
    )


def tier_for(booker: Organization, instrument: Item, policy: Policy) -> str:
    """The tier ``booker`` pays on ``instrument`` under ``policy`` (member terms: see
    :mod:`.membership`)."""
    prices = prices_of(policy)
    fellow = prices.member is not None and membership.is_fellow_member(booker, instrument)
    return pricing.tier(party_of(booker), party_of(instrument.owner), prices, fellow_member=fellow)
