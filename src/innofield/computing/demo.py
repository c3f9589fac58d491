"""Demo computing records (synthetic, deterministic from the seed): four synthetic
computing providers and demo-lab's SKL-0001 publish GPU, CPU and storage capacity at the
10 clusters, priced from a base rate plus the cluster's (synthetic) electricity cost,
three of them with an off-peak tariff (idle night or midday hours at 50-70 % of the
price, so jobs that may wait shift into them);
Jiangsu issues computing vouchers (算力券, synthetic) to SMEs; firms in the east submit
jobs; one allocation run places them; some are accepted, metered and settled, demo-firm's
FIRM-0001 partly with its computing voucher. Every record is marked synthetic."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from innofield.core.errors import InnofieldError
from innofield.ledger import engine
from innofield.ledger.models import Account
from innofield.registry.models import Organization, Region

from . import actions, reference
from .models import Cluster, ComputeJob

Progress = Callable[[str, int, int], None]
PROVIDERS = [  # code, name_zh, name_en, province, clusters
    ("CP-0001", "中卫云算力有限公司", "Zhongwei Cloud Computing Co.", "640000", ["ZW", "QY"]),
    ("CP-0002", "贵安算力服务有限公司", "Gui'an Computing Services Co.", "520000", ["GA", "CQ"]),
    ("CP-0003", "和林格尔智算中心", "Horinger AI Computing Centre", "150000", ["HLGE", "ZJK"]),
    (
        "CP-0004",
        "长三角智算服务有限公司",
        "Yangtze Delta AI Computing Co.",
        "310000",
        ["YRD", "WH"],
    ),
    ("CP-0005", "粤北算力有限公司", "North Guangdong Computing Co.", "440000", ["SG", "TF"]),
]
#: base price per unit before energy, fen (synthetic)
BASE_FEN = {"gpu": 600, "cpu": 3, "storage": 40}
#: providers that sell idle hours cheaper (闲时算力): share of the normal price and the
#: daily off-peak hours, Beijing time (synthetic, like every demo offer; the hours echo
#: the night and midday valleys of time-of-use power tariffs, not any province's table).
#: Two ranges, so that whenever the demo is loaded some job that may wait can shift.
OFFPEAK = {
    "CP-0001": (0.5, dt.time(22, 0), dt.time(8, 0)),
    "CP-0002": (0.7, dt.time(11, 0), dt.time(15, 0)),
    "CP-0004": (0.6, dt.time(22, 0), dt.time(8, 0)),
}
EXTERNAL = "ext:demo-computing"


def _provider(code: str, zh: str, en: str, province: str) -> Organization:
    return Organization.objects.get_or_create(
        code=code,
        defaults={
            "name_zh": f"{zh}（合成）",
            "name_en": f"{en} (synthetic)",
            "type": "large_enterprise",
            "region": Region.objects.get(code=province),
            "synthetic": True,
        },
    )[0]


def _price(resource: str, cluster: Cluster, rng: random.Random) -> int:
    energy = reference.KWH_PER_UNIT[resource] * cluster.pue_target * cluster.electricity_fen_per_kwh
    return max(1, round(BASE_FEN[resource] * rng.uniform(0.9, 1.2) + energy))


def _offers(admin: Any, rng: random.Random, now: dt.datetime) -> int:
    n = 0
    start, end = now - dt.timedelta(hours=1), now + dt.timedelta(days=14)
    sites = [(p, c) for p in PROVIDERS for c in p[4]]
    lab = Organization.objects.filter(code="SKL-0001").first()
    for (code, zh, en, province, _clusters), cluster_code in sites:
        org = _provider(code, zh, en, province)
        cluster = Cluster.objects.get(code=cluster_code)
        west = cluster.hub.role == "west"
        for resource in ("gpu", "cpu", "storage"):
            if resource == "storage" and not west:
                continue
            units = {"gpu": 160, "cpu": 20_000, "storage": 500}[resource]
            units = int(units * (1.5 if west else 0.6) * rng.uniform(0.8, 1.2))
            price = _price(resource, cluster, rng)
            share, off_from, off_to = OFFPEAK.get(code, (None, None, None))
            actions.publish_offer(
                actor=admin,
                provider=org,
                cluster=cluster,
                resource=resource,
                units_per_hour=units,
                price_fen=price,
                green_pct=rng.randint(30, 60) if west else rng.randint(5, 25),
                starts_at=start,
                ends_at=end,
                offpeak_price_fen=None if share is None else max(1, round(price * share)),
                offpeak_start=off_from,
                offpeak_end=off_to,
                synthetic=True,
            )
            n += 1
    if lab is not None:  # demo-lab's state key lab rents out its GPU cluster time too
        actions.publish_offer(
            actor=admin,
            provider=lab,
            cluster=Cluster.objects.get(code="ZJK"),
            resource="gpu",
            units_per_hour=48,
            price_fen=_price("gpu", Cluster.objects.get(code="ZJK"), rng),
            green_pct=20,
            starts_at=start,
            ends_at=end,
            synthetic=True,
        )
        n += 1
    return n


def _external(admin: Any) -> None:
    if not Account.objects.filter(code=EXTERNAL).exists():
        engine.open_account(
            actor=admin, code=EXTERNAL, name="outside world (computing demo)", kind="external"
        )


def _fund(admin: Any, org: Organization, amount: int) -> None:
    _external(admin)
    code = engine.ensure_organization_account(admin, org)
    engine.transfer(
        actor=admin,
        key=f"demo:computing:fund:{org.code}",
        debit=EXTERNAL,
        credit=code,
        amount=amount,
        memo="demo funding for computing (synthetic)",
    )


def _programme(admin: Any, today: dt.date) -> Any:
    """Jiangsu's computing vouchers (synthetic): 30 % of metered usage, paid to the
    provider directly (the firm pays the rest)."""
    from innofield.vouchers import actions as vouchers
    from innofield.vouchers.models import Programme

    gov = Organization.objects.filter(code="GOV-320000").first()
    region = Region.objects.filter(code="320000").first()
    if gov is None or region is None:
        return None
    budget = vouchers.open_region_accounts(actor=admin, region=region, government=gov)
    engine.transfer(
        actor=admin,
        key="demo:computing:budget:320000",
        debit=EXTERNAL,
        credit=budget,
        amount=200_000_000,
        memo="computing voucher budget (synthetic)",
    )
    code = f"JS-CP-{today.year}"
    if Programme.objects.filter(code=code).exists():
        return Programme.objects.get(code=code)
    return vouchers.create_programme(
        actor=admin,
        code=code,
        name="江苏省算力券 Jiangsu computing vouchers (synthetic)",
        issuer_region=region,
        officer_org=gov,
        budget=100_000_000,
        co_funding_bp=3_000,
        cap_per_firm_year=5_000_000,
        max_per_contract=2_000_000,
        split_window_days=30,
        valid_from=dt.date(today.year, 1, 1),
        valid_to=dt.date(today.year + 1, 6, 30),
        eligible_org_types=["sme", "specialized_sme"],
        service_kinds=["computing"],
        modes=["direct", "reimburse"],
        synthetic=True,
    )


def load_demo(*, seed: int, progress: Progress | None = None) -> dict[str, int]:
    """Create the demo's computing records; returns counts."""
    from innofield.vouchers import actions as vouchers

    rng = random.Random(seed + 17)
    admin = get_user_model().objects.get(username="demo-admin")
    now = timezone.now()
    today = timezone.localdate()
    actions.sync_reference(actor=admin)
    _external(admin)
    offers = _offers(admin, rng, now)
    programme = _programme(admin, today)
    firms = list(
        Organization.objects.filter(code__startswith="FIRM-", region__zone="east").order_by("code")[
            :24
        ]
    )
    demo_firm = Organization.objects.filter(code="FIRM-0001").first()
    if demo_firm is not None and demo_firm not in firms:
        firms.insert(0, demo_firm)
    grants: dict[int, int] = {}
    for firm in firms[:8]:
        if programme is None:
            break
        with contextlib.suppress(InnofieldError):  # large firms are not eligible
            g = vouchers.grant(
                actor=admin,
                key=f"demo:computing:{firm.code}",
                programme_id=programme.pk,
                firm=firm,
                amount=1_000_000,
                synthetic=True,
            )
            grants[firm.pk] = g.pk
    for firm in firms[:8]:
        _fund(admin, firm, 5_000_000)
    jobs = []
    kinds = [("gpu", 8, 72), ("cpu", 500, 6000), ("storage", 20, 200)]
    for n, firm in enumerate(firms):
        for k in range(2):
            hardware, lo, hi = kinds[(n + k) % 3] if k else kinds[0]
            residency = rng.choices(["none", "zone", "province"], weights=[7, 2, 1])[0]
            if residency == "province" and firm.region.code not in ("310000", "320000", "330000"):
                residency = "zone"
            tolerant = rng.random() < 0.7
            if firm.code == "FIRM-0001" and k == 0:  # demo-firm's voucher story
                residency, tolerant = "none", True
            try:
                jobs.append(
                    actions.submit_job(
                        actor=admin,
                        organization=firm,
                        title=f"{firm.attributes.get('sector', 'R&D')} {hardware} batch {k + 1}",
                        hardware=hardware,
                        units=rng.randint(lo, hi),
                        data_province=firm.region.code,
                        residency=residency,
                        deadline=now + dt.timedelta(hours=rng.randint(4, 20)),
                        delay_tolerant=tolerant,
                        voucher=grants.get(firm.pk) if k == 0 else None,
                        synthetic=True,
                    )
                )
            except InnofieldError:
                continue  # refusals (no offer meets the job's rules) are part of the demo
    if progress:
        progress("computing jobs", len(jobs), len(jobs))
    run = actions.run_allocation(actor=admin, time_limit=5.0)
    settled = 0
    for job in ComputeJob.objects.filter(state="placed").order_by("pk"):
        funded = job.organization_id in {f.pk for f in firms[:8]}
        if job.organization.code == "FIRM-0001" and job.voucher_id is None:
            continue  # left for demo-firm to accept in the browser
        demo_voucher = job.organization.code == "FIRM-0001" and job.voucher_id is not None
        if not demo_voucher and (not funded or rng.random() < 0.3):
            continue
        steps = ["accept", "meter", "settle"] if demo_voucher or rng.random() < 0.8 else ["accept"]
        try:
            for move in steps:
                actions.transition(actor=admin, job_id=job.pk, move=move)
            settled += steps[-1] == "settle"
        except InnofieldError as exc:
            if demo_voucher:
                raise RuntimeError(f"{job} {exc}") from exc
    return {
        "computing_offers": offers,
        "computing_jobs": len(jobs),
        "computing_placed": run.placed,
        "computing_settled": settled,
    }
