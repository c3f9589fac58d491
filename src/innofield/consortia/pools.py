"""Shared resource pools: which bookers get member terms at a pooled instrument.

:func:`member_rate_applies` is registered with :mod:`innofield.booking.membership`: a
booker pays the booking policy's member price at an instrument when the instrument is in
the active pool of an active alliance in which both the booker and the instrument's
owner are members (lead, core or ordinary; observers get no member terms).
"""

from __future__ import annotations

from typing import Any

from .models import TERMS_ROLES, AllianceMembership, PoolEntry


def alliances_with_terms(org_id: int) -> set[int]:
    """Ids of the active alliances where ``org_id`` is a member with a terms role."""
    return set(
        AllianceMembership.objects.filter(
            organization_id=org_id,
            state="member",
            role__in=TERMS_ROLES,
            alliance__state="active",
        ).values_list("alliance_id", flat=True)
    )


def member_rate_applies(booker: Any, instrument: Any) -> bool:
    """True if ``booker`` and the owner of ``instrument`` are fellow members of an alliance
    that pools it."""
    if booker is None or booker.pk == instrument.owner_id:
        return False
    shared = alliances_with_terms(booker.pk) & alliances_with_terms(instrument.owner_id)
    if not shared:
        return False
    return PoolEntry.objects.filter(
        item_id=instrument.pk, active=True, alliance_id__in=shared
    ).exists()
