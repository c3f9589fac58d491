"""Read-side queries of the catalog, restricted by the acting user."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet

from innofield.core.errors import ValidationFailed
from innofield.core.permissions import Actor, restrict
from innofield.registry.models import Organization

from .kinds import DEMAND_KINDS, ITEM_KINDS
from .models import Demand, Item


def _common(
    qs: QuerySet, *, region: str | None, organization: str | None, text: str | None
) -> QuerySet:
    if region:
        qs = qs.filter(Q(region__code=region) | Q(region__parent__code=region))
    if organization:
        qs = qs.filter(owner__code=organization)
    if text:
        for word in text.split()[:8]:
            qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return qs


def items(
    actor: Actor,
    *,
    kind: str | None = None,
    region: str | None = None,
    organization: str | None = None,
    text: str | None = None,
    status: str | None = None,
) -> QuerySet[Item]:
    """Items the actor may see, filtered by kind, region (with sub-regions), owner code and text."""
    if kind and kind not in ITEM_KINDS:
        raise ValidationFailed.single(
            "kind", f"unknown kind {kind!r}; expected one of {', '.join(ITEM_KINDS)}"
        )
    qs = restrict(Item.objects.select_related("owner", "region"), actor)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return _common(qs, region=region, organization=organization, text=text)


def demands(
    actor: Actor,
    *,
    kind: str | None = None,
    region: str | None = None,
    organization: str | None = None,
    text: str | None = None,
    status: str | None = None,
) -> QuerySet[Demand]:
    """Demands the actor may see, with the same filters as :func:`items`."""
    if kind and kind not in DEMAND_KINDS:
        raise ValidationFailed.single(
            "kind", f"unknown kind {kind!r}; expected one of {', '.join(DEMAND_KINDS)}"
        )
    qs = restrict(
        Demand.objects.select_related("owner", "region").prefetch_related("preferred_regions"),
        actor,
    )
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return _common(qs, region=region, organization=organization, text=text)


def ownership(item: Item) -> list[tuple[Organization, Decimal]]:
    """Who owns ``item`` and with which share, as the catalog records it.

    The owner comes first and holds what its recorded co-owners
    (``details.co_owners``, technology items) do not; shares sum to exactly 1.
    """
    recorded = [
        (c["organization"], Decimal(str(c["share"])))
        for c in (item.details or {}).get("co_owners") or []
    ]
    orgs = Organization.objects.in_bulk([code for code, _ in recorded], field_name="code")
    co = [(orgs[code], share) for code, share in recorded if code in orgs]
    rest = Decimal(1) - sum((share for _, share in co), Decimal(0))
    return [(item.owner, rest), *co]
