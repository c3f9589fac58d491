"""REST endpoints of the registry."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from innofield.core.api import ERRORS, BearerAuth, ErrorOut, Page, actor_of, paginate
from innofield.core.lookup import get_visible

from . import international, queries
from .models import CooperationBase, Organization, Region
from .schemas import (
    CooperationBaseIn,
    CooperationBaseOut,
    CooperationBasePage,
    OrganizationIn,
    OrganizationOut,
    OrganizationPage,
    RegionOut,
    RegionPage,
)

router = Router(tags=["registry"])


@router.get("/regions", response=RegionPage)
def list_regions(
    request: HttpRequest,
    page: Query[Page],
    level: Region.Level | None = None,
    parent: str | None = None,
) -> dict[str, Any]:
    """Regions, optionally of one level or under a parent region code."""
    return paginate(
        queries.regions(actor_of(request), level=level, parent=parent), page.limit, page.offset
    )


@router.get("/regions/{code}", response={200: RegionOut, 404: ErrorOut})
def get_region(request: HttpRequest, code: str) -> Region:
    """One region by code."""
    return get_visible(queries.regions(actor_of(request)), code, "region", by="code")


@router.get("/organizations", response=OrganizationPage)
def list_organizations(
    request: HttpRequest,
    page: Query[Page],
    type: Organization.Type | None = None,
    region: str | None = None,
    text: str | None = None,
    country: str | None = None,
) -> dict[str, Any]:
    """Organizations filtered by type, region code (with sub-regions), name text and
    country (ISO 3166-1 alpha-2)."""
    qs = queries.organizations(
        actor_of(request), type=type, region=region, text=text, country=country
    )
    return paginate(qs, page.limit, page.offset)


@router.get("/organizations/{code}", response={200: OrganizationOut, 404: ErrorOut})
def get_organization(request: HttpRequest, code: str) -> Organization:
    """One organization by code."""
    return get_visible(queries.organizations(actor_of(request)), code, "organization", by="code")


@router.post("/organizations", response={201: OrganizationOut, **ERRORS}, auth=BearerAuth())
def register_organization(request: HttpRequest, body: OrganizationIn) -> Status:
    """Register an organisation, at home or abroad (platform admins)."""
    org = international.register_organization(actor=actor_of(request), **body.dict())
    return Status(201, org)


@router.get("/cooperation-bases", response=CooperationBasePage)
def list_cooperation_bases(
    request: HttpRequest,
    page: Query[Page],
    kind: CooperationBase.Kind | None = None,
    country: str | None = None,
    region: str | None = None,
) -> dict[str, Any]:
    """International S&T cooperation bases and joint labs, filtered by kind, partner
    country (alpha-2) and the host's region code."""
    qs = queries.cooperation_bases(actor_of(request), kind=kind, country=country, region=region)
    return paginate(qs, page.limit, page.offset)


@router.get("/cooperation-bases/{code}", response={200: CooperationBaseOut, 404: ErrorOut})
def get_cooperation_base(request: HttpRequest, code: str) -> CooperationBase:
    """One cooperation base by code."""
    return get_visible(
        queries.cooperation_bases(actor_of(request)), code, "cooperation base", by="code"
    )


@router.post("/cooperation-bases", response={201: CooperationBaseOut, **ERRORS}, auth=BearerAuth())
def record_cooperation_base(request: HttpRequest, body: CooperationBaseIn) -> Status:
    """Record a cooperation base or joint lab (platform admins)."""
    base = international.record_cooperation_base(actor=actor_of(request), **body.dict())
    return Status(201, base)
