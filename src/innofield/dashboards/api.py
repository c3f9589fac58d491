"""REST endpoints of the observatory dashboards: the cached numbers as JSON.

The payloads were validated against these schemas when ``refresh_dashboards`` wrote them,
so reads serialise them directly (about half the cost of re-validating every response);
the schemas still document the responses in the OpenAPI description.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from innofield.core.api import ErrorOut, actor_of
from innofield.core.errors import ValidationFailed

from . import international, network, queries
from .network_views import require_analyst
from .schemas import CcdOut, FlowsOut, IndexOut, InequalityOut, NetworkOut, OpennessRow, SummaryOut

router = Router(tags=["observatory"])
ERRORS: dict[int, Any] = {404: ErrorOut, 422: ErrorOut}


def _json(data: dict[str, Any]) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )


@router.get("/observatory/", response={200: SummaryOut, 404: ErrorOut})
def observatory_summary(request: HttpRequest) -> HttpResponse:
    """Years available per dashboard and when the results were computed."""
    info = queries.summary()
    if info is None:
        raise queries.not_computed()
    return _json(info)


@router.get("/observatory/index", response={200: IndexOut, **ERRORS})
def observatory_index(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """The provincial innovation index of ``year`` (default: the latest), ranked, with pillar
    scores and the 5–95 % rank band of the uncertainty analysis."""
    return _json(queries.yearly("index", year))


@router.get("/observatory/ccd", response={200: CcdOut, **ERRORS})
def observatory_ccd(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """Coupling coordination between the inputs, outputs and diffusion subsystems."""
    return _json(queries.yearly("ccd", year))


@router.get("/observatory/inequality", response={200: InequalityOut, **ERRORS})
def observatory_inequality(request: HttpRequest) -> HttpResponse:
    """Gini, CV and Theil of R&D spending across provinces, per year."""
    return _json(queries.inequality())


@router.get("/observatory/flows", response={200: FlowsOut, **ERRORS})
def observatory_flows(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """Technology-market turnover exported vs absorbed, and the net position, by province."""
    return _json(queries.yearly("flows", year))


@router.get(
    "/observatory/network",
    response={200: NetworkOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
)
def observatory_network(request: HttpRequest, kind: Query[list[str] | None] = None) -> HttpResponse:
    """The collaboration network of organisations from the platform's records of the
    ``kind``s asked for (all when none): centrality, Louvain communities, bridging roles
    (participation coefficient) and k-core; for platform admins and government officers."""
    require_analyst(actor_of(request))
    known = network.kinds()
    unknown = [k for k in kind or [] if k not in known]
    if unknown:
        raise ValidationFailed.single(
            "kind", f"unknown kind {unknown[0]!r}; kinds: {', '.join(known)}"
        )
    return _json(network.network(list(kind) if kind else None))


@router.get("/observatory/openness", response={200: list[OpennessRow], **ERRORS})
def observatory_openness(request: HttpRequest, year: int | None = None) -> list[dict[str, Any]]:
    """Per province: market deals that became contracts with a party abroad and active or
    completed joint projects with a partner abroad (``year``: deals signed and projects
    starting that year), counted in each province of the parties in China."""
    if year is not None and not 1900 <= year <= 2100:
        raise ValidationFailed.single("year", "must be from 1900 to 2100")
    return international.platform_openness(year)
