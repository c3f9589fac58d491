"""REST endpoints of the observatory dashboards: the cached numbers as JSON."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from innofield.core.api import ErrorOut

from . import queries
from .schemas import CcdOut, FlowsOut, IndexOut, InequalityOut, SummaryOut

router = Router(tags=["observatory"])
ERRORS: dict[int, Any] = {404: ErrorOut, 422: ErrorOut}


@router.get("/observatory/", response={200: SummaryOut, 404: ErrorOut})
def observatory_summary(request: HttpRequest) -> dict[str, Any]:
    """Years available per dashboard and when the results were computed."""
    info = queries.summary()
    if info is None:
        raise queries.not_computed()
    return info


@router.get("/observatory/index", response={200: IndexOut, **ERRORS})
def observatory_index(request: HttpRequest, year: int | None = None) -> dict[str, Any]:
    """The provincial innovation index of ``year`` (default: the latest), ranked, with pillar
    scores and the 5–95 % rank band of the uncertainty analysis."""
    return queries.yearly("index", year)


@router.get("/observatory/ccd", response={200: CcdOut, **ERRORS})
def observatory_ccd(request: HttpRequest, year: int | None = None) -> dict[str, Any]:
    """Coupling coordination between the inputs, outputs and diffusion subsystems."""
    return queries.yearly("ccd", year)


@router.get("/observatory/inequality", response={200: InequalityOut, **ERRORS})
def observatory_inequality(request: HttpRequest) -> dict[str, Any]:
    """Gini, CV and Theil of R&D spending across provinces, per year."""
    return queries.inequality()


@router.get("/observatory/flows", response={200: FlowsOut, **ERRORS})
def observatory_flows(request: HttpRequest, year: int | None = None) -> dict[str, Any]:
    """Technology-market turnover exported vs absorbed, and the net position, by province."""
    return queries.yearly("flows", year)
