"""Reading the computing app: hubs, offers, jobs with their placements, runs and the
dashboard's figures (flows, utilisation, the comparison with greedy, vouchers)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, QuerySet, Sum

from innofield.core.lookup import get_visible
from innofield.core.permissions import Actor, restrict
from innofield.registry.models import Organization

from . import reference
from .actions import horizon_start
from .models import AllocationRun, Cluster, ComputeJob, Offer, Placement, Usage

HOUR_SECONDS = 3600.0
ACTIVE = ("placed", "accepted", "metered", "settled")


def clusters() -> list[dict[str, Any]]:
    """The 10 clusters with their hub, provinces, PUE target, grid factor and price."""
    provinces = reference.provinces()
    out = []
    for c in Cluster.objects.select_related("hub").order_by("id"):
        p = provinces.get(c.province)
        out.append(
            {
                "code": c.code,
                "name_zh": c.name_zh,
                "name_en": c.name_en,
                "hub": c.hub.code,
                "hub_zh": c.hub.name_zh,
                "hub_en": c.hub.name_en,
                "role": c.hub.role,
                "provinces": list(c.provinces),
                "province_zh": p.short_zh if p else c.province,
                "province_en": p.name_en if p else c.province,
                "site_zh": c.site_zh,
                "site_en": c.site_en,
                "lat": c.lat,
                "lon": c.lon,
                "pue_target": c.pue_target,
                "grid_g_per_kwh": c.grid_g_per_kwh,
                "grid_published": bool(p and p.grid_published),
                "electricity_fen_per_kwh": c.electricity_fen_per_kwh,
                "offers": Offer.objects.filter(cluster=c, state="open").count(),
            }
        )
    return out


def offers(actor: Actor, *, mine: bool = False) -> QuerySet[Offer]:
    """Open offers and the actor's organisations' own (``mine``: only those)."""
    qs = restrict(Offer.objects.select_related("cluster__hub", "provider"), actor, "view")
    if mine:
        qs = qs.filter(provider_id__in=_own_ids(actor))
    return qs


def _own_ids(actor: Actor) -> list[int]:
    from innofield.core.permissions import organization_ids

    return organization_ids(actor, "view")


def jobs(actor: Actor) -> QuerySet[ComputeJob]:
    """The computing jobs the actor's organisations submitted (admins: all)."""
    if actor is None or not actor.is_authenticated:
        return ComputeJob.objects.none()
    return restrict(ComputeJob.objects.select_related("organization"), actor, "view")


def job(actor: Actor, job_id: int) -> ComputeJob:
    """One visible job, or :class:`NotFound`."""
    row = get_visible(jobs(actor), job_id, "computing job")
    return row


def placement(job: ComputeJob) -> Placement | None:
    """The job's active placement, else its latest one."""
    return (
        Placement.objects.select_related("offer__cluster__hub", "offer__provider", "run")
        .filter(compute_job=job)
        .order_by("-active", "-id")
        .first()
    )


def usage(job: ComputeJob) -> Usage | None:
    """The job's metered usage, if any."""
    return Usage.objects.filter(compute_job=job).first()


def runs(limit: int = 20) -> list[AllocationRun]:
    """The latest allocation runs."""
    return list(AllocationRun.objects.all()[:limit])


