"""Read-side queries of the registry, restricted by the acting user."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from innofield.core.permissions import Actor, restrict

from .models import CooperationBase, Organization, Region


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
    actor: Actor,
    *,
    type: str | None = None,
    region: str | None = None,
    text: str | None = None,
    country: str | None = None,
) -> QuerySet[Organization]:
    """Organizations filtered by type, region code (including sub-regions), name text and
    country (ISO 3166-1 alpha-2, any case)."""
    qs = restrict(Organization.objects.select_related("region", "host"), actor)
    if type:
        qs = qs.filter(type=type)
    if country:
        qs = qs.filter(country=country.strip().upper())
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


def countries(actor: Actor) -> list[str]:
    """The country codes organisations are registered in, home first, then by code."""
    from innofield.core.countries import HOME

    codes = set(
        restrict(Organization.objects.all(), actor).values_list("country", flat=True).distinct()
    )
    return sorted(codes, key=lambda c: (c != HOME, c))


def cooperation_bases(
    actor: Actor,
    *,
    kind: str | None = None,
    country: str | None = None,
    region: str | None = None,
) -> QuerySet[CooperationBase]:
    """Cooperation bases and joint labs filtered by kind, partner country (alpha-2) and the
    host's region code (including sub-regions)."""
    qs = restrict(CooperationBase.objects.select_related("host", "host__region"), actor)
    if kind:
        qs = qs.filter(kind=kind)
    if country:
        wanted = country.strip().upper()
        ids = [pk for pk, codes in qs.values_list("pk", "partner_countries") if wanted in codes]
        qs = qs.filter(pk__in=ids)
    if region:
        qs = qs.filter(
            Q(host__region__code=region)
            | Q(host__region__parent__code=region)
            | Q(host__region__parent__parent__code=region)
        )
    return qs
