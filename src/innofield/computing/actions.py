"""Every change in the computing app: reference data, offers, jobs, allocation runs,
metering and settlement. Each action takes the acting user, runs in one transaction and
writes its audit row there; a refusal names the field and writes nothing.

Settlement pays the metered amount on the ledger — ``ledger.actions.pay`` from the job
owner's account ``ORG-<firm>`` to ``ORG-<provider>`` under the key
``computing:usage:<id>`` — and, when the job names a computing voucher, redeems it in
the same transaction (``reimburse`` mode, evidence ``computing:<usage id>``): the
programme pays its co-funding share back to the firm, so the voucher pays part of it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from innofield.core import audit
from innofield.core.errors import (
    Conflict,
    FieldError,
    PermissionDenied,
    ValidationFailed,
    gettext,
)
from innofield.core.lookup import get_visible
from innofield.core.money import format_yuan
from innofield.core.permissions import (
    Actor,
    is_platform_admin,
    organization_ids,
    require,
    require_member,
)
from innofield.core.schemas import MAX_FEN
from innofield.ledger import actions as ledger_actions
from innofield.ledger import engine as ledger_engine
from innofield.ledger.codes import organization_account
from innofield.ledger.models import Account
from innofield.registry.models import Organization

from . import plan, reference
from .lifecycle import JOB, OFFER
from .models import AllocationRun, Cluster, ComputeJob, Hub, Offer, Placement, Usage

HOUR = dt.timedelta(hours=1)
#: How far ahead a job's deadline and an offer's window may reach.
MAX_AHEAD = dt.timedelta(days=366)
MAX_UNITS = 1_000_000
OWNER_MOVES = ("accept", "reject", "cancel", "settle")
METER = "meter"


def user_moves(state: str) -> list[str]:
    """The transitions people may ask for from ``state`` (placing is the runs' work)."""
    return [m for m in JOB.allowed(state) if m in (*OWNER_MOVES, METER)]


def horizon_start(now: dt.datetime | None = None) -> dt.datetime:
    """The start of the first whole hour window after ``now``."""
    now = now or timezone.now()
    top = now.replace(minute=0, second=0, microsecond=0)
    return top if top == now else top + HOUR


# --------------------------------------------------------------------------- reference


def sync_reference(*, actor: Actor) -> dict[str, int]:
    """Write the 8 hubs and 10 clusters of the shipped CSV into the database (idempotent);
    platform admins or the system (``actor=None``)."""
    if actor is not None and not is_platform_admin(actor):
        raise PermissionDenied("only platform admins load the computing reference data")
    with transaction.atomic():
        reference.write(Hub, Cluster)
        counts = {"hubs": Hub.objects.count(), "clusters": Cluster.objects.count()}
        audit.record(
            actor,
            "computing.reference.load",
            None,
            counts,
            object_type="computing",
            object_repr="hubs and clusters",
        )
    return counts


# --------------------------------------------------------------------------- offers


def publish_offer(
    *,
    actor: Actor,
    provider: Organization,
    cluster: Cluster,
    resource: str,
    units_per_hour: int,
    price_fen: int,
    green_pct: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    offpeak_price_fen: int | None = None,
    offpeak_start: dt.time | None = None,
    offpeak_end: dt.time | None = None,
    synthetic: bool = False,
) -> Offer:
    """Publish capacity at a cluster for a time window (members of the provider), with an
    optional off-peak tariff: ``offpeak_price_fen`` per unit (> 0, ≤ ``price_fen``) in
    the daily local hours ``offpeak_start``–``offpeak_end`` (may wrap midnight)."""
    require_member(actor, provider, "create")
    problems = _offpeak_problems(price_fen, offpeak_price_fen, offpeak_start, offpeak_end)
    if resource not in reference.RESOURCES:
        problems.append(("resource", f"must be one of {', '.join(reference.RESOURCES)}"))
    if not 1 <= units_per_hour <= MAX_UNITS:
        problems.append(("units_per_hour", f"must be 1-{MAX_UNITS}"))
    if not 0 < price_fen <= MAX_FEN:
        problems.append(("price_fen", "must be a positive amount"))
    if not 0 <= green_pct <= 100:
        problems.append(("green_pct", "must be 0-100"))
    if ends_at <= starts_at:
        problems.append(("ends_at", "must be after starts_at"))
    elif ends_at - starts_at < HOUR:
        problems.append(("ends_at", "the window must hold at least one whole hour"))
    if ends_at <= timezone.now():
        problems.append(("ends_at", "is in the past"))
    if ends_at - timezone.now() > MAX_AHEAD:
        problems.append(("ends_at", "may be at most a year ahead"))
    if problems:
        raise ValidationFailed([FieldError(f, r) for f, r in problems])
    with transaction.atomic():
        row = Offer.objects.create(
            provider=provider,
            cluster=cluster,
            resource=resource,
            units_per_hour=units_per_hour,
            price_fen=price_fen,
            green_pct=green_pct,
            starts_at=starts_at,
            ends_at=ends_at,
            offpeak_price_fen=offpeak_price_fen,
            offpeak_start=offpeak_start,
            offpeak_end=offpeak_end,
            state=OFFER.start("publish"),
            synthetic=synthetic,
        )
        audit.record(actor, "computing.offer.publish", row, after=audit.snapshot(row))
    return row


def _offpeak_problems(
    price_fen: int,
    offpeak_price_fen: int | None,
    start: dt.time | None,
    end: dt.time | None,
) -> list[tuple[str, str]]:
    """What is wrong with an off-peak tariff (all three parts or none)."""
    problems: list[tuple[str, str]] = []
    if offpeak_price_fen is None and start is None and end is None:
        return problems
    if (start is None) != (end is None):
        field = "offpeak_end" if end is None else "offpeak_start"
        problems.append((field, gettext("give both off-peak hours (start and end) or neither")))
    if offpeak_price_fen is None:
        problems.append(("offpeak_price_fen", gettext("off-peak hours need an off-peak price")))
    elif offpeak_price_fen <= 0:
        problems.append(("offpeak_price_fen", gettext("must be a positive amount")))
    elif offpeak_price_fen > price_fen:
        problems.append(("offpeak_price_fen", gettext("may not exceed the normal price per unit")))
    if offpeak_price_fen is not None and start is None and end is None:
        problems.append(("offpeak_start", gettext("an off-peak price needs its hours")))
    for name, value in (("offpeak_start", start), ("offpeak_end", end)):
        if value is not None and value.tzinfo is not None:
            problems.append((name, gettext("give the Beijing clock time without a time zone")))
    if problems:
        return problems
    if start is not None and end is not None:
        if start.replace(second=0, microsecond=0) == end.replace(second=0, microsecond=0):
            problems.append(
                ("offpeak_end", gettext("the off-peak hours may not be of zero length"))
            )
        elif (end.hour * 60 + end.minute - start.hour * 60 - start.minute) % (24 * 60) < 60:
            problems.append(
                ("offpeak_end", gettext("the off-peak hours must hold at least one whole hour"))
            )
    return problems


def withdraw_offer(*, actor: Actor, offer_id: int) -> Offer:
    """Withdraw an offer: no new placements; capacity already reserved stays reserved."""
    with transaction.atomic():
        row = get_visible(Offer.objects.select_for_update(), offer_id, "offer")
        require(actor, "change", row)
        before = audit.snapshot(row)
        row.state = OFFER.advance(row.state, "withdraw")
        row.save(update_fields=["state"])
        audit.record(
            actor, "computing.offer.withdraw", row, {"state": [before["state"], row.state]}
        )
    return row


# --------------------------------------------------------------------------- capacity


def reserved(offer_ids: list[int], start: dt.datetime, windows: int) -> dict[tuple[int, int], int]:
    """Units reserved by active placements per ``(offer, window)`` from ``start``."""
    out: dict[tuple[int, int], int] = defaultdict(int)
    rows = (
        Placement.objects.filter(
            active=True,
            offer_id__in=offer_ids,
            window_start__gte=start,
            window_start__lt=start + windows * HOUR,
        )
        .values("offer_id", "window_start")
        .annotate(units=Sum("units"))
    )
    for r in rows:
        w = int((r["window_start"] - start) / HOUR)
        out[(r["offer_id"], w)] += int(r["units"])
    return out


def free_capacity(
    offers: list[Offer], start: dt.datetime, windows: int
) -> dict[int, dict[int, int]]:
    """Free units of every offer in every whole window it covers."""
    taken = reserved([o.pk for o in offers], start, windows)
    out: dict[int, dict[int, int]] = {}
    for o in offers:
        free = {}
        for w in range(windows):
            begin = start + w * HOUR
            if o.starts_at <= begin and begin + HOUR <= o.ends_at:
                left = o.units_per_hour - taken.get((o.pk, w), 0)
                if left > 0:
                    free[w] = left
        out[o.pk] = free
    return out


def job_windows(
    deadline: dt.datetime, delay_tolerant: bool, start: dt.datetime, windows: int
) -> list[int]:
    """The windows a job may run in: those that end by its deadline; one that may not
    wait only the first."""
    allowed = [w for w in range(windows) if start + (w + 1) * HOUR <= deadline]
    if not delay_tolerant:
        return allowed[:1] if allowed and allowed[0] == 0 else []
    return allowed


def _offer_in(o: Offer, free: dict[int, int], start: dt.datetime, windows: int) -> plan.OfferIn:
    c = o.cluster
    offpeak: frozenset[int] = frozenset()
    if (
        o.offpeak_price_fen is not None
        and o.offpeak_start is not None
        and o.offpeak_end is not None
    ):
        offpeak = plan.offpeak_windows(
            start, windows, o.offpeak_start, o.offpeak_end, timezone.get_default_timezone_name()
        )
    return plan.OfferIn(
        id=o.pk,
        cluster=c.code,
        cluster_zh=c.name_zh,
        provinces=tuple(c.provinces),
        role=c.hub.role,
        resource=o.resource,
        price_fen=int(o.price_fen),
        green_pct=int(o.green_pct),
        pue=float(c.pue_target),
        grid_kg=c.grid_g_per_kwh / 1000.0,
        free=free,
        offpeak_price_fen=None if o.offpeak_price_fen is None else int(o.offpeak_price_fen),
        offpeak=offpeak,
    )


def _open_offers(start: dt.datetime, windows: int) -> list[Offer]:
    return list(
        Offer.objects.filter(state="open", ends_at__gt=start, starts_at__lt=start + windows * HOUR)
        .select_related("cluster__hub")
        .order_by("pk")
    )


# --------------------------------------------------------------------------- jobs


def _voucher_problems(grant_id: int, organization: Organization) -> list[tuple[str, str]]:
    from innofield.vouchers.models import Grant

    g = Grant.objects.select_related("programme").filter(pk=grant_id).first()
    if g is None:
        return [("voucher", f"there is no voucher grant {grant_id}")]
    p = g.programme
    if g.firm_id != organization.pk:
        return [("voucher", f"grant {grant_id} was not granted to {organization.code}")]
    if p.service_kinds and "computing" not in p.service_kinds:
        covers = ", ".join(p.service_kinds)
        return [("voucher", f"programme {p.code} does not cover computing (covers: {covers})")]
    if g.status != "active":
        return [("voucher", f"grant {grant_id} is {g.status}, not active")]
    if g.expires_on < timezone.localdate():
        return [("voucher", f"grant {grant_id} expired on {g.expires_on}")]
    if g.remaining <= 0:
        return [("voucher", f"nothing is left on grant {grant_id}")]
    return []


def _capacity_problem(
    *,
    hardware: str,
    units: int,
    origin: str,
    residency: str,
    max_latency_ms: int | None,
    deadline: dt.datetime,
    delay_tolerant: bool,
    start: dt.datetime,
) -> tuple[str, str] | None:
    """Which rule leaves the job without any offer that could take it, if one does."""
    hours = max(1, min(int((deadline - start) / HOUR), int(MAX_AHEAD / HOUR)))
    offers = [o for o in _open_offers(start, hours) if o.resource == hardware]
    if not offers:
        return ("hardware", f"no provider offers {hardware} capacity now")
    offers = [
        o for o in offers if reference.residency_allows(residency, origin, o.cluster.provinces)
    ]
    if not offers:
        where = reference.provinces()[origin].name_en
        if residency == "province":
            return ("residency", f"no {hardware} offer is in {where}, where the data must stay")
        return (
            "residency",
            f"no {hardware} offer is in the {reference.zone_of(origin)} zone of {where}, "
            "where the data must stay",
        )
    if max_latency_ms is not None:
        offers = [
            o for o in offers if reference.latency_ms(origin, o.cluster.provinces) <= max_latency_ms
        ]
        if not offers:
            return (
                "max_latency_ms",
                f"every {hardware} offer allowed is more than {max_latency_ms} ms away (estimated)",
            )
    windows = job_windows(deadline, delay_tolerant, start, hours)
    free = free_capacity(offers, start, hours)
    timely = [
        o
        for o in offers
        if any(o.starts_at <= start + w * HOUR <= o.ends_at - HOUR for w in windows)
    ]
    if not timely:
        return (
            "deadline",
            f"no allowed offer has an hour window that ends by "
            f"{timezone.localtime(deadline):%Y-%m-%d %H:%M}",
        )
    best = max((free[o.pk].get(w, 0) for o in timely for w in windows), default=0)
    if best < units:
        return (
            "units",
            f"capacity: no allowed offer has {units} free units in one hour before the "
            f"deadline (at most {best})",
        )
    return None


def submit_job(
    *,
    actor: Actor,
    organization: Organization,
    title: str,
    hardware: str,
    units: int,
    data_province: str,
    deadline: dt.datetime,
    residency: str = "none",
    delay_tolerant: bool = True,
    max_latency_ms: int | None = None,
    voucher: int | None = None,
    synthetic: bool = False,
) -> ComputeJob:
    """Submit a computing job for ``organization``; refused, naming the field, when no open
    offer could ever take it (hardware, residency, latency, deadline, capacity) or the
    voucher does not apply."""
    require_member(actor, organization, "create")
    start = horizon_start()
    problems: list[tuple[str, str]] = []
    if not title.strip():
        problems.append(("title", "is required"))
    if hardware not in reference.RESOURCES:
        problems.append(("hardware", f"must be one of {', '.join(reference.RESOURCES)}"))
    if not 1 <= units <= MAX_UNITS:
        problems.append(("units", f"must be 1-{MAX_UNITS}"))
    if data_province not in reference.provinces():
        problems.append(("data_province", f"no province {data_province!r}"))
    if residency not in reference.RESIDENCY:
        problems.append(("residency", f"must be one of {', '.join(reference.RESIDENCY)}"))
    if max_latency_ms is not None and not 1 <= max_latency_ms <= 10_000:
        problems.append(("max_latency_ms", "must be 1-10000 ms"))
    if deadline < start + HOUR:
        problems.append(
            (
                "deadline",
                "must leave one whole hour window: the earliest is "
                f"{timezone.localtime(start + HOUR):%Y-%m-%d %H:%M}",
            )
        )
    elif deadline - start > MAX_AHEAD:
        problems.append(("deadline", "may be at most a year ahead"))
    if voucher is not None:
        problems += _voucher_problems(voucher, organization)
    if not problems:
        found = _capacity_problem(
            hardware=hardware,
            units=units,
            origin=data_province,
            residency=residency,
            max_latency_ms=max_latency_ms,
            deadline=deadline,
            delay_tolerant=delay_tolerant,
            start=start,
        )
        if found:
            problems.append(found)
    if problems:
        raise ValidationFailed([FieldError(f, r) for f, r in problems])
    with transaction.atomic():
        row = ComputeJob.objects.create(
            organization=organization,
            submitted_by_id=actor.pk if actor is not None and actor.is_authenticated else None,
            title=title.strip(),
            hardware=hardware,
            units=units,
            data_province=data_province,
            residency=residency,
            deadline=deadline,
            delay_tolerant=delay_tolerant,
            max_latency_ms=max_latency_ms,
            voucher_id=voucher,
            state=JOB.start("submit"),
            synthetic=synthetic,
        )
        audit.record(actor, "computing.job.submit", row, after=audit.snapshot(row))
    return row


# --------------------------------------------------------------------------- runs


def run_allocation(
    *,
    actor: Actor,
    objective: str = "weighted",
    windows: int = 24,
    time_limit: float = 5.0,
    job_id: int | None = None,
    now: dt.datetime | None = None,
    progress: Any = None,
    started_by: Actor = None,
) -> AllocationRun:
    """Place every submitted job on the open offers' free capacity for the next
    ``windows`` hours and reserve it. The solver works outside any transaction; the
    result is applied in one, re-checking that each job is still submitted and its
    capacity still free (a placement that no longer fits is left for the next run).

    The background job runs it as the system (``actor=None``) on behalf of the user who
    started it (``started_by``): a run places every organisation's jobs."""
    who = started_by if started_by is not None else actor
    released = _release_unaccepted(actor, horizon_start(now))
    start = horizon_start(now)
    if progress:
        progress(0, 3, "reading open jobs and offers")
    offers = _open_offers(start, windows)
    free = free_capacity(offers, start, windows)
    open_jobs = list(ComputeJob.objects.filter(state="submitted").order_by("created", "pk"))
    jobs_in = [
        plan.JobIn(
            id=j.pk,
            origin=j.data_province,
            units=j.units,
            hardware=j.hardware,
            residency=j.residency,
            max_latency_ms=j.max_latency_ms,
            windows=job_windows(j.deadline, j.delay_tolerant, start, windows),
        )
        for j in open_jobs
    ]
    if progress:
        progress(1, 3, f"solving {len(jobs_in)} jobs on {len(offers)} offers")
    outcome = plan.solve(
        jobs_in,
        [_offer_in(o, free[o.pk], start, windows) for o in offers],
        objective=objective,
        time_limit=time_limit,
    )
    if progress:
        progress(2, 3, "reserving capacity")
    with transaction.atomic():
        locked = {
            o.pk: o for o in Offer.objects.select_for_update().filter(pk__in=[o.pk for o in offers])
        }
        taken = reserved(list(locked), start, windows)
        run = AllocationRun.objects.create(
            job_id=job_id,
            started_by_id=who.pk if who is not None and who.is_authenticated else None,
            objective=objective,
            horizon_start=start,
            windows=windows,
            jobs_open=len(open_jobs),
            status=outcome.status,
            objective_value=outcome.objective,
            bound=outcome.bound,
            gap=outcome.gap,
            seconds=outcome.seconds,
            totals=outcome.totals,
        )
        placed = 0
        by_pk = {
            j.pk: j
            for j in ComputeJob.objects.select_for_update().filter(pk__in=[j.pk for j in open_jobs])
        }
        for job_pk, choice in outcome.chosen.items():
            job = by_pk.get(job_pk)
            offer = locked.get(choice.offer)
            if job is None or job.state != "submitted" or offer is None or offer.state != "open":
                continue
            key = (offer.pk, choice.window)
            if taken.get(key, 0) + job.units > offer.units_per_hour:
                job.note = "capacity"
                job.save(update_fields=["note"])
                continue
            taken[key] = taken.get(key, 0) + job.units
            Placement.objects.create(
                run=run,
                compute_job=job,
                offer=offer,
                window_start=start + choice.window * HOUR,
                units=job.units,
                price_fen=choice.price_fen,
                offpeak=choice.offpeak,
                amount_fen=choice.money_fen,
                carbon_g=choice.carbon_g,
                latency_ms=choice.latency_ms,
                explanation=outcome.explanations.get(job_pk, {}),
            )
            old, job.state = job.state, JOB.advance(job.state, "place")
            job.note = ""
            job.save(update_fields=["state", "note"])
            audit.record(
                actor,
                "computing.job.place",
                job,
                {
                    "state": [old, job.state],
                    "run": run.pk,
                    "price_fen": choice.price_fen,
                    "offpeak": choice.offpeak,
                },
            )
            placed += 1
        for job_pk, reason in outcome.unplaced.items():
            job = by_pk.get(job_pk)
            if job is not None and job.state == "submitted" and job.note != reason:
                job.note = reason
                job.save(update_fields=["note"])
        run.placed = placed
        run.save(update_fields=["placed"])
        audit.record(
            actor,
            "computing.run.apply",
            run,
            {
                "jobs": len(open_jobs),
                "placed": placed,
                "released": released,
                "status": outcome.status,
                "totals": outcome.totals,
            },
        )
    if progress:
        progress(3, 3, f"placed {placed} of {len(open_jobs)}")
    return run


def _release_unaccepted(actor: Actor, start: dt.datetime) -> int:
    """Put jobs whose placement was not accepted before its hour began back in the queue
    (note ``expired``), releasing the capacity; returns how many."""
    n = 0
    with transaction.atomic():
        stale = (
            Placement.objects.select_for_update(of=("self",))
            .select_related("compute_job")
            .filter(active=True, compute_job__state="placed", window_start__lt=start)
        )
        for p in stale:
            job = p.compute_job
            p.active = False
            p.save(update_fields=["active"])
            old, job.state = job.state, JOB.advance(job.state, "reject")
            job.note = "expired"
            job.save(update_fields=["state", "note"])
            audit.record(
                actor,
                "computing.job.reject",
                job,
                {"state": [old, job.state], "released": p.pk, "reason": "not accepted in time"},
            )
            n += 1
    return n


# --------------------------------------------------------------------------- lifecycle


def _require_meterer(actor: Actor, job: ComputeJob, provider_id: int) -> None:
    if is_platform_admin(actor):
        return
    ids = set(organization_ids(actor, "change"))
    if job.organization_id in ids or provider_id in ids:
        return
    require(actor, "change", job)  # raises, naming the rule


def transition(*, actor: Actor, job_id: int, move: str) -> ComputeJob:
    """``accept`` / ``reject`` / ``cancel`` a placement (the job's organisation),
    ``meter`` its run (the job's organisation or the provider; a simulated meter that
    reads the reserved units), ``settle`` the metered usage (who may pay for the job's
    organisation)."""
    if move not in (*OWNER_MOVES, METER):
        raise ValidationFailed.single("transition", f"unknown computing job transition {move!r}")
    with transaction.atomic():
        job = get_visible(
            ComputeJob.objects.select_for_update(of=("self",)).select_related("organization"),
            job_id,
            "computing job",
        )
        placement = (
            Placement.objects.select_related("offer__provider", "offer__cluster")
            .filter(compute_job=job, active=True)
            .first()
        )
        if move == METER:
            _require_meterer(actor, job, placement.offer.provider_id if placement else -1)
        else:
            require(actor, "change", job)
        before = audit.snapshot(job)
        old, job.state = job.state, JOB.advance(job.state, move)
        changes: dict[str, Any] = {"state": [old, job.state]}
        if move in ("reject", "cancel") and placement is not None:
            placement.active = False
            placement.save(update_fields=["active"])
            changes["released"] = placement.pk
        if move == METER:
            assert placement is not None  # accepted jobs have one
            usage = Usage.objects.create(
                compute_job=job,
                placement=placement,
                organization=job.organization,
                provider=placement.offer.provider,
                units=placement.units,
                amount_fen=placement.amount_fen,
                carbon_g=placement.carbon_g,
                metered_at=timezone.now(),
                synthetic=job.synthetic,
            )
            changes["usage"] = {
                "id": usage.pk,
                "units": usage.units,
                "amount_fen": usage.amount_fen,
            }
        if move == "settle":
            changes.update(_settle(actor, job))
        job.save(update_fields=["state"])
        audit.record(
            actor, f"computing.job.{move}", job, changes, before=before, after=audit.snapshot(job)
        )
    return job


def voucher_mode(modes: list[str] | tuple[str, ...]) -> str:
    """How a computing voucher pays: ``direct`` (the programme pays the provider its share,
    the firm the rest) where the programme allows it, else ``reimburse`` (the firm pays in
    full and gets the share back)."""
    return "direct" if "direct" in modes else "reimburse"


def _redeem(actor: Actor, job: ComputeJob, usage: Usage, mode: str) -> Any:
    from innofield.vouchers import actions as voucher_actions

    assert job.voucher_id is not None
    try:
        return voucher_actions.redeem(
            actor=actor,
            key=f"computing:usage:{usage.pk}",
            grant_id=job.voucher_id,
            provider=usage.provider,
            price=None,
            service_kind="computing",
            evidence=f"computing:{usage.pk}",
            mode=mode,
            synthetic=job.synthetic,
        )
    except ValidationFailed as exc:
        raise ValidationFailed(
            [FieldError("voucher", f"{e.field}: {e.reason}") for e in exc.errors]
        ) from None


def _settle(actor: Actor, job: ComputeJob) -> dict[str, Any]:
    """Pay the metered usage and redeem the job's voucher against it (same transaction).

    ``direct`` voucher: the usage is settled first (it is the evidence), the programme pays
    the provider its share and the firm pays the rest; ``reimburse``: the firm pays in full
    and the programme pays the share back to it."""
    usage = Usage.objects.select_for_update().select_related("provider").get(compute_job=job)
    debit, credit = organization_account(job.organization), organization_account(usage.provider)
    if not Account.objects.filter(code=debit).exists():
        raise Conflict(
            f"{job.organization.code} has no ledger account {debit}; open and fund it "
            "before settling computing usage"
        )
    ledger_engine.ensure_organization_account(actor, usage.provider)
    mode = ""
    if job.voucher_id is not None:
        from innofield.vouchers.models import Grant

        grant = Grant.objects.select_related("programme").get(pk=job.voucher_id)
        mode = voucher_mode(grant.programme.modes or [])
    usage.settled_at, usage.voucher_mode = timezone.now(), mode
    usage.save(update_fields=["settled_at", "voucher_mode"])
    out: dict[str, Any] = {}
    if mode == "direct":
        r = _redeem(actor, job, usage, mode)
        usage.redemption_id, usage.subsidy_fen = r.pk, int(r.subsidy)
    due = usage.amount_fen - usage.subsidy_fen
    key = f"computing:usage:{usage.pk}"
    if due > 0:
        try:
            ledger_actions.pay(
                actor=actor,
                key=key,
                debit=debit,
                credit=credit,
                amount=due,
                memo=f"computing usage {usage.pk}: job {job.pk} {job.title}"[:500],
            )
        except ValidationFailed as exc:
            raise ValidationFailed(
                [
                    FieldError("amount", f"{format_yuan(due)} cannot be paid: {e.reason}")
                    for e in exc.errors
                ]
            ) from None
        usage.transfer_key = key
    if mode == "reimburse":
        r = _redeem(actor, job, usage, mode)
        usage.redemption_id, usage.subsidy_fen = r.pk, int(r.subsidy)
    usage.save(update_fields=["transfer_key", "redemption_id", "subsidy_fen"])
    out.update({"paid": due, "transfer_key": usage.transfer_key})
    if mode:
        out.update({"voucher_mode": mode, "redemption": r.pk, "subsidy": usage.subsidy_fen})
    return out


def start_run(
    *,
    actor: Actor,
    objective: str = "weighted",
    windows: int = 24,
    time_limit: float = 5.0,
    background: bool = True,
) -> Any:
    """Put an allocation run on the platform's job queue; returns the ``jobs.Job``."""
    from innofield.jobs import actions as jobs_actions

    return jobs_actions.submit(
        "computing.allocate",
        {"objective": objective, "windows": windows, "time_limit": time_limit},
        actor=actor,
        background=background,
    )
