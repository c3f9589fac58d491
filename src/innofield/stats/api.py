"""REST endpoints of the statistics panels."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from innofield.core.api import Page, actor_of, paginate
from innofield.core.permissions import restrict

from .models import Indicator, StatValue

router = Router(tags=["stats"])
#: The years a panel may hold; others are refused naming ``year``.
Year = Annotated[int, Field(ge=1900, le=2200)]


class IndicatorOut(Schema):
    """A statistical indicator."""

    code: str
    name_zh: str
    name_en: str
    unit: str
    group: str


class ValueOut(Schema):
    """One observation."""

    region: str
    year: int
    indicator: str
    value: float
    unit: str
    source: str

    @staticmethod
    def resolve_region(obj: Any) -> str:
        """The region's code."""
        return str(obj.region.code)

    @staticmethod
    def resolve_indicator(obj: Any) -> str:
        """The indicator's code."""
        return str(obj.indicator.code)


class IndicatorPage(Schema):
    """A page of indicators."""

    count: int
    items: list[IndicatorOut]


class ValuePage(Schema):
    """A page of observations."""

    count: int
    items: list[ValueOut]


@router.get("/stats/indicators", response=IndicatorPage)
def list_indicators(
    request: HttpRequest, page: Query[Page], group: str | None = None
) -> dict[str, Any]:
    """Indicators of the loaded statistics panels."""
    qs = restrict(Indicator.objects.all(), actor_of(request))
    if group:
        qs = qs.filter(group=group)
    return paginate(qs, page.limit, page.offset)


@router.get("/stats/values", response=ValuePage)
def list_values(
    request: HttpRequest,
    page: Query[Page],
    indicator: str | None = None,
    region: str | None = None,
    year: Year | None = None,
) -> dict[str, Any]:
    """Observations filtered by indicator code, region code and year (1900–2200)."""
    qs = restrict(StatValue.objects.select_related("region", "indicator"), actor_of(request))
    if indicator:
        qs = qs.filter(indicator__code=indicator)
    if region:
        qs = qs.filter(region__code=region)
    if year is not None:
        qs = qs.filter(year=year)
    return paginate(qs, page.limit, page.offset)
