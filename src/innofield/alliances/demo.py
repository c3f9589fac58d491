"""Demo data of governed data sharing, all **synthetic** (flagged): invented datasets
(catalog items ``synthetic=True`` with generated tables) covering every usage-policy
kind, and access agreements (``Agreement.synthetic``) in every state of the ``data
agreement`` machine, made through the actions (audited) so that what the pages show is
what the platform would have recorded.

Datasets (holder → access level and the clauses it demonstrates):

* GOV-320000 (demo-gov) — R&D spending by Jiangsu city: ``open``, attribution required,
  onward transfer allowed (the cities are real, the figures invented);
* SKL-0001 (demo-lab) — instrument usage log: ``registered``, operator column withheld;
* FIRM-0001 (demo-firm) — greenhouse film field trials: by ``agreement``, purposes
  research / product development, at most 180 days, no onward transfer, attribution,
  farm contact withheld;
* GOV-320000 — SME innovation survey microdata: ``aggregate`` only, purposes policy
  research / statistics, at most 90 days, firm names and credit codes withheld,
  minimum cell size 10;
* SKL-0001 — SiC wafer defect measurements: by ``agreement``, any purpose, a year,
  may leave the country, no onward transfer.

Agreements: requested (FIRM-0002 on the trials, for demo-firm to decide), agreed
(demo-lab's lab on the trials and on the survey, each used once: a download and a group
statistic in the holders' access logs), rejected, withdrawn, revoked, expired and
terminated (demo-firm ended its own).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from innofield.catalog.models import Item
from innofield.registry.models import Organization

from . import actions, release
from .models import Agreement, DataPolicy

Progress = Callable[[str, int, int], None]
NOTE = "synthetic demo record"
#: Jiangsu's 13 prefecture-level cities (real names; the figures beside them are invented).
CITIES = (
    "Nanjing",
    "Wuxi",
    "Xuzhou",
    "Changzhou",
    "Suzhou",
    "Nantong",
    "Lianyungang",
    "Huai'an",
    "Yancheng",
    "Yangzhou",
    "Zhenjiang",
    "Taizhou",
    "Suqian",
)
SECTORS = ("new materials", "biomedicine", "integrated circuits", "equipment", "software")
#: The catalog's coarser access word for each policy access level.
CATALOG_ACCESS = {
    "open": "open",
    "registered": "restricted",
    "agreement": "by_agreement",
    "aggregate": "by_agreement",
}


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    return "\n".join([",".join(header), *(",".join(str(v) for v in r) for r in rows)])


def _tables(rng: random.Random) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The generated tables, by dataset key."""
    cities = [
        [city, year, round(rng.uniform(40, 900), 1), rng.randint(4_000, 120_000)]
        for city in CITIES
        for year in (2023, 2024, 2025)
    ]
    usage = [
        [inst, f"2025-{m:02d}", rng.randint(20, 160), rng.choice(("internal", "firm", "academic"))]
        + [f"operator-{rng.randint(1, 6)}"]
        for inst in ("NMR-600", "TEM-200", "XRD-01", "ICP-MS")
        for m in range(1, 13)
    ]
    trials = [
        [f"farm-{n:02d}", rng.choice(("Jiangsu", "Shandong", "Anhui")), film, season]
        + [rng.randint(20, 160), f"13{rng.randint(100_000_000, 999_999_999)}"]
        for n in range(1, 13)
        for film in ("PO-standard", "PO-coated")
        for season in (1, 2, 3)
    ]
    survey = [
        [f"Synthetic firm {n:03d}", f"91320{rng.randint(10**12, 10**13 - 1)}"]
        + [rng.choice(CITIES[:6]), rng.choice(SECTORS)]
        + [rng.choice(("<50", "50-299", "300-999")), rng.randint(10, 5_000)]
        + [rng.choice(("yes", "no"))]
        for n in range(1, 121)
    ]
    wafers = [
        [f"W{n:04d}", rng.choice(("4-inch", "6-inch")), rng.randint(0, 40), rng.randint(0, 900)]
        + [round(rng.uniform(0.05, 0.6), 3)]
        for n in range(1, 81)
    ]
    return {
        "cities": (["city", "year", "rd_spending_million_yuan", "rd_staff"], cities),
        "usage": (["instrument", "month", "hours", "user_type", "operator"], usage),
        "trials": (
            ["farm", "province", "film", "season", "fog_free_days", "farm_contact"],
            trials,
        ),
        "survey": (
            [
                "firm_name",
                "credit_code",
                "city",
                "sector",
                "employees_band",
                "rd_spending_10k_yuan",
                "has_patent",
            ],
            survey,
        ),
        "wafers": (
            ["wafer", "size", "micropipes", "basal_plane_dislocations", "bow_um"],
            wafers,
        ),
    }


