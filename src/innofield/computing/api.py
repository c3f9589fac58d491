"""REST endpoints of computing: hubs, offers, jobs with placements, runs, dashboard."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from innofield.core.api import ERRORS, BearerAuth, ErrorOut, Page, actor_of, paginate
from innofield.core.errors import NotFound, ValidationFailed
from innofield.registry.models import Organization

from . import actions, present, queries, usage_actions
from .models import Cluster
from .schemas import (
    ClusterOut,
    DashboardOut,
    JobIn,
    JobOut,
    JobPage,
    OfferIn,
    OfferOut,
    OfferPage,
    ProviderPlacementPage,
    RunIn,
    RunPage,
    RunStarted,
)

router = Router(tags=["computing"])
WRITE: dict[str, Any] = {"auth": BearerAuth()}


def _org(code: str, field: str) -> Organization:
    org = Organization.objects.filter(code=code).first()
    if org is None:
        raise ValidationFailed.single(field, f"no organization {code!r}")
    return org


@router.get("/computing/hubs", response={200: list[ClusterOut]})
def list_hubs(request: HttpRequest) -> Any:
    """The 10 national data-centre clusters of the 8 hubs, with their reference figures."""
    return queries.clusters()


@router.get("/computing/offers", response={200: OfferPage, 422: ErrorOut})
def list_offers(request: HttpRequest, page: Query[Page]) -> Any:
    """Open capacity offers (and your organisations' own)."""
    found = paginate(queries.offers(actor_of(request)), page.limit, page.offset)
    return {"count": found["count"], "items": [present.offer(o) for o in found["items"]]}


@router.post("/computing/offers", response={201: OfferOut, **ERRORS}, **WRITE)
def publish_offer(request: HttpRequest, payload: OfferIn) -> Any:
    """Publish capacity at a cluster, for a provider you are a member of."""
    data = payload.model_dump()
    data["provider"] = _org(data["provider"], "provider")
    cluster = Cluster.objects.filter(code=data["cluster"]).first()
    if cluster is None:
        raise ValidationFailed.single("cluster", f"no cluster {payload.cluster!r}")
    data["cluster"] = cluster
    row = actions.publish_offer(actor=actor_of(request), **data)
    return Status(201, present.offer(row))


@router.post("/computing/offers/{offer_id}/withdraw", response={200: OfferOut, **ERRORS}, **WRITE)
def withdraw_offer(request: HttpRequest, offer_id: int) -> Any:
    """Withdraw an offer (reserved capacity stays reserved)."""
    return present.offer(actions.withdraw_offer(actor=actor_of(request), offer_id=offer_id))


@router.get("/computing/jobs", response={200: JobPage, 401: ErrorOut, 422: ErrorOut}, **WRITE)
def list_jobs(request: HttpRequest, page: Query[Page]) -> Any:
    """Your organisations' computing jobs with placements and usage."""
    found = paginate(queries.jobs(actor_of(request)), page.limit, page.offset)
    return {"count": found["count"], "items": [present.job(j) for j in found["items"]]}


@router.post("/computing/jobs", response={201: JobOut, **ERRORS}, **WRITE)
def submit_job(request: HttpRequest, payload: JobIn) -> Any:
    """Submit a job; refused naming the field (residency, deadline, units for capacity,
    voucher, …) when no open offer could take it or the voucher does not apply."""
    data = payload.model_dump()
    data["organization"] = _org(data["organization"], "organization")
    row = actions.submit_job(actor=actor_of(request), **data)
    return Status(201, present.job(row))


@router.get(
    "/computing/jobs/{job_id}", response={200: JobOut, 401: ErrorOut, 404: ErrorOut}, **WRITE
)
def get_job(request: HttpRequest, job_id: int) -> Any:
    """One of your jobs with its placement, explanation and usage."""
    return present.job(queries.job(actor_of(request), job_id))


@router.post("/computing/jobs/{job_id}/{transition}", response={200: JobOut, **ERRORS}, **WRITE)
def move_job(request: HttpRequest, job_id: int, transition: str) -> Any:
    """``accept``, ``reject``, ``cancel``, ``meter`` (simulated) or ``settle`` a job; or
    ``pay_due``: pay what a voucher clawback left due on its settled usage."""
    if transition == "pay_due":
        usage_actions.pay_due(actor=actor_of(request), job_id=job_id)
        return present.job(queries.job(actor_of(request), job_id))
    row = actions.transition(actor=actor_of(request), job_id=job_id, move=transition)
    return present.job(row)


@router.get(
    "/computing/providers/{code}/placements",
    response={
        200: ProviderPlacementPage,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
    **WRITE,
)
def provider_placements(request: HttpRequest, code: str, page: Query[Page]) -> Any:
    """The jobs placed on the offers of provider ``code`` (its members and platform admins
    only): state, placement, metered usage and settlement, newest hour first."""
    org = Organization.objects.filter(code=code).first()
    if org is None:
        raise NotFound(f"no organization {code!r}")
    found = paginate(queries.provider_placements(actor_of(request), org), page.limit, page.offset)
    return {
        "count": found["count"],
        "items": [present.provider_placement(p) for p in found["items"]],
    }


@router.get("/computing/runs", response={200: RunPage})
def list_runs(request: HttpRequest) -> Any:
    """The latest allocation runs with the comparison against the greedy baseline."""
    return {"items": [queries.run_dict(r) for r in queries.runs()]}


@router.post("/computing/runs", response={202: RunStarted, **ERRORS}, **WRITE)
def start_run(request: HttpRequest, payload: RunIn) -> Any:
    """Start an allocation run on the job queue; follow it at ``/api/jobs/{job}``."""
    job = actions.start_run(actor=actor_of(request), **payload.model_dump())
    return Status(202, {"job": job.pk, "state": job.state})


@router.get("/computing/dashboard", response={200: DashboardOut})
def dashboard(request: HttpRequest) -> Any:
    """Flows, utilisation per hub, the comparison with greedy and vouchers redeemed."""
    return {"data": queries.dashboard()}