def dashboard() -> dict[str, Any]:
    """Flows from data provinces to clusters, utilisation per hub, the comparison of the
    runs with the greedy baseline, and computing vouchers redeemed."""
    provinces = reference.provinces()
    cl = {c["code"]: c for c in clusters()}
    flows: dict[tuple[str, str], dict[str, Any]] = {}
    for r in (
        Placement.objects.filter(active=True, compute_job__state__in=ACTIVE)
        .values("compute_job__data_province", "offer__cluster__code")
        .annotate(jobs=Count("id"), units=Sum("units"))
    ):
        origin, code = r["compute_job__data_province"], r["offer__cluster__code"]
        p = provinces.get(origin)
        if p is None:
            continue
        c = cl[code]
        flows[(origin, code)] = {
            "from": origin,
            "from_zh": p.short_zh,
            "from_en": p.name_en,
            "from_coord": [p.lon, p.lat],
            "from_zone": p.zone,
            "to": code,
            "to_zh": c["name_zh"],
            "to_en": c["name_en"],
            "to_coord": [c["lon"], c["lat"]],
            "to_role": c["role"],
            "jobs": r["jobs"],
            "units": int(r["units"] or 0),
            "westward": c["role"] == "west",
        }
    latest_run = AllocationRun.objects.first()
    begin = latest_run.horizon_start if latest_run else horizon_start()
    end = begin + dt.timedelta(hours=latest_run.windows if latest_run else 24)
    offered: dict[tuple[str, str], float] = defaultdict(float)
    for o in Offer.objects.filter(
        state="open", starts_at__lt=end, ends_at__gt=begin
    ).select_related("cluster__hub"):
        hours = (min(o.ends_at, end) - max(o.starts_at, begin)).total_seconds() / HOUR_SECONDS
        offered[(o.cluster.hub.code, o.resource)] += o.units_per_hour * max(0.0, hours)
    used: dict[tuple[str, str], float] = defaultdict(float)
    for r in (
        Placement.objects.filter(active=True, window_start__gte=begin, window_start__lt=end)
        .values("offer__cluster__hub__code", "offer__resource")
        .annotate(units=Sum("units"))
    ):
        used[(r["offer__cluster__hub__code"], r["offer__resource"])] += float(r["units"] or 0)
    hubs: dict[str, dict[str, Any]] = {}
    for c in cl.values():
        hubs.setdefault(
            c["hub"],
            {"code": c["hub"], "name_zh": c["hub_zh"], "name_en": c["hub_en"], "role": c["role"]},
        )
    for h in hubs.values():
        for res in reference.RESOURCES:
            got, had = used.get((h["code"], res), 0.0), offered.get((h["code"], res), 0.0)
            h[res] = {
                "offered": round(had),
                "reserved": round(got),
                "utilisation": round(100 * got / had, 1) if had else None,
            }
    sides: dict[str, dict[str, Any]] = {"innofield": _zero(), "greedy": _zero()}
    n_runs = 0
    for run in AllocationRun.objects.all():
        n_runs += 1
        for side in ("innofield", "greedy"):
            t = (run.totals or {}).get(side) or {}
            for k in ("placed", "money_fen", "carbon_g"):
                sides[side][k] += int(t.get(k, 0) or 0)
            sides[side]["latency_sum"] += float(t.get("latency_ms", 0) or 0) * int(
                t.get("placed", 0) or 0
            )
    for s in sides.values():
        s["latency_ms"] = round(s.pop("latency_sum") / s["placed"], 1) if s["placed"] else 0.0
    compare = {"runs": n_runs, **sides}
    latest = latest_run
    vouchers = Usage.objects.filter(redemption_id__isnull=False).aggregate(
        n=Count("id"), subsidy=Sum("subsidy_fen"), paid=Sum("amount_fen")
    )
    settled = Usage.objects.filter(settled_at__isnull=False).aggregate(
        n=Count("id"), paid=Sum("amount_fen"), carbon=Sum("carbon_g")
    )
    return {
        "flows": sorted(flows.values(), key=lambda f: (-f["jobs"], f["from"], f["to"])),
        "horizon": {"start": begin.isoformat(), "end": end.isoformat()},
        "hubs": list(hubs.values()),
        "compare": compare,
        "latest": _run_dict(latest) if latest else None,
        "vouchers": {
            "redemptions": vouchers["n"] or 0,
            "subsidy_fen": int(vouchers["subsidy"] or 0),
            "usage_fen": int(vouchers["paid"] or 0),
        },
        "settled": {
            "usages": settled["n"] or 0,
            "paid_fen": int(settled["paid"] or 0),
            "carbon_g": int(settled["carbon"] or 0),
        },
        "jobs": dict(
            ComputeJob.objects.values_list("state").annotate(n=Count("id")).order_by("state")
        ),
        "westward_jobs": sum(f["jobs"] for f in flows.values() if f["westward"]),
        "placed_jobs": sum(f["jobs"] for f in flows.values()),
    }


def _zero() -> dict[str, Any]:
    return {"placed": 0, "money_fen": 0, "carbon_g": 0, "latency_sum": 0.0}


def _run_dict(run: AllocationRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "created": run.created.isoformat(),
        "objective": run.objective,
        "jobs": run.jobs_open,
        "placed": run.placed,
        "status": run.status,
        "objective_value": run.objective_value,
        "bound": run.bound,
        "gap": run.gap,
        "seconds": round(run.seconds, 3),
        "totals": run.totals,
    }


def run_dict(run: AllocationRun) -> dict[str, Any]:
    """A run as plain values (API and pages)."""
    return _run_dict(run)


def provider_organizations(actor: Actor) -> list[Organization]:
    """The organisations whose placements ``actor`` may see as a provider (admins: those
    with offers)."""
    from innofield.core.permissions import is_platform_admin

    if is_platform_admin(actor):
        ids = Offer.objects.values_list("provider_id", flat=True).distinct()
        return list(Organization.objects.filter(pk__in=ids).order_by("code"))
    return list(Organization.objects.filter(pk__in=_own_ids(actor)).order_by("code"))


def provider_placements(actor: Actor, provider: Organization) -> QuerySet[Placement]:
    """The jobs placed on ``provider``'s own offers (active placements, newest hour first),
    with job, offer and usage loaded; only members of the provider and platform admins
    may read them (:class:`PermissionDenied` / :class:`NotAuthenticated` otherwise)."""
    from innofield.core.permissions import require_member

    require_member(actor, provider, "view")
    return (
        Placement.objects.filter(offer__provider=provider, active=True)
        .select_related("compute_job__organization", "compute_job__usage", "offer__cluster__hub")
        .order_by("-window_start", "-id")
    )


def provider_totals(placements: QuerySet[Placement]) -> dict[str, int]:
    """Jobs, units reserved, money of the placements, metered and settled usage in fen."""
    agg = placements.aggregate(n=Count("id"), units=Sum("units"), money=Sum("amount_fen"))
    usage = Usage.objects.filter(placement__in=placements)
    metered = usage.aggregate(n=Count("id"), fen=Sum("amount_fen"))
    settled = usage.filter(settled_at__isnull=False).aggregate(
        n=Count("id"), fen=Sum("amount_fen"), subsidy=Sum("subsidy_fen")
    )
    return {
        "jobs": agg["n"] or 0,
        "units": int(agg["units"] or 0),
        "reserved_fen": int(agg["money"] or 0),
        "metered": metered["n"] or 0,
        "metered_fen": int(metered["fen"] or 0),
        "settled": settled["n"] or 0,
        "settled_fen": int(settled["fen"] or 0),
        "voucher_fen": int(settled["subsidy"] or 0),
    }
