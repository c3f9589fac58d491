"""REST endpoints of the registry."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from innofield.core.api import ErrorOut, Page, actor_of, paginate
from innofield.core.errors import NotFound

from . import queries
from .models import Organization, Region
from .schemas import OrganizationOut, OrganizationPage, RegionOut, RegionPage

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
    region = queries.regions(actor_of(request)).filter(code=code).first()
    if region is None:
        raise NotFound(f"no region with code {code!r}")
    return region


@router.get("/organizations", response=OrganizationPage)
def list_organizations(
    request: HttpRequest,
    page: Query[Page],
    type: Organization.Type | None = None,
    region: str | None = None,
    text: str | None = None,
) -> dict[str, Any]:
    """Organizations filtered by type, region code (with sub-regions) and name text."""
    qs = queries.organizations(actor_of(request), type=type, region=region, text=text)
    return paginate(qs, page.limit, page.offset)


@router.get("/organizations/{code}", response={200: OrganizationOut, 404: ErrorOut})
def get_organization(request: HttpRequest, code: str) -> Organization:
    """One organization by code."""
    org = queries.organizations(actor_of(request)).filter(code=code).first()
    if org is None:
        raise NotFound(f"no organization with code {code!r}")
    return org