#: key → (holder code, title, description, policy).
DATASETS: dict[str, tuple[str, str, str, dict[str, Any]]] = {
    "cities": (
        "GOV-320000",
        "江苏省各市研发投入（合成数据）/ R&D spending by Jiangsu city (synthetic)",
        "Spending and staff on R&D by city and year. The figures are invented for the demo.",
        {
            "access": "open",
            "attribution": "Jiangsu Department of Science and Technology (synthetic figures)",
            "onward_transfer": True,
        },
    ),
    "usage": (
        "SKL-0001",
        "大型仪器使用记录（合成）/ Instrument usage log 2025 (synthetic)",
        "Hours of use per instrument and month, by kind of user; operators withheld.",
        {"access": "registered", "withheld": ["operator"], "attribution": "SKL-0001 facility"},
    ),
    "trials": (
        "FIRM-0001",
        "温室膜防雾田间试验（合成）/ Greenhouse film anti-fog field trials (synthetic)",
        "Fog-free days of coated and standard films over three seasons on twelve farms.",
        {
            "access": "agreement",
            "purposes": ["research", "product development"],
            "max_days": 180,
            "onward_transfer": False,
            "attribution": "Field trials by FIRM-0001 (synthetic)",
            "withheld": ["farm_contact"],
        },
    ),
    "survey": (
        "GOV-320000",
        "中小企业创新调查微观数据（合成）/ SME innovation survey microdata 2025 (synthetic)",
        "One row per firm: city, sector, size band, R&D spending, patents. Only group "
        "statistics leave the platform; names and credit codes never do.",
        {
            "access": "aggregate",
            "purposes": ["policy research", "statistics"],
            "max_days": 90,
            "withheld": ["firm_name", "credit_code"],
            "min_cell": 10,
            "attribution": "Jiangsu SME innovation survey (synthetic)",
        },
    ),
    "wafers": (
        "SKL-0001",
        "碳化硅晶圆缺陷测量（合成）/ SiC wafer defect measurements (synthetic)",
        "Micropipe and dislocation counts and bow per wafer.",
        {
            "access": "agreement",
            "max_days": 365,
            "cross_border": True,
            "onward_transfer": False,
            "attribution": "SKL-0001 SiC group (synthetic)",
        },
    ),
}


def load_demo(*, seed: int, progress: Progress | None = None) -> dict[str, int]:
    """Create the datasets and agreements of the module docstring; returns counts."""
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo-")}
    orgs = {o.code: o for o in Organization.objects.filter(code__in=["GOV-320000", "SKL-0001"])}
    firms = list(Organization.objects.filter(code__startswith="FIRM-").order_by("code")[:6])
    labs = list(Organization.objects.filter(code__startswith="SKL-").exclude(code="SKL-0001")[:1])
    needed = ("demo-admin", "demo-gov", "demo-firm", "demo-lab")
    if len(orgs) < 2 or len(firms) < 6 or not all(u in users for u in needed):
        return {"datasets": 0, "data_agreements": 0}
    orgs.update({f.code: f for f in firms})
    admin, gov, firm, lab = (users[u] for u in needed)
    lab_org, firm_org = orgs["SKL-0001"], orgs[firms[0].code]
    holders = {"GOV-320000": gov, "SKL-0001": lab, "FIRM-0001": firm}
    rng = random.Random(seed)
    tables = _tables(rng)
    items: dict[str, Item] = {}
    for n, (key, (holder, title, text, policy)) in enumerate(DATASETS.items()):
        owner = orgs[holder]
        header, rows = tables[key]
        items[key] = Item.objects.create(
            kind="dataset",
            title=title,
            description=text,
            owner=owner,
            region=owner.region,
            synthetic=True,
            details={
                "records": len(rows),
                "format": "CSV",
                "licence": "synthetic demo data",
                "access": CATALOG_ACCESS[policy["access"]],
                "synthetic_fields": ["all"],
            },
        )
        who = holders[holder]
        actions.load_table(actor=who, dataset_id=items[key].pk, csv_text=_csv(header, rows))
        actions.set_policy(actor=who, dataset_id=items[key].pk, data=policy)
        if progress:
            progress("datasets", n + 1, len(DATASETS))

    now = timezone.now()
    other_lab = labs[0] if labs else firms[5]

    def ask(key: str, org: Organization, purpose: str, days: int, actor: Any = admin) -> int:
        row = actions.request_access(
            actor=actor,
            dataset_id=items[key].pk,
            organization=org,
            purpose=purpose,
            days=days,
            synthetic=True,
        )
        return row.pk

    def move(pk: int, transition: str, actor: Any, days_ago: int, note: str = NOTE) -> None:
        when = now - dt.timedelta(days=days_ago)
        actions.decide(actor=actor, agreement_id=pk, transition=transition, note=note, now=when)

    ask("trials", firms[1], "research", 90)  # requested: waits for demo-firm
    trials = ask("trials", lab_org, "research", 180, actor=lab)
    move(trials, "agree", firm, 12)
    survey = ask("survey", lab_org, "policy research", 90, actor=lab)
    move(survey, "agree", gov, 5)
    refused = ask("survey", firms[2], "statistics", 60)
    move(refused, "reject", gov, 20, "synthetic: the survey serves public policy work only")
    gone = ask("trials", firms[3], "product development", 30)
    move(gone, "withdraw", admin, 25)
    revoked = ask("wafers", firms[4], "quality benchmarking", 365)
    move(revoked, "agree", lab, 40)
    move(revoked, "revoke", lab, 10, "synthetic: results published without attribution")
    expired = ask("survey", other_lab, "statistics", 30)
    move(expired, "agree", gov, 100)
    actions.expire_due(actor=admin, now=now)
    ended = ask("wafers", firm_org, "process development", 120, actor=firm)
    move(ended, "agree", lab, 60)
    move(ended, "terminate", firm, 20, "synthetic: the project ended early")
    # one use of each current agreement, in the holders' access logs
    release.download(lab, items["trials"].pk)
    release.aggregate(
        lab, items["survey"].pk, ["sector"], stat="mean", measure="rd_spending_10k_yuan"
    )
    return {
        "datasets": len(items),
        "data_agreements": Agreement.objects.filter(synthetic=True).count(),
        "data_policy_kinds": DataPolicy.objects.values("access").distinct().count(),
    }
