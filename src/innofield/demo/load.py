"""The demo data set: real regions, labs, abstracts and panels plus marked synthetic records.

Sources (see ``data/README.md``): the 31 provinces (GB/T 2260 codes), the 509 State
Key Laboratories and the provincial statistics panels (huhuaping/techme, MIT), the
5,183 SciFact abstracts (CC BY-NC 2.0) as research achievements, and synthetic
firms, instruments, services and demands generated from seed 20261124.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import importlib
import io
import json
import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from innofield.catalog.models import Demand, Item
from innofield.core import audit
from innofield.registry.models import Alliance, Membership, Organization, Person, Region
from innofield.stats.loaders import load_china_panels

from . import synthetic
from .fields import AREA_FIELDS, classify_abstract

DATA = Path(__file__).parent / "data"
SEED = 20261124
DEMO_USERS = {
    "demo-admin": ("platform admin", None, "admin"),
    "demo-firm": ("an SME that publishes needs", "FIRM-0001", "manager"),
    "demo-lab": ("a state key lab that runs instruments", "SKL-0001", "manager"),
    "demo-gov": ("a provincial S&T bureau", "GOV-320000", "officer"),
}
ALLIANCES = [
    (
        "YRD",
        "长三角科技创新共同体",
        "Yangtze River Delta S&T Innovation Community",
        ["310000", "320000", "330000", "340000"],
    ),
    (
        "JJJ",
        "京津冀协同创新共同体",
        "Beijing–Tianjin–Hebei Collaborative Innovation Community",
        ["110000", "120000", "130000"],
    ),
    (
        "CY",
        "成渝地区双城经济圈",
        "Chengdu–Chongqing Twin-City Economic Circle",
        ["500000", "510000"],
    ),
    ("GBA", "粤港澳大湾区", "Guangdong–Hong Kong–Macao Greater Bay Area", ["440000"]),
]
Progress = Callable[[str, int, int], None]
#: Apps that add their own demo records after the base data set, in this order.
#: Each may define ``innofield.<app>.demo.load_demo(*, seed, progress) -> dict[str, int]``.
CAPABILITY_DEMOS = (
    "matchmaking",
    "booking",
    "ledger",
    "vouchers",
    "market",
    "dashboards",
    "talent",
    "consortia",
    "computing",
    "policies",
    "challenges",
    "alliances",
    "registry",
)


def _csv(name: str) -> list[dict[str, str]]:
    with (
        gzip.open(DATA / name, "rt", encoding="utf-8")
        if name.endswith(".gz")
        else open(DATA / name, encoding="utf-8") as fh
    ):
        return list(csv.DictReader(fh))


def _stable(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16)


def _regions() -> dict[str, Region]:
    country = Region.objects.create(code="CN", level="country", name_zh="中国", name_en="China")
    out = {"全国": country}
    for row in _csv("provinces.csv"):
        out[row["short_zh"]] = Region.objects.create(
            code=row["code"],
            level="province",
            parent=country,
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            zone=row["zone"],
            attributes={"short_zh": row["short_zh"]},
        )
    for code, zh, en, members in ALLIANCES:
        alliance = Alliance.objects.create(code=code, name_zh=zh, name_en=en)
        alliance.regions.set(Region.objects.filter(code__in=members))
    return out


def _host_type(name: str) -> str:
    if "大学" in name or "学院" in name:
        return "university"
    if "公司" in name or "集团" in name:
        return "large_enterprise"
    if "医院" in name:
        return "public_institution"
    return "research_institute"


def _labs(regions: dict[str, Region]) -> list[Organization]:
    hosts: dict[str, Organization] = {}
    labs: list[Organization] = []
    seen: set[tuple[str, str]] = set()
    for row in _csv("labs/PubSKLMost.csv.gz"):
        key = (row["name"], row["institution"])
        if key in seen or row["province"] not in regions:
            continue
        seen.add(key)
        region = regions[row["province"]]
        host_name = row["institution"].strip()
        if host_name and host_name not in hosts:
            hosts[host_name] = Organization.objects.create(
                code=f"HOST-{len(hosts) + 1:04d}",
                name_zh=host_name,
                type=_host_type(host_name),
                region=region,
                attributes={"source": "PubSKLMost"},
            )
        field = AREA_FIELDS.get(row["area"], "general")
        labs.append(
            Organization(
                code=f"SKL-{len(labs) + 1:04d}",
                name_zh=row["name"],
                type="state_key_lab",
                region=region,
                host=hosts.get(host_name),
                fields=[field],
                flags=[row["type"].lower()],
                attributes={
                    "area_zh": row["area"],
                    "administrator": row["administrator"],
                    "listed_year": row["year"],
                    "source": "PubSKLMost",
                },
            )
        )
    return Organization.objects.bulk_create(labs)


def _governments_and_firms(regions: dict[str, Region], rng: random.Random) -> list[Organization]:
    orgs = []
    for region in regions.values():
        if region.level != "province":
            continue
        orgs.append(
            Organization(
                code=f"GOV-{region.code}",
                type="government",
                region=region,
                name_zh=f"{region.name_zh}科学技术厅",
                name_en=f"{region.name_en} Department of Science and Technology",
            )
        )
        orgs.append(
            Organization(
                code=f"TTC-{region.code}",
                type="service_agency",
                region=region,
                synthetic=True,
                name_zh=f"{region.name_zh}技术转移中心",
                name_en=f"{region.name_en} Technology Transfer Centre",
            )
        )
    provinces = [r for r in regions.values() if r.level == "province"]
    weights = [5 if r.zone == "east" else 2 for r in provinces]
    for n in range(1, 201):
        f = synthetic.firm(rng, n)
        region = (
            provinces[9] if n == 1 else rng.choices(provinces, weights)[0]
        )  # demo-firm: Jiangsu
        orgs.append(
            Organization(
                code=f"FIRM-{n:04d}",
                type=f.type,
                region=region,
                synthetic=True,
                name_zh=f.name_zh,
                name_en=f.name_en,
                fields=[f.field],
                attributes={"sector": f.sector_en},
            )
        )
    for n, (zh, en) in enumerate(
        [("科技银行", "Technology Bank"), ("科创投资基金", "Innovation Fund")] * 5, 1
    ):
        region = rng.choice(provinces)
        orgs.append(
            Organization(
                code=f"FIN-{n:04d}",
                type="financial_institution",
                region=region,
                synthetic=True,
                name_zh=f"{region.name_zh}{zh}{n}",
                name_en=f"{region.name_en} {en} {n} (synthetic)",
            )
        )
    return Organization.objects.bulk_create(orgs)


def _abstract_items(labs: list[Organization], progress: Progress | None) -> int:
    by_field: dict[str, list[Organization]] = {}
    for lab in labs:
        by_field.setdefault(lab.fields[0], []).append(lab)
    with gzip.open(DATA / "scifact_corpus.jsonl.gz", "rt", encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh]
    items = []
    for doc in docs:
        field = classify_abstract(doc["title"] + " " + doc["text"])
        pool = by_field.get(field) or by_field["biology"]
        lab = pool[_stable(doc["_id"]) % len(pool)]
        items.append(
            Item(
                kind="technology",
                title=doc["title"][:300],
                description=doc["text"],
                owner=lab,
                region=lab.region,
                trl=2 + _stable("trl" + doc["_id"]) % 3,
                keywords=[],
                classification=[field],
                external_id=f"scifact:{doc['_id']}",
                source="SciFact corpus (CC BY-NC 2.0)",
                details={
                    "ip_status": "publication",
                    "patent_numbers": [],
                    "trade_modes": ["license", "development"],
                    "field": field,
                    "doi": "",
                    # the abstract is real; who owns it, how ready it is and how it trades
                    # were assigned for the demo
                    "synthetic_fields": ["owner", "trl", "ip_status", "trade_modes"],
                },
            )
        )
    for start in range(0, len(items), 1000):
        Item.objects.bulk_create(items[start : start + 1000])
        if progress:
            progress("technology items", min(start + 1000, len(items)), len(items))
    return len(items)


def _instruments_and_services(
    labs: list[Organization], agencies: list[Organization], rng: random.Random
) -> int:
    items = []
    for lab in labs:
        templates = synthetic.INSTRUMENTS.get(lab.fields[0], synthetic.INSTRUMENTS["general"])
        for category, zh, en, makers, (lo, hi) in rng.sample(
            templates, k=min(len(templates), rng.randint(1, 3))
        ):
            maker = rng.choice(makers)
            value = rng.randint(lo, hi) * 10_000
            items.append(
                Item(
                    kind="instrument",
                    title=f"{en} ({maker}) · {zh}",
                    owner=lab,
                    region=lab.region,
                    description=(
                        f"{zh}，型号 {maker}，面向校内外开放共享。"
                        f"{en} {maker}, open to external users by booking."
                    ),
                    keywords=[category.replace("_", " "), en.lower()],
                    classification=[category],
                    price_fen=int(max(100, round(value / 20_000, -1))) * 100,
                    price_unit="CNY/hour",
                    terms="Academic and cross-region tiers; booking through the platform.",
                    details={
                        "category": category,
                        "manufacturer": maker.split()[0],
                        "model": maker,
                        "purchase_year": rng.randint(2012, 2024),
                        "value_cny": float(value),
                        "location": lab.name_zh,
                        "capabilities": [],
                    },
                    trl=9,
                    synthetic=True,
                    source="synthetic (seed 20261124)",
                )
            )
    for org in agencies:
        for kind, zh, en in rng.sample(synthetic.SERVICES, k=3):
            items.append(
                Item(
                    kind="service",
                    title=f"{en} · {zh}",
                    owner=org,
                    region=org.region,
                    description=f"{org.name_zh}提供{zh}。{org.name_en} offers {en.lower()}.",
                    keywords=[kind.replace("_", " ")],
                    price_fen=rng.choice([2000, 5000, 10000, 20000]) * 100,
                    price_unit="CNY/engagement",
                    details={
                        "service_type": kind,
                        "turnaround_days": rng.randint(5, 60),
                        "accreditation": [],
                    },
                    synthetic=True,
                    source="synthetic (seed 20261124)",
                )
            )
    Item.objects.bulk_create(items)
    return len(items)


def _demands(firms: list[Organization], regions: dict[str, Region], rng: random.Random) -> int:
    with gzip.open(DATA / "scifact_claims.jsonl.gz", "rt", encoding="utf-8") as fh:
        claims = [json.loads(line) for line in fh]
    demands = []
    provinces = [r for r in regions.values() if r.level == "province"]
    for n, claim in enumerate(claims):
        firm = firms[n % len(firms)]
        demands.append(
            Demand(
                kind="technology",
                title=claim["text"][:300],
                owner=firm,
                region=firm.region,
                description=f"Technology need: {claim['text']}",
                budget_fen=rng.choice([200_000, 500_000, 1_000_000, 3_000_000]) * 100,
                details={
                    "target_trl": rng.randint(3, 7),
                    "cooperation": ["license", "joint_development"],
                },
                external_id=f"scifact-claim:{claim['_id']}",
                synthetic=True,
            )
        )
    for n, firm in enumerate(firms[:120]):
        kind = ["instrument", "finance", "talent"][n % 3]
        title = {
            "instrument": f"Need measurements for {firm.attributes['sector']} samples",
            "finance": f"Working-capital credit line for a {firm.attributes['sector']} SME",
            "talent": f"Senior R&D engineer in {firm.attributes['sector']}",
        }[kind]
        details: dict[str, Any] = {  # type: ignore[assignment]
            "instrument": {"samples": rng.randint(5, 200), "hours": float(rng.randint(4, 80))},
            "finance": {"instrument": "credit_line"},
            "talent": {"positions": rng.randint(1, 4), "fields": firm.fields},
        }[kind]
        demands.append(
            Demand(
                kind=kind,
                title=title,
                owner=firm,
                region=firm.region,
                details=details,
                synthetic=True,
                description=f"{firm.name_zh} ({firm.name_en}): {title}.",
                budget_fen=rng.choice([50_000, 100_000, 2_000_000]) * 100,
            )
        )
    created = Demand.objects.bulk_create(demands)
    for d in created[::7]:
        d.preferred_regions.add(rng.choice(provinces))
    return len(created)


def _users(password: str) -> None:
    User = get_user_model()
    for username, (about, org_code, role) in DEMO_USERS.items():
        user = User.objects.create_user(username, password=password, first_name=about[:150])
        if role == "admin":
            user.is_superuser = user.is_staff = True
            user.save()
        if org_code:
            Membership.objects.create(
                user=user, organization=Organization.objects.get(code=org_code), role=role
            )


def _experts(labs: list[Organization], rng: random.Random) -> None:
    family = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
    given = list("伟芳娜敏静强磊军洋勇艳杰涛明超秀霞平刚华")
    people = [
        Person(
            name_zh=rng.choice(family) + rng.choice(given) + rng.choice(given),
            organization=lab,
            title=rng.choice(["研究员", "教授", "副研究员", "高级工程师"]),
            fields=lab.fields,
            synthetic=True,
        )
        for lab in labs
        for _ in range(rng.randint(0, 2))
    ]
    Person.objects.bulk_create(people)


def load_demo(*, actor: Any = None, progress: Progress | None = None) -> dict[str, int]:
    """Load the demo data set into an empty database; return counts of what was created."""
    if Region.objects.exists():
        raise RuntimeError(
            "the database already holds regions; load the demo into an empty database"
        )
    rng = random.Random(SEED)
    password = os.environ.get("INNOFIELD_DEMO_PASSWORD", "innofield-demo")
    with transaction.atomic():
        regions = _regions()
        labs = _labs(regions)
        others = _governments_and_firms(regions, rng)
        firms = [o for o in others if o.code.startswith("FIRM-")]
        agencies = [o for o in others if o.code.startswith("TTC-")]
        _experts(labs, rng)
        counts = {"regions": len(regions), "organizations": Organization.objects.count()}
        counts["technology"] = _abstract_items(labs, progress)
        counts["instruments_services"] = _instruments_and_services(labs, agencies, rng)
        counts["demands"] = _demands(firms, regions, rng)
        _users(password)
        audit.record(
            actor, "demo.load", None, counts, object_type="demo", object_repr="demo data set"
        )
    panels = load_china_panels(
        DATA / "china_provinces",
        actor=None,
        progress=(lambda d, t: progress("statistics", d, t)) if progress else None,
    )
    counts["stat_values"] = panels["values"]
    for app in CAPABILITY_DEMOS:
        try:
            module = importlib.import_module(f"innofield.{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"innofield.{app}.demo":
                raise
            continue
        counts.update(module.load_demo(seed=SEED, progress=progress))
    _refresh_planner_statistics()
    return counts


def _refresh_planner_statistics() -> None:
    """``ANALYZE`` after the bulk load: with the statistics of the empty tables PostgreSQL's
    planner expected 28 active items instead of 6,211 and sorted them all for the catalog's
    first page (16 ms instead of 0.1 ms; docs/deploy.md, load figures). Autovacuum would do
    it eventually, but not at once, and not at all where it is off. SQLite without
    statistics answered a logged-in member's ``/api/items`` (active items or its own) by
    merging two indexes and sorting every row: 23 ms instead of under 1 ms after ANALYZE."""
    if connection.vendor in ("postgresql", "sqlite"):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def demo_users_text() -> str:
    """A short text listing the demo logins."""
    password = os.environ.get("INNOFIELD_DEMO_PASSWORD", "innofield-demo")
    out = io.StringIO()
    for username, (about, _org, _role) in DEMO_USERS.items():
        out.write(f"  {username:<11} {about}  (password: {password})\n")
    return out.getvalue()
