"""Read-side queries of the registry, restricted by the acting user."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from innofield.core.permissions import Actor, restrict

from .models import Organization, Region


def regions(
    actor: Actor, *, level: str | None = None, parent: str | None = None
) -> QuerySet[Region]:
    """Regions, optionally of one level or under one parent (by code)."""
    qs = restrict(Region.objects.select_related("parent"), actor)
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent__code=parent)
    return qs


def organizations(
    actor: Actor, *, type: str | None = None, region: str | None = None, text: str | None = None
) -> QuerySet[Organization]:
    """Organizations filtered by type, region code (including sub-regions) and name text."""
    qs = restrict(Organization.objects.select_related("region", "host"), actor)
    if type:
        qs = qs.filter(type=type)
    if region:
        qs = qs.filter(Q(region__code=region) | Q(region__parent__code=region))
    if text:
        qs = qs.filter(
            Q(name_zh__icontains=text) | Q(name_en__icontains=text) | Q(code__iexact=text)
        )
    return qs


def region_summary(region: Region) -> dict[str, int]:
    """Counts of organizations by type in a region and its sub-regions."""
    rows = (
        Organization.objects.filter(Q(region=region) | Q(region__parent=region))
        .values("type")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    return {r["type"]: r["n"] for r in rows}
